// The fault checker's driver: real `chatcron serve` processes on MariaDB or PostgreSQL (replicas) or SQLite
// (one process, restarted), tasks whose commands append to a side-effect file, and faults at
// chosen instants: SIGKILL (half of them inside the claim-ahead window before a second
// boundary), SIGTERM, a database server stop and start (a private one), a chat platform answering 502. It collects the
// runs table, the side effects and the deliveries, and hands them to checkInvariants.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LAPSE_MS } from '../../src/engine/index.ts';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer } from '../fakes/telegram-server.ts';
import pg from 'pg';
import { privateMariadb } from '../support/private-mariadb.ts';
import { privatePostgres } from '../support/private-postgres.ts';
import { startServe, type ServiceProcess } from '../support/service-process.ts';
import { messageTask } from '../support/tasks.ts';
import { checkInvariants, percentile, type CheckReport, type Downtime, type Effect, type Kill, type Occurrence, type RunRow } from './invariants.ts';

export interface ScenarioOptions {
  dialect: store.DialectName;
  /** Processes on the database at once (SQLite: 1). */
  replicas: number;
  /** How long the schedules fire; faults happen inside it. */
  firingMs: number; // ms
  kills: number;
  sigterms: number;
  /** MySQL and PostgreSQL only: stop the server this long, once, mid-way (0: no outage). */
  dbOutageMs: number; // ms
  /** The fake Telegram answers 502 to sendMessage this long from the first second (0: never). */
  platformDownMs: number; // ms
  messageTasks: number; // every 1 s, no chat
  commandTasks: number; // every 2 s, a 400 ms shell command
  latenessBoundMs: number; // ms
  /** Longest wait after the schedules end for the service to settle. */
  settleMs: number; // ms
  seed: number;
  log?(line: string): void;
  /** Aborting kills every process of the run at once (a test that timed out). */
  signal?: AbortSignal;
  /** Leaves the temp folder (SQLite file, side-effect file) in place to look into; its path is logged. */
  keep?: boolean;
}

export interface ScenarioResult {
  report: CheckReport;
  runs: number;
  kills: number;
  sigterms: number;
  /** Exit codes of the SIGTERMed processes (0 expected). */
  sigtermExits: (number | string)[];
  /** Messages the platform task owed (its succeeded runs) and the ones that reached the chat. */
  platform: { owed: number; delivered: number };
  dbOutages: number;
  /** Processes that exited without being signalled by the run (a crash), with their last log lines. */
  crashes: { pid: number; code: number | string; logs: string }[];
}

const TOKEN = '424242:faults-token';
const CHAT = '-7007';
const CLAIM_AHEAD = 200; // ms, main.ts's lookahead
const RETRIES = 2; // of every command task

