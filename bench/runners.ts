// Runners benchmark: the real service in this process (SQLite, HTTP on loopback) and two
// `chatcron runner` processes. Figures: runs per second through the runners (N queued runs of a
// no-op command, from queued to all recorded), and the time from a task's due instant to its
// command starting on a runner (the command prints its own start time), p50/p99.
// Prints one JSON object. Usage: node --import tsx bench/runners.ts [--runs 300 --due 40 --concurrency 4]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTask, OPERATOR } from '../src/app/index.ts';
import { addRunner } from '../src/runners/index.ts';
import * as store from '../src/store/index.ts';
import { startRunner, type RunnerProcess } from '../test/support/runner-process.ts';
import { startTestService } from '../test/support/service.ts';
import { machine, quantile } from './lib/common.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '300' }, due: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '4' } } });
const N = Number(values.runs);
const DUE = Number(values.due);
const CONCURRENCY = Number(values.concurrency);

const { svc, dir, close } = await startTestService({}, { pollIntervalMs: 100, runners: { lapseMs: 30_000 } });
const db = svc.database;
const runnerConfig = path.join(dir, 'runner.json');
fs.writeFileSync(runnerConfig, JSON.stringify({ actions: { noop: ['true'], stamp: ['date', '+%s%3N'] } }));
const runners: RunnerProcess[] = [];
const finished = (ids: number[]) => db.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', ids).where('status', 'not in', ['queued', 'running']).executeTakeFirstOrThrow();
const waitAll = async (ids: number[], timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Number((await finished(ids)).n) < ids.length) {
    if (Date.now() > deadline) throw new Error(`only ${(await finished(ids)).n} of ${ids.length} runs finished`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
try {
  for (const name of ['bench-1', 'bench-2']) {
    const { token } = await addRunner(db, name, ['bench'], Date.now());
    runners.push(await startRunner({ server: svc.url, token, name, config: runnerConfig, concurrency: CONCURRENCY }, 240_000));
  }

  // Throughput: N runs queued at once for a task that may run 100 in parallel.
  const task = await createTask(svc.app, OPERATOR, { name: 'noop', every: '1d', action: 'noop', runOn: 'bench', overlap: 'parallel', overlapMax: 100 });
  const t0 = Date.now();
  const ids: number[] = [];
  await db.write(async (tx) => {
    for (let i = 0; i < N; i++) {
      const r = await store.insertRun(tx, { taskId: task.id, scheduledFor: t0 + i, trigger: 'manual', attempt: 1, status: 'queued', dueAt: t0, startedAt: null, instance: null });
      ids.push(r!.id);
    }
  });
  svc.engine.notify();
  await waitAll(ids, 300_000);
  const throughputMs = Date.now() - t0;
  const failed = Number((await db.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', ids).where('status', '!=', 'succeeded').executeTakeFirstOrThrow()).n);

  // Latency: DUE one-off tasks due 250 ms apart, starting 3 s from now.
  const first = Date.now() + 3000;
  const dueTasks: { id: number }[] = [];
  for (let i = 0; i < DUE; i++) dueTasks.push(await createTask(svc.app, OPERATOR, { name: `due ${i}`, at: new Date(first + i * 250).toISOString(), action: 'stamp', runOn: 'bench' }));
  const dueIds = async () => (await db.db.selectFrom('runs').select('id').where('taskId', 'in', dueTasks.map((t) => t.id)).execute()).map((r) => r.id);
  while ((await dueIds()).length < DUE) await new Promise((r) => setTimeout(r, 100));
  await waitAll(await dueIds(), 120_000);
  const lags: number[] = [];
  for (const id of await dueIds()) {
    const r = (await store.findRun(db.db, id))!;
    if (r.status === 'succeeded' && r.output) lags.push(Number(r.output.trim()) - r.scheduledFor);
  }
  lags.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'runners',
      runners: 2,
      concurrencyPerRunner: CONCURRENCY,
      throughput: { runs: N, ms: throughputMs, runsPerSecond: Math.round((N / throughputMs) * 10_000) / 10, notSucceeded: failed },
      dueToStartMs: { tasks: DUE, measured: lags.length, p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: lags.at(-1) ?? null },
      database: 'sqlite',
      machine: { ...machine(), loadAvg1m: Math.round((await import('node:os')).loadavg()[0] * 10) / 10 },
    }),
  );
} finally {
  for (const r of runners) r.child.kill('SIGTERM');
  await close();
}
