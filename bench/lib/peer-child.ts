// One peer scheduler in its own process (so that its RSS is its own): 10,000 jobs due at one
// instant on BullMQ (delayed jobs, one Worker) or croner (one Cron object per job). Prints READY,
// then one JSON line: starts, lags and RSS.
import { Cron } from 'croner';

/** The slice of BullMQ used here. BullMQ lives in bench/package.json (`cd bench && npm ci`), not in chatcron's install. */
interface BullMQ {
  Queue: new (name: string, opts: object) => { obliterate(o: object): Promise<void>; addBulk(jobs: object[]): Promise<unknown>; close(): Promise<void> };
  Worker: new (name: string, fn: () => Promise<void>, opts: object) => { close(): Promise<void> };
}

const args = JSON.parse(process.argv[2]) as { system: 'bullmq' | 'croner'; jobs: number; due: number; redis: string; concurrency: number };
const lags: number[] = [];
let last = 0;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const onStart = (due: number) => {
  const now = Date.now();
  lags.push(now - due);
  last = now;
};
let stop = async () => {};
if (args.system === 'croner') {
  const jobs: Cron[] = [];
  for (let i = 0; i < args.jobs; i++) jobs.push(new Cron(new Date(args.due), () => onStart(args.due)));
  stop = async () => jobs.forEach((j) => j.stop());
} else {
  const bullmq = 'bullmq'; // a variable, so that type-checking chatcron does not need it installed
  const { Queue, Worker } = (await import(bullmq)) as BullMQ;
  const u = new URL(args.redis);
  const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
  const name = `bench-${process.pid}`;
  const queue = new Queue(name, { connection });
  await queue.obliterate({ force: true }).catch(() => {});
  for (let i = 0; i < args.jobs; i += 1000) {
    const now = Date.now();
    await queue.addBulk(Array.from({ length: Math.min(1000, args.jobs - i) }, (_, k) => ({ name: 'j', data: { i: i + k }, opts: { delay: args.due - now, removeOnComplete: true } })));
  }
  if (Date.now() > args.due - 300) throw new Error('bullmq: jobs were added too late');
  const worker = new Worker(name, async () => onStart(args.due), { connection, concurrency: args.concurrency });
  stop = async () => {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  };
}
process.stdout.write('READY\n');
const deadline = args.due + 120_000;
while (lags.length < args.jobs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
clearInterval(sampler);
await stop();
lags.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ system: args.system, starts: lags.length, allStartedMs: last - args.due, lags, rssMB: Math.round(peakRss / 1048576) }) + '\n');
process.exit(0);