/** A small seeded PRNG (mulberry32): a failing run can be replayed with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

function task(i: number, over: Partial<store.NewTask>): store.NewTask {
  return messageTask({
    name: `f${i}`,
    content: `fault load ${i}`,
    schedule: { kind: 'every', expr: '1s', tz: 'UTC', anchor: 0, text: 'every 1s' },
    // Every missed slot runs (misfire all), no two at once (overlap skip), and a retry for
    // what a dead process held: the strictest promises the README makes.
    policies: { ...DEFAULT_POLICIES, misfire: 'all', overlap: 'skip', retries: RETRIES, backoffMs: 200 },
    createdBy: 'fault-checker',
    ...over,
  });
}

function parseEffects(file: string): Effect[] {
  if (!fs.existsSync(file)) return [];
  const byKey = new Map<string, Effect>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [what, taskId, scheduled, attempt, pid, at] = line.trim().split(' ');
    if (!what || !at) continue;
    const k = `${taskId} ${scheduled} ${attempt} ${pid}`;
    const e = byKey.get(k) ?? { taskId: Number(taskId), scheduledFor: Date.parse(scheduled!), attempt: Number(attempt), pid: Number(pid), start: Number(at) };
    if (what === 'e') e.end = Number(at);
    else e.start = Number(at);
    byKey.set(k, e);
  }
  return [...byKey.values()];
}

/** Runs one scenario and returns what the checker found. */
export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const log = o.log ?? (() => {});
  const random = rng(o.seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-faults-'));
  const effectsFile = path.join(dir, 'effects.log');
  const fake = await FakeTelegramServer.start({ token: TOKEN });
  // The database server of this run's own, which it stops and starts (MariaDB or PostgreSQL).
  let server: { url: string; start(): Promise<void>; stop(): Promise<void>; destroy(): Promise<void> } | undefined;
  let url: string;
  if (o.dialect === 'mysql') {
    server = await privateMariadb(35000 + (process.pid % 2000));
    const admin = await createConnection({ uri: server.url.replace(/chatcron$/, '') });
    await admin.query('CREATE DATABASE chatcron');
    await admin.end();
    url = server.url;
  } else if (o.dialect === 'postgres') {
    const p = await privatePostgres(37000 + (process.pid % 2000));
    server = p;
    const admin = new pg.Client({ connectionString: p.adminUrl });
    await admin.connect();
    await admin.query('create database chatcron');
    await admin.end();
    url = p.url;
  } else {
    url = `sqlite:${path.join(dir, 'db.sqlite')}`;
  }
  // The runs table is the checker's record of what happened: history retention (100 runs a task
  // by default, pruned every 10 minutes) must not delete it. A long run on a busy machine fires
  // for over 10 minutes (its faults are spaced by the start-up time): the prune then removed the
  // first minutes' runs, which read back as lost messages and as commands done twice whose
  // interrupted first attempt was no longer there to excuse them.
  fs.writeFileSync(path.join(dir, 'chatcron.config.json'), JSON.stringify({ shutdownGraceMs: 2000, retention: { maxRuns: 1_000_000, maxAgeDays: 30 } }));
  const env = {
    DATABASE_URL: url,
    CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json'),
    CHATCRON_POLL_INTERVAL_MS: '250',
    CHATCRON_API_TOKEN: 'faults-token-0123456789abcdef',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: 'faults-secret',
  };
  const database = store.openDatabase(url);
  const procs: (ServiceProcess | undefined)[] = [];
  // A process that exits unasked crashed: no fault of the run may take one down by itself (an
  // unheard 'error' event of a PostgreSQL connection at a server restart did, unnoticed, as the
  // survivors took its runs over).
  const signalled = new WeakSet<ServiceProcess>();
  const crashes: ScenarioResult['crashes'] = [];
  const send = (p: ServiceProcess, sig: NodeJS.Signals) => {
    signalled.add(p);
    p.child.kill(sig);
  };
  const watch = (p: ServiceProcess) => {
    void p.exited.then((code) => {
      if (!signalled.has(p)) crashes.push({ pid: p.child.pid!, code, logs: p.logs.join('').split('\n').slice(-15).join('\n') });
      // Kept runs keep each process's log too, to read a slow takeover against its lines.
      if (o.keep) fs.writeFileSync(path.join(dir, `serve-${p.child.pid}.log`), p.logs.join(''));
    });
    return p;
  };
  const killAll = () => procs.forEach((p) => p && send(p, 'SIGKILL'));
  process.once('exit', killAll);
  const onAbort = () => {
    killAll();
    void server?.destroy();
  };
  o.signal?.addEventListener('abort', onAbort);
  const downtime: Downtime[] = [];
  const kills: (Kill & { pid: number })[] = [];
  const termPids: number[] = [];
  const sigtermExits: (number | string)[] = [];
  let dbOutages = 0;
  let stopTrace: (() => Promise<void>) | undefined;
  try {
    await store.migrateToLatest(database);
    const startedAt = Date.now();
    for (const p of await Promise.all(Array.from({ length: o.replicas }, () => startServe(env, 120_000)))) procs.push(watch(p));
    const startupMs = Date.now() - startedAt;
    if (o.keep && o.dialect === 'postgres') stopTrace = tracePostgres(url, path.join(dir, 'pg-activity.log'));
    // Faults come no faster than the service recovers from one: a process can start again
    // (seconds on a busy machine) and, with replicas, a kill is taken over (heartbeat + lapse,
    // the documented bound; alone, the next start takes over at once). Each one then hits a
    // service that is whole again, or catching up from the previous one. Faster, a kill lands on
    // the replica that is taking the last one over, and each such chain adds a lapse to the
    // occurrences it holds: with faults 3.7-4 s apart (a 2.2-2.5 s start-up), runs of three
    // kills made 31 occurrences up to 14 s late on PostgreSQL.
    const spacing = Math.max(2_500, startupMs + 1_500, o.replicas > 1 ? DEFAULT_HEARTBEAT_MS + DEFAULT_LAPSE_MS + 500 : 0);
    const faultCount = o.kills + o.sigterms;
    const firingMs = Math.max(o.firingMs, (faultCount + 1) * spacing + (o.dialect !== 'sqlite' ? o.dbOutageMs : 0));
    log(`${o.replicas} ${o.dialect} replica(s) up in ${startupMs} ms; faults every ${spacing} ms, schedules fire for ${firingMs} ms`);

    const t0 = Math.ceil((Date.now() + 1500) / 1000) * 1000;
    // Not on a boundary, so which slots are meant is never in doubt.
    const endAt = t0 + firingMs - 500;
    const window = { startAt: null, endAt, maxRuns: null };
    const sh = `echo "s $CHATCRON_TASK_ID $CHATCRON_SCHEDULED_FOR $CHATCRON_ATTEMPT $$ $(date +%s%3N)" >> ${effectsFile}; sleep 0.4; echo "e $CHATCRON_TASK_ID $CHATCRON_SCHEDULED_FOR $CHATCRON_ATTEMPT $$ $(date +%s%3N)" >> ${effectsFile}`;
    const rows: store.NewTask[] = [];
    let i = 0;
    for (let k = 0; k < o.messageTasks; k++) rows.push(task(i++, { schedule: { kind: 'every', expr: '1s', tz: 'UTC', anchor: t0, text: 'every 1s' }, window, nextRunAt: t0 }));
    for (let k = 0; k < o.commandTasks; k++) {
      rows.push(task(i++, { mode: 'command', action: { argv: ['/bin/sh', '-c', sh] }, schedule: { kind: 'every', expr: '2s', tz: 'UTC', anchor: t0, text: 'every 2s' }, window, nextRunAt: t0 }));
    }
    // A chat task: its messages must all reach the chat, platform outage or not (12 a minute, within Telegram's 20).
    rows.push(task(i++, { name: 'platform', chat: { platform: 'telegram', chatId: CHAT }, schedule: { kind: 'every', expr: '5s', tz: 'UTC', anchor: t0, text: 'every 5s' }, window, nextRunAt: t0 }));
    await store.insertTasksBulk(database, rows, Date.now());
    const tasks = await database.db.selectFrom('tasks').select(['id', 'name', 'mode', 'scheduleExpr']).execute();

    // The faults, at instants chosen up front.
    type Fault = { at: number; kind: 'kill' | 'term' | 'db-outage' | 'platform-down' };
    const faults: Fault[] = [];
    for (let k = 0; k < faultCount; k++) {
      const second = t0 + Math.floor(((k + 0.5 + random() * 0.5) * spacing) / 1000) * 1000;
      // Half the kills land in the claim-ahead window: 100-200 ms before a second boundary.
      const inClaimAhead = k < o.kills && k % 2 === 0;
      const at = inClaimAhead ? second + 1000 - (100 + random() * (CLAIM_AHEAD - 100)) : second + random() * 1000;
      faults.push({ at, kind: k < o.kills ? 'kill' : 'term' });
    }
    if (o.dialect !== 'sqlite' && o.dbOutageMs > 0) faults.push({ at: t0 + Math.floor(faultCount / 2 + 0.5) * spacing + 300, kind: 'db-outage' });
    if (o.platformDownMs > 0) faults.push({ at: t0 + 500, kind: 'platform-down' });
    faults.sort((a, b) => a.at - b.at);

    // With replicas, a killed one restarts in the background while the others carry on; a
    // kill waits for a restart when it would otherwise take the last process down.
    const restarts = new Set<Promise<void>>();
    const restart = (slot: number, stoppedAt: number, othersUp: boolean) => {
      const p = (async () => {
        await new Promise((r) => setTimeout(r, 200 + random() * 400));
        procs[slot] = watch(await startServe(env, 120_000));
        if (o.signal?.aborted) killAll();
        // Nothing could run while no process was up (one replica, or all of them down).
        if (!othersUp) downtime.push({ from: stoppedAt, to: Date.now() });
      })();
      restarts.add(p);
      p.then(
        () => restarts.delete(p),
        () => restarts.delete(p),
      );
      return p;
    };
    let restoring: Promise<void> = Promise.resolve();
    for (const f of faults) {
      await sleepUntil(f.at);
      if (f.kind === 'platform-down') {
        const up = fake.failWhile('sendMessage', { kind: 'bad-gateway' });
        log(`telegram answers 502 for ${o.platformDownMs} ms`);
        restoring = restoring.then(() => new Promise<void>((r) => setTimeout(() => (up(), log('telegram back'), r()), o.platformDownMs)));
        continue;
      }
      if (f.kind === 'db-outage') {
        await server!.stop();
        const from = Date.now();
        log(`${o.dialect} server stopped`);
        await new Promise((r) => setTimeout(r, o.dbOutageMs));
        await server!.start();
        downtime.push({ from, to: Date.now() });
        dbOutages += 1;
        log(`${o.dialect} server started`);
        continue;
      }
      while (o.replicas > 1 && procs.filter(Boolean).length < 2 && restarts.size > 0) await Promise.race(restarts);
      const alive = procs.map((p, n) => (p ? n : -1)).filter((n) => n >= 0);
      if (alive.length === 0) continue;
      const slot = alive[Math.floor(random() * alive.length)]!;
      const p = procs[slot]!;
      procs[slot] = undefined;
      const othersUp = procs.some(Boolean);
      const at = Date.now();
      if (f.kind === 'kill') {
        send(p, 'SIGKILL');
        kills.push({ at, pid: p.child.pid! });
        await p.exited;
        log(`SIGKILL pid ${p.child.pid} at +${at - t0} ms (${((at % 1000) / 1000).toFixed(3)} into the second)`);
      } else {
        send(p, 'SIGTERM');
        termPids.push(p.child.pid!);
        sigtermExits.push(await p.exited);
        log(`SIGTERM pid ${p.child.pid} at +${at - t0} ms: exit ${sigtermExits.at(-1)} after ${Date.now() - at} ms`);
        if (sigtermExits.at(-1) !== 0) log(`its last log lines:\n${p.logs.join('').split('\n').slice(-15).join('\n')}`);
      }
      const back = restart(slot, at, othersUp);
      if (!othersUp) await back;
    }
    while (restarts.size > 0) await Promise.race(restarts);
    await restoring;

    // Settle: every slot has passed, nothing is left running or queued, the chat got its messages.
    await sleepUntil(endAt + 1000);
    const deadline = Date.now() + o.settleMs;
    for (;;) {
      const open = await database.db.selectFrom('runs').select('id').where('status', 'in', ['running', 'queued']).execute();
      const owed = await database.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
      if ((open.length === 0 && owed.length === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // One more beat for a retry that is due but not yet claimed.
    await new Promise((r) => setTimeout(r, 1000));

    for (const p of procs) if (p) send(p, 'SIGTERM');
    await Promise.all(procs.map((p) => p?.exited));
    procs.length = 0;

    const runs: RunRow[] = (await database.db.selectFrom('runs').select(['taskId', 'scheduledFor', 'trigger', 'attempt', 'status', 'startedAt', 'finishedAt', 'instance', 'error']).execute()).map((r) => ({
      ...r,
      scheduledFor: Number(r.scheduledFor),
      startedAt: r.startedAt == null ? null : Number(r.startedAt),
      finishedAt: r.finishedAt == null ? null : Number(r.finishedAt),
    }));
    const instances = await database.db.selectFrom('instances').select(['id', 'pid']).execute();
    const intended: Occurrence[] = [];
    const kinds = new Map<number, 'command' | 'message'>();
    for (const t of tasks) {
      const period = t.scheduleExpr === '1s' ? 1000 : t.scheduleExpr === '2s' ? 2000 : 5000;
      kinds.set(t.id, t.mode === 'command' ? 'command' : 'message');
      for (let at = t0; at < endAt; at += period) intended.push({ taskId: t.id, at });
    }
    const instanceOf = (pid: number) => instances.find((x) => Number(x.pid) === pid)?.id ?? runs.find((r) => r.instance?.split('/')[1] === String(pid))?.instance ?? undefined;
    const report = checkInvariants({
      kinds,
      intended,
      runs,
      effects: parseEffects(effectsFile),
      downtime,
      // A dead instance's row may be gone by now; its id names its pid (host/pid/random).
      kills: kills.map((k) => ({ at: k.at, instance: instanceOf(k.pid) })),
      stopped: termPids.map(instanceOf).filter((x): x is string => x !== undefined),
      retries: RETRIES,
      latenessBoundMs: o.latenessBoundMs,
      claimAheadMs: CLAIM_AHEAD,
    });
    const platformTask = tasks.find((t) => t.name === 'platform')!.id;
    const owed = runs.filter((r) => r.taskId === platformTask && r.status === 'succeeded').length;
    return { report, runs: runs.length, kills: kills.length, sigterms: sigtermExits.length, sigtermExits, platform: { owed, delivered: fake.deliveredTo(CHAT).length }, dbOutages, crashes };
  } finally {
    await stopTrace?.();
    killAll();
    process.off('exit', killAll);
    o.signal?.removeEventListener('abort', onAbort);
    await database.close().catch(() => {});
    await fake.close();
    await server?.destroy();
    if (o.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The one JSON object of figures a run prints. */
export function summary(r: ScenarioResult, dialect: string) {
  return {
    dialect,
    runs: r.runs,
    intended: r.report.intended,
    executed: r.report.executed,
    kills: r.kills,
    sigterms: r.sigterms,
    sigtermExits: r.sigtermExits,
    dbOutages: r.dbOutages,
    crashes: r.crashes.length,
    lost: r.report.lost.length,
    doubled: r.report.doubled.length,
    atLeastOnce: r.report.atLeastOnce.length,
    exhausted: r.report.exhausted.length,
    overlaps: r.report.overlaps.length,
    late: r.report.late.length,
    maxLatenessMs: r.report.maxLatenessMs,
    maxCatchUpMs: r.report.maxCatchUpMs,
    takeoverP50Ms: percentile(r.report.takeoverMs, 50),
    takeoverP99Ms: percentile(r.report.takeoverMs, 99),
    takeoverSamples: r.report.takeoverMs.length,
    slowestTakeover: r.report.slowestTakeover,
    platform: r.platform,
    examples: { crashes: r.crashes.slice(0, 2), exhausted: r.report.exhausted.slice(0, 3), lost: r.report.lost.slice(0, 3), doubled: r.report.doubled.slice(0, 3), overlaps: r.report.overlaps.slice(0, 3), late: r.report.late.slice(0, 3) },
  };
}

/**
 * Samples the server's sessions every 100 ms into `file` (kept runs on PostgreSQL): each line is
 * local ms, then every session that is not idle (in a transaction, waiting for a lock, running),
 * to read what a survivor waited on during a slow takeover.
 */
function tracePostgres(url: string, file: string): () => Promise<void> {
  let stopped = false;
  const out = fs.openSync(file, 'a');
  const loop = (async () => {
    while (!stopped) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        while (!stopped) {
          const { rows } = await c.query(
            `select pid, application_name as app, client_port as port, state, wait_event_type as wtype, wait_event as wait,
                    round(extract(epoch from clock_timestamp() - xact_start) * 1000) as xact_ms,
                    round(extract(epoch from clock_timestamp() - state_change) * 1000) as state_ms,
                    (select string_agg(distinct l2.pid::text, ',') from pg_locks l join pg_locks l2 on l2.granted and l2.pid <> l.pid
                       and l2.locktype = l.locktype and l2.database is not distinct from l.database and l2.relation is not distinct from l.relation
                       and l2.page is not distinct from l.page and l2.tuple is not distinct from l.tuple and l2.transactionid is not distinct from l.transactionid
                     where l.pid = a.pid and not l.granted) as blocked_by,
                    left(regexp_replace(query, '\\s+', ' ', 'g'), 120) as query
               from pg_stat_activity a where datname = 'chatcron' and pid <> pg_backend_pid() and state <> 'idle'`,
          );
          if (rows.length) fs.writeSync(out, `${Date.now()} ${JSON.stringify(rows)}\n`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } catch {
        await new Promise((r) => setTimeout(r, 200)); // the server is down (the outage): try again
      } finally {
        await c.end().catch(() => undefined);
      }
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    fs.closeSync(out);
  };
}
