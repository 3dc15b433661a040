import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Run, Task } from '../domain/index.ts';
import type { Executor } from '../exec/index.ts';
import * as store from '../store/index.ts';
import { armPrecise, systemClock, type Clock } from './clock.ts';
import { CompletionWriter, scheduleRetry } from './completions.ts';
import type { DueSource, EngineHooks } from './hooks.ts';
import { planFire } from './plan.ts';
import { jitterDelay } from '../schedule/index.ts';
import { releaseSqlite, renewSqlite } from './sqlite-guard.ts';
import { ProblemLog, type EngineLog } from './problem-log.ts';

/** What the engine needs. */
export interface EngineOptions {
  database: store.Database;
  executor: Executor;
  log: EngineLog;
  clock?: Clock;
  instanceId?: string;
  hooks?: EngineHooks;
  sources?: DueSource[];
  pollIntervalMs?: number;
  batchSize?: number;
  /** A silent instance's running work is taken over after this long. */
  lapseMs?: number;
  retention?: { maxRuns: number; maxAgeMs: number };
  /** Called with (scheduled instant, actual start) of every fire, for lag metrics. */
  onStart?: (run: Run, startedAt: number) => void;
  onFinish?: (status: Run['status']) => void;
  /**
   * Claim work this many ms before it is due and start it on a precise timer at its instant, so
   * that claiming a large batch does not delay its start (default 0: claim when due). A run
   * claimed ahead and lost to a crash before its instant is recorded interrupted, like any other.
   */
  lookaheadMs?: number;
}

const MAX_SLEEP_MS = 30_000; // never sleep longer than this in one timeout, like croner
const PRUNE_EVERY_MS = 10 * 60_000;
const MIN_SLEEP_MS = 5;

interface InFlight {
  task: Task;
  run: Run;
  abort: AbortController;
  done: Promise<void>;
}

