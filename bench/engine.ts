// Engine benchmark: N active tasks in SQLite; RSS, time to load and arm at start, and the fire lag
// (actual start − scheduled instant) while FIRING tasks fire every second for SECONDS seconds.
// Prints one JSON object. Usage: npm run bench:engine [-- --tasks 100000 --firing 1000 --seconds 30]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POLICIES } from '../src/domain/index.ts';
import { Engine } from '../src/engine/index.ts';
import { Executor } from '../src/exec/index.ts';
import { insertTasksBulk, migrateToLatest, openDatabase, type NewTask } from '../src/store/index.ts';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '100000' }, firing: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '30' }, lookahead: { type: 'string', default: '200' }, db: { type: 'string' } } });
const N = Number(values.tasks);
const FIRING = Number(values.firing);
const SECONDS = Number(values.seconds);

const dir = values.db ? path.dirname(values.db) : fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-bench-'));
const url = `sqlite:${values.db ?? path.join(dir, 'bench.db')}`;
const quiet = { info() {}, warn() {}, error() {} };

function task(i: number, now: number, anchor: number): NewTask {
  const firing = i < FIRING;
  return {
    chat: null,
    name: `t${i}`,
    content: `message ${i}`,
    owner: null,
    mode: 'message',
    action: null,
    schedule: firing ? { kind: 'every', expr: '1s', tz: 'UTC', anchor, text: 'every 1s' } : { kind: 'cron', expr: `${i % 60} ${i % 24} * * *`, tz: 'Asia/Shanghai', anchor: null, text: 'daily' },
    window: { startAt: null, endAt: null, maxRuns: null },
    status: 'active',
    policies: DEFAULT_POLICIES,
    notifyUrls: [],
    chase: null,
    // The daily tasks are due in 2+ hours: they are loaded but must not fire during the run.
    nextRunAt: firing ? anchor : now + 2 * 3_600_000 + i,
    createdBy: 'bench',
  };
}

// 1. Fill the database (not measured), then measure a fresh process on it: what a restarted
// service does, with none of the filling's memory.
if (!values.db) {
  const db = openDatabase(url);
  await migrateToLatest(db);
  const now = Date.now();
  const anchor = Math.ceil((now + 30_000) / 1000) * 1000; // leave time to start
  const rows: NewTask[] = [];
  for (let i = 0; i < N; i++) rows.push(task(i, now, anchor));
  await insertTasksBulk(db, rows, now);
  await db.close();
  // The measured process runs as the installed service runs: plain node on a bundle (bench/lib/bundle.ts).
  // (A variable: the bundle itself must not carry esbuild.)
  const bundler = './lib/bundle.ts';
  const { bundleChild } = (await import(bundler)) as typeof import('./lib/bundle.ts');
  const args = [await bundleChild(process.argv[1]), '--tasks', String(N), '--firing', String(FIRING), '--seconds', String(SECONDS), '--lookahead', String(values.lookahead), '--db', url.slice('sqlite:'.length)];
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

// 2. Start a fresh engine on it: what a restarted service does.
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const database = openDatabase(url);
await migrateToLatest(database);
const lags: number[] = [];
let firstFireAt = 0;
const engine = new Engine({
  database,
  executor: new Executor({ actions: {}, env: {}, outputLimitBytes: 4096, secrets: [] }),
  log: quiet,
  batchSize: 500,
  lookaheadMs: Number(values.lookahead),
  onStart: (run, startedAt) => {
    if (!firstFireAt) firstFireAt = run.scheduledFor;
    if (run.trigger === 'schedule') lags.push(startedAt - run.scheduledFor);
  },
});
await engine.start();
const startMs = performance.now() - t0;

// 3. Let FIRING tasks fire every second for SECONDS seconds, sampling RSS.
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const firstAt = await nextAnchor();
await new Promise((r) => setTimeout(r, Math.max(0, firstAt - Date.now()) + SECONDS * 1000 - 500));
clearInterval(sampler);
await engine.stop(5000);
await database.close();

async function nextAnchor(): Promise<number> {
  for (;;) {
    if (firstFireAt) return firstFireAt;
    await new Promise((r) => setTimeout(r, 100));
  }
}

lags.sort((a, b) => a - b);
const q = (p: number) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] : null);
console.log(
  JSON.stringify({
    bench: 'engine',
    dialect: 'sqlite',
    tasks: N,
    firingPerSecond: FIRING,
    seconds: SECONDS,
    lookaheadMs: Number(values.lookahead),
    startMs: Math.round(startMs),
    rssMB: Math.round(peakRss / 1048576),
    rssBeforeStartMB: Math.round(rssBefore / 1048576),
    fires: lags.length,
    expectedFires: FIRING * SECONDS,
    lagMs: { p50: q(0.5), p99: q(0.99), max: lags.at(-1) ?? null },
    node: process.version,
    cpus: os.cpus().length,
  }),
);
