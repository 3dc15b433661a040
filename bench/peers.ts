// Peers: the same burst of 10,000 jobs due at one instant on chatcron (SQLite, one process),
// BullMQ 6 (Redis, delayed jobs, one Worker, concurrency 100) and croner 11 (one Cron object per
// job), each in its own process, in the same run; peers reported as ratios to chatcron (>1 means
// the peer takes longer / uses more). Medians of --runs runs. Prints one JSON object.
// Usage: node --import tsx bench/peers.ts [--jobs 10000 --runs 3]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { burst } from './lib/burst-run.ts';
import { bundledChild } from './lib/bundle.ts';
import { machine, median, quantile } from './lib/common.ts';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } } });
const JOBS = Number(values.jobs);
const RUNS = Number(values.runs);
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Figures {
  allStartedMs: number | null;
  p50: number | null;
  p99: number | null;
  rssMB: number;
  started: number;
}

async function peer(system: 'bullmq' | 'croner'): Promise<Figures> {
  // Plain node on a bundle, as chatcron's replica runs (bench/lib/bundle.ts).
  const file = await bundledChild(path.join(HERE, 'lib/peer-child.ts'));
  const due = Math.ceil((Date.now() + 8000) / 1000) * 1000;
  const child = spawn(process.execPath, [file, JSON.stringify({ system, jobs: JOBS, due, redis: values.redis, concurrency: 100 })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`${system} exited with ${code}`));
      const r = JSON.parse(line) as { allStartedMs: number; lags: number[]; rssMB: number; starts: number };
      resolve({ allStartedMs: r.allStartedMs, p50: quantile(r.lags, 0.5), p99: quantile(r.lags, 0.99), rssMB: r.rssMB, started: r.starts });
    }),
  );
}

let bullmqError: string | null = null;
const results: Record<string, Figures[]> = { chatcron: [], bullmq: [], croner: [] };
for (let i = 0; i < RUNS; i++) {
  const c = await burst('sqlite', 1, JOBS);
  results.chatcron.push({ allStartedMs: c.allStartedMs, p50: c.lagMs.p50, p99: c.lagMs.p99, rssMB: c.rssMB, started: c.started });
  // BullMQ is not in chatcron's install (bench/package.json); without it the peer is reported as unavailable, not guessed.
  await peer('bullmq').then((f) => results.bullmq.push(f), (err: Error) => (bullmqError = err.message));
  results.croner.push(await peer('croner'));
}
const med = (list: Figures[]) => ({
  allStartedMs: median(list.map((f) => f.allStartedMs)),
  lagP50Ms: median(list.map((f) => f.p50)),
  lagP99Ms: median(list.map((f) => f.p99)),
  rssMB: median(list.map((f) => f.rssMB)),
  started: Math.min(...list.map((f) => f.started)),
});
const base = med(results.chatcron);
// The ratio of a zero base is reported against 1 ms / 1 MB, so that it stays finite.
const ratio = (x: number | null, b: number | null) => (x == null || b == null ? null : Math.round((x / Math.max(b, 1)) * 100) / 100);
const vs = (name: string) => {
  const m = med(results[name]);
  return { ...m, ratioToChatcron: { allStarted: ratio(m.allStartedMs, base.allStartedMs), rss: ratio(m.rssMB, base.rssMB), lagP99: ratio(m.lagP99Ms, base.lagP99Ms) } };
};
console.log(JSON.stringify({ bench: 'peers', jobs: JOBS, runs: RUNS, chatcron: { ...base, setup: 'SQLite, one Engine process, lookahead 200 ms' }, bullmq: bullmqError ? { error: `${bullmqError} (BullMQ and ioredis install apart from chatcron: cd bench && npm ci)` } : { ...vs('bullmq'), setup: 'BullMQ 6, delayed jobs, one Worker, concurrency 100, Redis on loopback' }, croner: { ...vs('croner'), setup: 'croner 11, one Cron per job' }, machine: machine() }));
