// Failover and rest. (1) Takeover delay after a SIGKILL: two `chatcron serve` replicas on a
// private MariaDB, 60 message tasks every second, one replica killed --kills times (half inside
// the claim-ahead window); per kill, the delay from the kill to the success of the last
// occurrence the dead replica had claimed (the fault checker's driver and measure). (2) The
// idle service's CPU: one `serve` on SQLite with 1,000 far-off tasks and occurrences queued
// behind long commands, against the same service on an empty database, both measured in this
// run over --idle-seconds. Prints one JSON object.
// Usage: node --import tsx bench/failover.ts [--kills 10 --idle-seconds 20 --seed N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POLICIES } from '../src/domain/index.ts';
import * as store from '../src/store/index.ts';
import { percentile } from '../test/faults/invariants.ts';
import { runScenario } from '../test/faults/scenario.ts';
import { startServe, type ServiceProcess } from '../test/support/service-process.ts';
import { idleTask, machine, sleep } from './lib/common.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '10' }, 'idle-seconds': { type: 'string', default: '20' }, seed: { type: 'string' }, skip: { type: 'string', default: '' } } });
const KILLS = Number(values.kills);
const IDLE_S = Number(values['idle-seconds']);
const seed = Number(values.seed ?? Date.now() % 100_000);
const skip = new Set(values.skip!.split(','));
const out: Record<string, unknown> = { bench: 'failover', seed };

if (!skip.has('takeover')) {
  const r = await runScenario({
    dialect: 'mysql',
    replicas: 2,
    firingMs: 15_000,
    kills: KILLS,
    sigterms: 0,
    dbOutageMs: 0,
    platformDownMs: 0,
    messageTasks: 60,
    commandTasks: 0,
    latenessBoundMs: 10_000,
    settleMs: 60_000,
    seed,
  });
  out.takeover = {
    kills: r.kills,
    // Kills after which the dead replica held claimed work that another had to finish.
    samples: r.report.takeoverMs.length,
    p50Ms: percentile(r.report.takeoverMs, 50),
    p99Ms: percentile(r.report.takeoverMs, 99),
    maxMs: r.report.takeoverMs.length ? Math.max(...r.report.takeoverMs) : null,
    allMs: r.report.takeoverMs,
    maxLatenessMs: r.report.maxLatenessMs,
    lost: r.report.lost.length,
    doubled: r.report.doubled.length,
  };
}

/** CPU time (user + system, ms) of a process so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
}

/** CPU ms per second of a serve process over `seconds`, after a settle of 3 s. */
async function idleCpu(svc: ServiceProcess, seconds: number): Promise<number> {
  await sleep(3_000);
  const before = cpuMs(svc.child.pid!);
  const t = Date.now();
  await sleep(seconds * 1000);
  return Math.round(((cpuMs(svc.child.pid!) - before) / ((Date.now() - t) / 1000)) * 10) / 10;
}

async function measure(fill: (database: store.Database, now: number) => Promise<void>): Promise<{ cpuMsPerSecond: number; queued: number; running: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-idle-'));
  const url = `sqlite:${path.join(dir, 'db.sqlite')}`;
  const database = store.openDatabase(url);
  let svc: ServiceProcess | undefined;
  try {
    await store.migrateToLatest(database);
    await fill(database, Date.now());
    svc = await startServe({ DATABASE_URL: url, CHATCRON_API_TOKEN: 'bench-token-0123456789abcdef', CHATCRON_LOG_LEVEL: 'info' }, 120_000);
    const cpuMsPerSecond = await idleCpu(svc, IDLE_S);
    const count = async (status: string) => Number((await database.db.selectFrom('runs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', status).executeTakeFirst())?.n ?? 0);
    return { cpuMsPerSecond, queued: await count('queued'), running: await count('running') };
  } finally {
    svc?.child.kill('SIGKILL');
    await svc?.exited;
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!skip.has('idle')) {
  const baseline = await measure(async () => {});
  const loaded = await measure(async (database, now) => {
    const tasks: store.NewTask[] = Array.from({ length: 1000 }, (_, i) => idleTask(i, now));
    // Occurrences that queue: every 2 s behind a command that runs for 2 minutes.
    for (let i = 0; i < 5; i++) {
      tasks.push({
        ...idleTask(1000 + i, now),
        mode: 'command',
        action: { argv: ['/bin/sleep', '120'] },
        schedule: { kind: 'every', expr: '2s', tz: 'UTC', anchor: now + 1000, text: 'every 2s' },
        policies: { ...DEFAULT_POLICIES, overlap: 'queue' },
        nextRunAt: now + 1000,
      });
    }
    await store.insertTasksBulk(database, tasks, now);
  });
  out.idle = {
    seconds: IDLE_S,
    baselineCpuMsPerSecond: baseline.cpuMsPerSecond,
    loadedCpuMsPerSecond: loaded.cpuMsPerSecond,
    ratio: baseline.cpuMsPerSecond > 0 ? Math.round((loaded.cpuMsPerSecond / baseline.cpuMsPerSecond) * 100) / 100 : null,
    tasks: 1005,
    queuedAtEnd: loaded.queued,
    runningAtEnd: loaded.running,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
  };
}
out.machine = machine();
console.log(JSON.stringify(out));
process.exit(0);
