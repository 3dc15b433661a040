// Start-up and footprint of what a user installs: the compiled CLI run as `chatcron` runs it
// (bin/chatcron.js through its #! line → dist/, so run `npm run build` first), against a bare
// `node -e 0` measured in the same run.
//  - wall time of `chatcron --help` and `chatcron list --json` (SQLite, a few tasks), as ratios
//    to bare node: the process, from spawn to exit, not an in-process timer;
//  - an idle `chatcron serve` on SQLite with no chat platform: time from spawn until /healthz
//    answers, and its RSS after it has idled for --idle ms;
//  - the size of node_modules after `npm ci --omit=dev`, in a temporary copy (skip: --no-install).
// Medians of --runs runs, interleaved so that load on the machine hits every command alike.
// --compare <dir>: also measures the build in another checkout (its bin/chatcron.js, built there),
// interleaved with this one, each on its own SQLite file: old and new figures from one session.
// Prints one JSON object. Usage: node --import tsx bench/startup.ts [--runs 5 --idle 3000 --no-install --compare /tmp/old]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, median } from './lib/common.ts';

const { values } = parseArgs({ options: { compare: { type: 'string' }, runs: { type: 'string', default: '5' }, idle: { type: 'string', default: '3000' }, 'no-install': { type: 'boolean', default: false } } });
const RUNS = Number(values.runs);
const IDLE_MS = Number(values.idle);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = [ROOT, ...(values.compare ? [path.resolve(values.compare)] : [])];
const BINS = DIRS.map((dir) => path.join(dir, 'bin/chatcron.js'));

for (const dir of DIRS) {
  const built = ['dist/cli/chatcron.js', 'dist/src/cli.js'].some((f) => fs.existsSync(path.join(dir, f)));
  if (!built) {
    console.error(`bench/startup: ${dir} has no dist/: run npm run build there`);
    process.exit(1);
  }
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-startup-'));
// Only what a user sets: no chat platform, a SQLite file (one per build), no terminal (JSON logs).
const envOf = (bin: string) => ({ PATH: process.env.PATH ?? '', HOME: work, DATABASE_URL: `sqlite:${path.join(work, `chatcron-${BINS.indexOf(bin)}.db`)}`, CHATCRON_LOG_LEVEL: 'info' });

/** Wall time of one process from spawn to exit, in ms; throws when it fails. `chatcron …` runs the bin itself, through its #! line, as an installed `chatcron` does. */
function timed(argv: string[]): number {
  const t0 = performance.now();
  const bin = BINS.includes(argv[0]);
  const [file, args] = bin ? [argv[0], argv.slice(1)] : [process.execPath, argv];
  const r = spawnSync(file, args, { cwd: work, env: bin ? envOf(argv[0]) : envOf(BINS[0]), stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return ms;
}

/** One idle `serve`: ms until /healthz answers, then RSS (from /proc) after IDLE_MS of idling. */
async function idleServe(bin: string): Promise<{ readyMs: number; rssMB: number }> {
  const t0 = performance.now();
  const child = spawn(bin, ['serve'], { cwd: work, env: { ...envOf(bin), PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    let url: string | undefined;
    while (!url) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${out}`);
      if (performance.now() - t0 > 30_000) throw new Error(`serve did not start in 30 s:\n${out}`);
      url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 5));
    }
    for (;;) {
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (performance.now() - t0 > 30_000) throw new Error(`/healthz did not answer in 30 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return { readyMs, rssMB: rssKB / 1024 };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

/** MB of node_modules after `npm ci --omit=dev` in a copy of the manifest and lock. */
function productionInstallMB(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-prod-install-'));
  try {
    for (const f of ['package.json', 'package-lock.json', 'scripts/prepare.mjs']) fs.cpSync(path.join(ROOT, f), path.join(dir, f));
    // better-sqlite3 compiles from source (~80 s) where no prebuilt binary can be fetched: the
    // dev install's build/ is the same compile, so it is copied in instead of compiled again.
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
    fs.cpSync(path.join(ROOT, 'node_modules/better-sqlite3/build'), path.join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });
    return Number(execFileSync('du', ['-sk', path.join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const bin of BINS) {
  timed([bin, 'migrate']);
  for (let i = 0; i < 5; i++) timed([bin, 'add', '--name', `t${i}`, '--every', '1h', '--message', 'hello']);
}
const bare: number[] = [];
const help = BINS.map(() => [] as number[]);
const list = BINS.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) {
  bare.push(timed(['-e', '0']));
  for (const [b, bin] of BINS.entries()) {
    help[b].push(timed([bin, '--help']));
    list[b].push(timed([bin, 'list', '--json']));
  }
}
const serves = BINS.map(() => [] as { readyMs: number; rssMB: number }[]);
for (let i = 0; i < RUNS; i++) for (const [b, bin] of BINS.entries()) serves[b].push(await idleServe(bin));
const installMB = values['no-install'] ? null : productionInstallMB();
fs.rmSync(work, { recursive: true, force: true });

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const med = (xs: number[]): number => median(xs) ?? NaN;
const bareMs = med(bare);
const figures = (b: number) => ({
  help: { ms: round(med(help[b])), xBareNode: round(med(help[b]) / bareMs, 2), limit: 2 },
  listJson: { ms: round(med(list[b])), xBareNode: round(med(list[b]) / bareMs, 2), limit: 4 },
  serveIdle: { readyMs: round(med(serves[b].map((s) => s.readyMs))), rssMB: round(med(serves[b].map((s) => s.rssMB))), idleMs: IDLE_MS, limitMB: 80 },
});
console.log(
  JSON.stringify({
    bench: 'startup',
    runs: RUNS,
    bareNodeMs: round(bareMs),
    ...figures(0),
    ...(values.compare ? { compared: { dir: path.resolve(values.compare), ...figures(1) } } : {}),
    productionNodeModulesMB: installMB === null ? null : round(installMB),
    machine: machine(),
  }),
);