/** A new instance id: host, pid and a random part. */
export function newInstanceId(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/**
 * The scheduler loop. The database is the source of truth; memory holds only what is needed
 * to sleep until the next due instant. Each tick claims due work in a transaction, records the
 * run rows, advances the schedule, commits, and executes outside the transaction.
 */
export class Engine {
  readonly instanceId: string;
  private readonly clock: Clock;
  private readonly db: store.Database;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly completions: CompletionWriter;
  private readonly problems: ProblemLog;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private cancelSleep: (() => void) | null = null;
  private offsetMs = 0; // database clock minus local clock (MySQL)
  private lastHeartbeat = -Infinity;
  private lastPrune = -Infinity;
  private startedAt = 0;
  private readonly armed = new Map<number, { task: Task; run: Run }[]>();
  private armedCount = 0;
  /** The instant the loop will wake next (for the status API). */
  nextWakeAt: number | null = null;
  /** False while the database does not answer. */
  ready = false;

  constructor(private readonly opts: EngineOptions) {
    this.clock = opts.clock ?? systemClock;
    this.db = opts.database;
    this.instanceId = opts.instanceId ?? newInstanceId();
    this.problems = new ProblemLog(opts.log);
    this.completions = new CompletionWriter(
      this.db,
      opts.hooks ?? {},
      (err) => this.problems.report('write-results', err),
      () => {
        this.problems.clear('write-results');
        this.notify();
      },
    );
  }

  /** The engine's notion of now: the database's clock where there is a server. */
  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  private get lapseMs(): number {
    return this.opts.lapseMs ?? 15_000;
  }

  /** Recovers from a previous crash and starts the loop. */
  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    await this.housekeeping(true);
    this.loopDone = this.loop();
  }

  /** Wakes the loop now (a local change was made). */
  notify(): void {
    this.wake?.();
  }

  /** Runs currently executing (or claimed and about to start) in this process. */
  get running(): number {
    return this.inFlight.size + this.armedCount;
  }

  /** Uptime in ms. */
  get uptimeMs(): number {
    return this.startedAt ? this.clock.now() - this.startedAt : 0;
  }

  private async loop(): Promise<void> {
    const lookahead = this.opts.lookaheadMs ?? 0;
    while (!this.stopping) {
      let wakeAt = this.now() + (this.opts.pollIntervalMs ?? 1000);
      try {
        await this.housekeeping(false);
        if (this.completions.backlog) await this.completions.flush();
        await this.tick();
        for (const s of this.opts.sources ?? []) await s.runDue(this.now());
        const due = await this.nextDue();
        if (due != null) wakeAt = Math.min(wakeAt, due - lookahead);
        this.ready = true;
        this.problems.clear('tick');
      } catch (err) {
        this.ready = false;
        this.problems.report('tick', err);
      }
      if (this.stopping) break;
      this.nextWakeAt = wakeAt + lookahead;
      // Always yield to the event loop (SQLite answers synchronously: without a timer here the
      // loop would starve HTTP and adapters), but never spin: at least MIN_SLEEP_MS.
      await this.sleepUntil(Math.max(wakeAt - this.offsetMs, this.clock.now() + MIN_SLEEP_MS));
    }
  }

  private sleepUntil(localTarget: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = null;
        this.cancelSleep?.();
        this.cancelSleep = null;
        resolve();
      };
      this.wake = done;
      this.cancelSleep = armPrecise(this.clock, localTarget, MAX_SLEEP_MS, done);
    });
  }

  /** The earliest instant any work is due. */
  async nextDue(): Promise<number | null> {
    const times = [await store.earliestDue(this.db.db), await store.earliestQueued(this.db.db)];
    for (const s of this.opts.sources ?? []) times.push(await s.nextDue());
    const due = times.filter((t): t is number => t != null);
    return due.length ? Math.min(...due) : null;
  }

  /** Heartbeat, clock offset, orphaned runs and retention, now (the loop does it every lapse/3). */
  maintain(): Promise<void> {
    this.lastPrune = -Infinity;
    return this.housekeeping(true);
  }

  private async housekeeping(force: boolean): Promise<void> {
    const local = this.clock.now();
    if (!force && local - this.lastHeartbeat < this.lapseMs / 3) return;
    this.lastHeartbeat = local;
    if (this.db.dialect === 'mysql') {
      const before = this.clock.now();
      const dbNow = await this.db.now();
      const after = this.clock.now();
      this.offsetMs = Math.round(dbNow - (before + after) / 2);
      if (Math.abs(this.offsetMs) > 2000) {
        this.problems.report('clock-skew', new Error(`this host's clock differs from the database's by ${this.offsetMs} ms; due times follow the database`));
      } else this.problems.clear('clock-skew');
    }
    const now = this.now();
    await store.heartbeat(this.db.db, { id: this.instanceId, host: os.hostname(), pid: process.pid, startedAt: this.startedAt }, now);
    await renewSqlite(this.db, this.instanceId, now, this.lapseMs);
    const alive = await store.aliveInstances(this.db.db, now - this.lapseMs);
    // On SQLite only this process runs the engine (guarded at start), so every other instance is dead.
    const keep = this.db.dialect === 'sqlite' ? [this.instanceId] : alive.includes(this.instanceId) ? alive : [...alive, this.instanceId];
    await this.db.write(async (tx) => {
      const orphans = await store.interruptOrphans(tx, keep, now);
      for (const run of orphans) {
        const task = await store.findTask(tx, run.taskId);
        if (task) {
          await scheduleRetry(tx, task, run, now);
          await this.opts.hooks?.onFinished?.(tx, task, { ...run, durationMs: 0 }, null, now);
        }
      }
      if (orphans.length) this.opts.log.warn({ runs: orphans.map((r) => r.id) }, 'marked runs of a stopped process interrupted');
      // Messages a stopped process was sending go out again now (at least once: one it sent
      // just before it died may arrive twice), not when its claim would have expired.
      const released = await store.releaseOrphanedOutbox(tx, keep, now);
      if (released) this.opts.log.warn({ messages: released }, 'took over messages a stopped process was sending');
    });
    await store.forgetInstances(this.db.db, now - 24 * 3_600_000);
    if (this.opts.retention && now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      const held = await store.acquireLease(this.db.db, 'retention', this.instanceId, now, PRUNE_EVERY_MS);
      if (held) {
        const removed = await store.pruneRuns(this.db.db, this.opts.retention.maxRuns, now - this.opts.retention.maxAgeMs);
        const delivered = await store.pruneOutbox(this.db.db, now - this.opts.retention.maxAgeMs);
        if (removed || delivered) this.opts.log.info({ removed, delivered }, 'pruned run history and delivered messages');
      }
    }
  }

  /** Claims and starts everything due now. Returns the number of runs started. */
  async tick(): Promise<number> {
    let started = 0;
    const batch = this.opts.batchSize ?? 500;
    for (;;) {
      const now = this.now();
      const claimed = await this.db.write((tx) => this.claim(tx, now, batch));
      const now2 = this.now();
      const startNow: { task: Task; run: Run }[] = [];
      for (const c of claimed.start) {
        if (c.run.scheduledFor > now2 && c.run.trigger === 'schedule') this.arm(c.task, c.run);
        else startNow.push(c);
      }
      this.startAll(startNow);
      started += claimed.start.length;
      if (claimed.seen < batch || this.stopping) break;
    }
    return started;
  }

  private async claim(tx: store.Executor, now: number, limit: number): Promise<{ start: { task: Task; run: Run }[]; seen: number }> {
    const skipLocked = this.db.dialect === 'mysql';
    const start: { task: Task; run: Run }[] = [];
    const tasks = await store.lockDueTasks(tx, now + (this.opts.lookaheadMs ?? 0), limit, skipLocked);
    const busy = await store.runningCounts(tx, tasks.map((t) => t.id));
    const rows: store.NewRun[] = [];
    const byId = new Map<number, Task>();
    // Tasks moving to the same next slot with the same count are advanced by one statement.
    const advances = new Map<string, { ids: number[]; nextRunAt: number | null; fired: number; status: Task['status'] }>();
    for (const task of tasks) {
      byId.set(task.id, task);
      const plan = planFire(task, now);
      for (const slot of plan.fire) {
        const running = busy.get(task.id) ?? 0;
        const p = task.policies;
        let status: Run['status'] = 'running';
        let error: string | null = null;
        if (running > 0 && p.overlap === 'skip') {
          status = 'skipped';
          error = 'the previous run was still running';
        } else if (running > 0 && p.overlap === 'queue') {
          status = 'queued';
        } else if (p.overlap === 'parallel' && running >= p.overlapMax) {
          status = 'skipped';
          error = `already ${running} runs in parallel (at most ${p.overlapMax})`;
        }
        // A jittered occurrence waits as a queued run until its own start (same key: the slot).
        const jitter = status === 'running' ? jitterDelay(task.id, slot, task.jitterMs ?? 0) : 0;
        if (jitter > 0) status = 'queued';
        if (status === 'running') busy.set(task.id, running + 1);
        rows.push({
          taskId: task.id,
          scheduledFor: slot,
          trigger: 'schedule',
          attempt: 1,
          status,
          dueAt: status === 'queued' ? slot + jitter : null,
          startedAt: status === 'running' ? Math.max(now, slot) : null,
          instance: this.instanceId,
          finishedAt: status === 'skipped' ? now : null,
          error,
          message: status === 'running' ? this.opts.executor.messageFor(task) : null,
          runOn: task.runOn ?? null,
        });
      }
      if (plan.missed) this.opts.log.info({ task: task.id }, 'missed occurrences skipped by the misfire policy');
      const fired = plan.runCount - task.runCount;
      const key = `${plan.nextRunAt}|${fired}|${plan.status}`;
      const group = advances.get(key) ?? { ids: [], nextRunAt: plan.nextRunAt, fired, status: plan.status };
      group.ids.push(task.id);
      advances.set(key, group);
    }
    // Another replica that fired one of these occurrences already keeps it: ours is skipped.
    const inserted = await store.insertRunsBulk(tx, rows, this.instanceId, this.db.dialect);
    inserted.sort((x, y) => x.scheduledFor - y.scheduledFor || x.id - y.id);
    for (const run of inserted) {
      const task = byId.get(run.taskId)!;
      // A run for a remote runner is left in the database for a runner's poll (src/runners).
      if (run.status === 'running' && !run.runOn) start.push({ task, run });
      await this.opts.hooks?.onFire?.(tx, task, run, now);
    }
    for (const g of advances.values()) await store.advanceTasks(tx, g.ids, g, now);
    // Queued runs: retries after their backoff, manual runs, occurrences waiting their turn.
    const queued = await store.lockDueQueuedRuns(tx, now, limit, skipLocked);
    const owners = await store.findTasks(tx, [...new Set(queued.map((r) => r.taskId))]);
    const queuedBusy = await store.runningCounts(tx, [...owners.keys()]);
    for (const run of queued) {
      const task = owners.get(run.taskId);
      if (!task) {
        await store.finishRun(tx, run.id, { status: 'skipped', finishedAt: now, error: 'the task was deleted' });
        continue;
      }
      const running = queuedBusy.get(task.id) ?? 0;
      if (run.trigger === 'schedule' && running > 0) continue; // waits for the previous run
      if (run.trigger === 'retry' && task.status === 'paused') {
        await store.finishRun(tx, run.id, { status: 'skipped', finishedAt: now, error: 'the task is paused' });
        continue;
      }
      const message = this.opts.executor.messageFor(task);
      if (task.runOn) {
        if (await store.startQueuedRemoteRun(tx, run.id, now, this.instanceId, task.runOn, message)) queuedBusy.set(task.id, running + 1);
        continue;
      }
      if (await store.startQueuedRun(tx, run.id, now, this.instanceId, message)) {
        queuedBusy.set(task.id, running + 1);
        start.push({ task, run: { ...run, status: 'running', startedAt: now, instance: this.instanceId, message } });
      }
    }
    return { start, seen: Math.max(tasks.length, queued.length) };
  }

  /** Starts claimed-ahead runs at their instant: one precise timer per distinct instant. */
  private arm(task: Task, run: Run): void {
    const at = run.scheduledFor;
    const list = this.armed.get(at);
    this.armedCount++;
    if (list) {
      list.push({ task, run });
      return;
    }
    this.armed.set(at, [{ task, run }]);
    armPrecise(this.clock, at - this.offsetMs, MAX_SLEEP_MS + 1, () => {
      const due = this.armed.get(at) ?? [];
      this.armed.delete(at);
      this.armedCount -= due.length;
      this.startAll(due);
    });
  }

  /**
   * Starts runs: message-only ones at once (they take no time), commands one per turn of the
   * event loop. Spawning is synchronous (~10–20 ms a process here): fifty spawns in one go
   * blocked the loop for most of a second, so the burst's results were written late and a peer
   * replica's next claim still saw those runs running and skipped their next occurrence.
   */
  private startAll(list: { task: Task; run: Run }[]): void {
    const commands: { task: Task; run: Run }[] = [];
    for (const c of list) {
      if (c.task.mode === 'message') this.execute(c.task, c.run);
      else commands.push(c);
    }
    if (commands.length === 0) return;
    const placeholders = commands.map(() => this.reserve());
    let i = 0;
    const next = () => {
      const c = commands[i];
      placeholders[i]();
      this.execute(c.task, c.run);
      if (++i < commands.length) setImmediate(next);
    };
    next();
  }

  /** Counts a run as in flight until it starts (idle() and stop() wait for it). Returns the release. */
  private reserve(): () => void {
    this.armedCount++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.armedCount--;
    };
  }

  private execute(task: Task, run: Run): void {
    const abort = new AbortController();
    this.opts.onStart?.(run, this.now());
    const done = this.opts.executor
      .execute(task, run, abort.signal)
      .then((outcome) => {
        this.inFlight.delete(run.id);
        this.opts.onFinish?.(outcome.status);
        // A message-only run takes no time: it finishes when it started, so a burst of them shares
        // one outcome and is recorded by one statement.
        const instant = outcome.exitCode === null && outcome.durationMs === 0 && outcome.status === 'succeeded' && run.startedAt != null;
        this.completions.add({ task, run, outcome, finishedAt: instant ? run.startedAt! : this.now() });
      });
    this.inFlight.set(run.id, { task, run, abort, done });
  }

  /** Resolves when nothing runs in this process and every result is written. */
  async idle(): Promise<void> {
    while (this.armedCount > 0) await new Promise((r) => setTimeout(r, 5));
    while (this.inFlight.size > 0 || this.completions.backlog > 0) {
      await Promise.all([...this.inFlight.values()].map((f) => f.done));
      const before = this.completions.backlog;
      await this.completions.flush();
      // Results that cannot be written now (database down) stay queued for the loop; do not spin.
      if (this.inFlight.size === 0 && this.completions.backlog >= before && before > 0) return;
    }
  }

  /**
   * Stops claiming, lets running work finish within `graceMs`, then kills what is left (it is
   * recorded as interrupted and retried per policy at the next start) and leaves.
   */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.loopDone;
    const deadline = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    await Promise.race([this.idle(), deadline]);
    for (const f of this.inFlight.values()) f.abort.abort();
    await Promise.race([this.idle(), new Promise<void>((r) => setTimeout(r, 5000).unref())]);
    await this.completions.flush();
    try {
      await store.removeInstance(this.db.db, this.instanceId);
      await releaseSqlite(this.db, this.instanceId);
    } catch {
      // the database is gone; the heartbeat will lapse
    }
  }
}
