// Scale: how cost grows with the number of tasks in the database. For each size, SQLite is filled
// with that many idle daily tasks plus FIRING tasks every second; then a fresh replica process
// (bench/lib/replica.ts) starts on it: start-up time, peak RSS, and CPU per fire over SECONDS s.
// Prints one JSON object. Usage: node --import tsx bench/scale.ts [--sizes 10000,100000,1000000 --firing 200 --seconds 10]
import { parseArgs } from 'node:util';
import { everySecondTask, fill, freshUrl, idleTask, machine, spawnReplica } from './lib/common.ts';
import type { NewTask } from '../src/store/index.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, firing: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' }, dialect: { type: 'string', default: 'sqlite' } } });
const FIRING = Number(values.firing);
const SECONDS = Number(values.seconds);
const dialect = values.dialect as 'sqlite' | 'mysql';
const out: Record<string, unknown> = {};
for (const size of values.sizes!.split(',').map(Number)) {
  const { url, drop } = await freshUrl(dialect);
  try {
    const now = Date.now();
    const t = performance.now();
    const rows: NewTask[] = [];
    for (let i = 0; i < size; i++) rows.push(idleTask(i, now));
    // Anchored far enough ahead to fill and start; re-anchored below if filling took longer.
    const anchor = Math.ceil((now + 15_000 + size / 10) / 1000) * 1000;
    for (let i = 0; i < FIRING; i++) rows.push({ ...everySecondTask(size + i, anchor), window: { startAt: null, endAt: null, maxRuns: SECONDS } });
    await fill(url, rows);
    const fillMs = Math.round(performance.now() - t);
    if (Date.now() > anchor - 3000) throw new Error(`filling ${size} took ${fillMs} ms, past the anchor`);
    const r = await spawnReplica({ url, until: FIRING * SECONDS, deadline: anchor + SECONDS * 1000 + 5000 });
    const rep = await r.done;
    const cpuMs = rep.cpuUserMs + rep.cpuSystemMs;
    out[String(size)] = { fillMs, startupMs: rep.startupMs, rssMB: rep.rssMB, fires: rep.starts, cpuMs, cpuPerFireMs: rep.starts ? Math.round((cpuMs / rep.starts) * 1000) / 1000 : null };
  } finally {
    await drop();
  }
}
console.log(JSON.stringify({ bench: 'scale', dialect, firingPerSecond: FIRING, seconds: SECONDS, note: 'CPU includes a count(*) of runs every 200 ms by the harness', sizes: out, machine: machine() }));
