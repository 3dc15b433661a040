import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Run, Task } from '../domain/index.ts';
import type { Executor } from '../exec/index.ts';
import * as store from '../store/index.ts';
import { claimDue } from './claim.ts';
import { armPrecise, systemClock, type Clock } from './clock.ts';
import { CompletionWriter } from './completions.ts';
import type { DueSource, EngineHooks } from './hooks.ts';
import { Runner } from './runner.ts';
import { releaseSqlite, renewSqlite } from './sqlite-guard.ts';
import { ProblemLog, type EngineLog } from './problem-log.ts';
import { recoverOrphans } from './takeover.ts';

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
  /** How often this instance writes its heartbeat and looks for dead peers' runs (default 1 s). */
  heartbeatMs?: number;
  /** A silent instance's runs are taken over after this long without a heartbeat (default 4 s). */
  lapseMs?: number;
  retention?: { maxRuns: number; maxAgeMs: number };
  /** Called with (scheduled instant, actual start) of every fire, for lag metrics. */
  onStart?: (run: Run, startedAt: number) => void;
  /** Called with every final status written (and how many runs), whichever path wrote it. */
  onFinish?: (status: Run['status'], n: number) => void;
  /**
   * Where replicas announce changes to each other (default: the database's own, on PostgreSQL;
   * null: none, peers' changes are seen at the poll interval).
   */
  changes?: store.ChangeChannel | null;
  /**
   * Claim work this many ms before it is due and start it on a precise timer at its instant, so
   * that claiming a large batch does not delay its start (default 0: claim when due). A run
   * claimed ahead and lost to a crash before its instant is taken over by a peer, or by the next
   * start, and run then.
   */
  lookaheadMs?: number;
  /**
   * Before a burst of message-only runs at one instant, the claim-ahead window of those runs
   * grows to what claiming them takes here, as measured, so that the whole burst is written before
   * its instant and started from memory at it; never beyond this (default 10 s). Commands keep
   * the base window (their overlap is judged at their instant). With `lookaheadMs` 0 nothing is
   * claimed ahead.
   */
  claimAheadMaxMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 1000;
export const DEFAULT_LAPSE_MS = 4000;
const MAX_SLEEP_MS = 30_000; // never sleep longer than this in one timeout, like croner
const PRUNE_EVERY_MS = 10 * 60_000;
const MIN_SLEEP_MS = 5;
export const DEFAULT_CLAIM_AHEAD_MAX_MS = 10_000;
/** Runs claimed per ms before any claim was measured: low, so a first burst is claimed early enough. */
const INITIAL_CLAIM_RATE = 5;

/**
 * How long before an instant to start claiming the `due` runs it holds: half as long again as
 * claiming them takes at `ratePerMs` (a slower moment, the turns other work takes between
 * batches), plus 50 ms; never less than the base window nor more than the most.
 */
export function claimAheadMs(due: number, ratePerMs: number, baseMs: number, maxMs: number): number {
  if (baseMs <= 0) return 0;
  return Math.min(Math.max(baseMs, maxMs), Math.max(baseMs, Math.ceil((due / ratePerMs) * 1.5) + 50));
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
  private readonly completions: CompletionWriter;
  private readonly runner: Runner;
  private readonly problems: ProblemLog;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private cancelSleep: (() => void) | null = null;
  private peerChanged = false; // a peer announced a change while the loop was not asleep
  private stopListening: (() => Promise<void>) | null = null;
  private announcing: Promise<void> | null = null;
  private announceAgain = false;
  private offsetMs = 0; // database clock minus local clock (MySQL)
  private lastHeartbeat = -Infinity; // local ms, of the last housekeeping
  private lastBeat = -Infinity; // local ms, of the last heartbeat written
  private cancelBeat: (() => void) | null = null;
  private lastPrune = -Infinity;
  /** When the first live peer lapses if it is not heard from again (engine clock): look then, not up to a heartbeat later. */
  private nextLapseAt = Infinity;
  private startedAt = 0;
  /** Runs claimed per ms in the last large claims (a burst), for the claim-ahead window. */
  private claimRate = INITIAL_CLAIM_RATE;
  private claimMeasured = false;
  /** The next instant holding more message runs than the base window can claim, and how early to claim them. */
  private burst: { at: number; leadMs: number } | null = null;
  /** The instant the loop will wake next (for the status API). */
  nextWakeAt: number | null = null;
  /** How many times the loop has woken (tests and benchmarks: an idle engine rests). */
  wakeups = 0;
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
      this.instanceId,
      (status, n) => this.opts.onFinish?.(status, n),
    );
    this.runner = new Runner({
      database: this.db,
      executor: opts.executor,
      clock: this.clock,
      instanceId: this.instanceId,
      completions: this.completions,
      now: () => this.now(),
      offsetMs: () => this.offsetMs,
      stopping: () => this.stopping,
      onStart: opts.onStart,
      onError: (err) => this.problems.report('write-results', err),
    });
  }

  /** The engine's notion of now: the database's clock where there is a server. */
  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  private get lapseMs(): number {
    return this.opts.lapseMs ?? DEFAULT_LAPSE_MS;
  }

  private get heartbeatMs(): number {
    return this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  /** Recovers from a previous crash and starts the loop. */
  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    await this.housekeeping(true);
    this.beat();
    this.stopListening = this.changes?.listen(this.instanceId, () => this.peerWake(), this.opts.log) ?? null;
    this.loopDone = this.loop();
  }

  /**
   * Writes the heartbeat on its own timer too, so that a long claim or a slow database round trip
   * in the loop does not make this instance look dead to its peers (the loop also writes it).
   */
  private beat(): void {
    const handle = this.clock.setTimeout(() => {
      if (this.stopping) return;
      this.writeHeartbeat(this.now())
        .catch(() => undefined) // the loop reports a database that does not answer
        .finally(() => !this.stopping && this.beat());
    }, this.heartbeatMs);
    this.cancelBeat = () => this.clock.clearTimeout(handle);
  }

  private async writeHeartbeat(now: number): Promise<void> {
    // A heartbeat vouches for this instance's results: every run that ended here before it is
    // recorded. A peer that reads a run of ours as running while our heartbeat is newer than an
    // occurrence's slot takes the run to have been running then (and skips the occurrence); were
    // the heartbeat written first after an outage, a run that had ended meanwhile would make a
    // peer skip an occurrence that was owed (the fault checker found 3 lost so, on PostgreSQL).
    const mark = this.completions.added;
    if (this.completions.written < mark) await this.completions.flush();
    if (this.completions.written < mark) throw new Error('the results of runs that ended here could not be written yet');
    await store.heartbeat(this.db.db, { id: this.instanceId, host: os.hostname(), pid: process.pid, startedAt: this.startedAt }, now);
    await renewSqlite(this.db, this.instanceId, now, this.lapseMs);
    this.lastBeat = this.clock.now();
  }

  /** Wakes the loop now (a local change was made), and the peers' loops where the database can tell them. */
  notify(): void {
    this.wake?.();
    if (!this.stopping) this.announce();
  }

  private get changes(): store.ChangeChannel | undefined {
    return this.opts.changes === undefined ? this.db.changes : (this.opts.changes ?? undefined);
  }

  // A peer's change: wake now, or right after the round in progress (which may have read before it).
  private peerWake(): void {
    if (this.wake) this.wake();
    else this.peerChanged = true;
  }

  // One announcement in flight at a time, and one more for whatever changed meanwhile: a burst of
  // finished runs is a couple of NOTIFYs, not one per run.
  private announce(): void {
    const changes = this.changes;
    if (!changes) return;
    if (this.announcing) {
      this.announceAgain = true;
      return;
    }
    this.announcing = changes
      .announce(this.instanceId)
      .catch(() => undefined) // peers see it at their poll; the loop reports a database that does not answer
      .finally(() => {
        this.announcing = null;
        if (this.announceAgain && !this.stopping) {
          this.announceAgain = false;
          this.announce();
        }
      });
  }

  /** Runs currently executing (or claimed and about to start) in this process. */
  get running(): number {
    return this.runner.running;
  }

  /** Uptime in ms. */
  get uptimeMs(): number {
    return this.startedAt ? this.clock.now() - this.startedAt : 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.wakeups++;
      // Sleep until the earliest of: the poll interval (peers' changes), the next heartbeat, and
      // the next due instant. A local change or a finished run wakes the loop through notify().
      let wakeAt = this.now() + (this.opts.pollIntervalMs ?? 1000);
      try {
        await this.housekeeping(false);
        if (this.completions.backlog) await this.completions.flush();
        await this.tick();
        for (const s of this.opts.sources ?? []) await s.runDue(this.now());
        const due = await this.nextDue();
        this.burst = null;
        if (due != null) {
          const leadMs = await this.claimAheadFor(due);
          if (leadMs > this.baseAheadMs) this.burst = { at: due, leadMs };
          wakeAt = Math.min(wakeAt, due - leadMs);
        }
        this.ready = true;
        this.problems.clear('tick');
      } catch (err) {
        this.ready = false;
        this.problems.report('tick', err);
      }
      if (this.stopping) break;
      wakeAt = Math.min(wakeAt, this.lastHeartbeat + this.heartbeatMs + this.offsetMs, this.nextLapseAt);
      this.nextWakeAt = wakeAt + this.baseAheadMs;
      // Always yield to the event loop (SQLite answers synchronously: without a timer here the
      // loop would starve HTTP and adapters), but never spin: at least MIN_SLEEP_MS.
      await this.sleepUntil(Math.max(wakeAt - this.offsetMs, this.clock.now() + MIN_SLEEP_MS));
    }
  }

  /**
   * The claim-ahead window for the work due at `due`: the base, or, when that instant holds more
   * than the base window can claim, long enough to claim it all before it (counted only once the
   * instant is near enough for the window to matter before the next poll).
   */
  private async claimAheadFor(due: number): Promise<number> {
    const base = this.baseAheadMs;
    if (base <= 0) return 0;
    const max = Math.max(base, this.opts.claimAheadMaxMs ?? DEFAULT_CLAIM_AHEAD_MAX_MS);
    if (due - this.now() > max + (this.opts.pollIntervalMs ?? 1000)) return base;
    const n = await store.countDueMessages(this.db.db, due + base, Math.ceil(max * this.claimRate));
    return claimAheadMs(n, this.claimRate, base, max);
  }

  private get baseAheadMs(): number {
    return this.opts.lookaheadMs ?? 0;
  }

  private noteClaimRate(rows: number, ms: number): void {
    // Small claims measure the statements' fixed cost, not the rate a burst is claimed at.
    if (rows < 200) return;
    const sample = rows / Math.max(ms, 1);
    this.claimRate = this.claimMeasured ? (this.claimRate + sample) / 2 : sample;
    this.claimMeasured = true;
  }

  private sleepUntil(localTarget: number): Promise<void> {
    if (this.peerChanged) {
      this.peerChanged = false;
      localTarget = this.clock.now() + MIN_SLEEP_MS;
    }
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

  private holders(now: number) {
    return { self: this.instanceId, aliveSince: now - this.lapseMs };
  }

  /** The earliest instant any work is due (queued runs that wait behind a running one excluded). */
  async nextDue(): Promise<number | null> {
    const now = this.now();
    const times = [await store.earliestDue(this.db.db), await store.earliestQueued(this.db.db, this.holders(now))];
    for (const s of this.opts.sources ?? []) times.push(await s.nextDue());
    const due = times.filter((t): t is number => t != null);
    return due.length ? Math.min(...due) : null;
  }

  /** Heartbeat, clock offset, dead instances' runs and retention, now (the loop does it every heartbeat). */
  maintain(): Promise<void> {
    this.lastPrune = -Infinity;
    return this.housekeeping(true);
  }

  private async housekeeping(force: boolean): Promise<void> {
    const local = this.clock.now();
    if (!force && local - this.lastHeartbeat < this.heartbeatMs && this.now() < this.nextLapseAt) return;
    if (Number.isFinite(this.lastBeat) && local - this.lastBeat > this.lapseMs) {
      // This process was stalled (or the database away) past the lapse: peers may have taken over
      // its runs. Those it had not started yet are no longer its own (see markSpawning, finishRuns).
      this.opts.log.warn({ silentMs: local - this.lastBeat, lapseMs: this.lapseMs }, 'this instance was silent longer than the lapse; peers may have taken over its runs');
    }
    this.lastHeartbeat = local;
    if (store.locksRows(this.db.dialect)) {
      const before = this.clock.now();
      const dbNow = await this.db.now();
      const after = this.clock.now();
      this.offsetMs = Math.round(dbNow - (before + after) / 2);
      if (Math.abs(this.offsetMs) > 2000) {
        this.problems.report('clock-skew', new Error(`this host's clock differs from the database's by ${this.offsetMs} ms; due times follow the database`));
      } else this.problems.clear('clock-skew');
    }
    const now = this.now();
    await this.writeHeartbeat(now);
    const beats = await store.instanceBeats(this.db.db, now - this.lapseMs);
    const alive = beats.map((b) => b.id);
    // A peer that stopped is taken over the moment it lapses (its runs are late by the lapse, not
    // by the lapse and up to one more heartbeat); a live one will have beaten again by then.
    const peers = beats.filter((b) => b.id !== this.instanceId);
    this.nextLapseAt = peers.length ? Math.min(...peers.map((b) => b.heartbeatAt)) + this.lapseMs + 1 : Infinity;
    // On SQLite only this process runs the engine (guarded at start), so every other instance is dead.
    const keep = this.db.dialect === 'sqlite' ? [this.instanceId] : alive.includes(this.instanceId) ? alive : [...alive, this.instanceId];
    const recovered = await this.db.write(async (tx) => {
      const r = await recoverOrphans({ instanceId: this.instanceId, messageFor: (t) => this.opts.executor.messageFor(t), hooks: this.opts.hooks ?? {}, log: this.opts.log }, tx, keep, now);
      // Messages a stopped process was sending go out again now (at least once: one it sent
      // just before it died may arrive twice), not when its claim would have expired.
      const released = await store.releaseOrphanedOutbox(tx, keep, now);
      if (released) this.opts.log.warn({ messages: released }, 'took over messages a stopped process was sending');
      return r;
    });
    this.report(recovered.recorded);
    this.runner.launch(recovered.start);
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

  private report(statuses: Run['status'][]): void {
    const counts = new Map<Run['status'], number>();
    for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [s, n] of counts) this.opts.onFinish?.(s, n);
  }

  /** Claims and starts everything due now. Returns the number of runs started. */
  async tick(): Promise<number> {
    let started = 0;
    let seen = 0;
    const batch = this.opts.batchSize ?? 500;
    const t0 = performance.now();
    for (;;) {
      const now = this.now();
      // Inside a burst's window its message runs are claimed up to its instant (plus the base).
      const b = this.burst;
      const ctx = {
        dialect: this.db.dialect,
        instanceId: this.instanceId,
        lookaheadMs: this.baseAheadMs,
        messagesUntil: b && now >= b.at - b.leadMs ? b.at + this.baseAheadMs : undefined,
        aliveSince: now - this.lapseMs,
        endedAt: (id: number) => this.runner.endedAt(id),
        messageFor: (t: Task) => this.opts.executor.messageFor(t),
        hooks: this.opts.hooks ?? {},
        log: this.opts.log,
        bulk: this.db.bulk,
      };
      const claimed = await this.db.write((tx) => claimDue(ctx, tx, now, batch), { readCommitted: true });
      this.report(claimed.recorded);
      this.runner.launch(claimed.start);
      started += claimed.start.length;
      seen += claimed.seen;
      if (claimed.seen < batch || this.stopping) break;
      // One turn of the event loop between batches: runs claimed ahead start on their timers at
      // their instant while the rest of a burst is still being claimed (SQLite answers
      // synchronously: without this the whole burst was claimed before the first run started).
      await new Promise<void>((r) => setImmediate(r));
    }
    // Measured over the whole claim, the turns between its batches included: what a burst costs.
    this.noteClaimRate(seen, performance.now() - t0);
    return started;
  }

  /** Resolves when nothing runs in this process and every result is written. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /**
   * Stops claiming, lets running work finish within `graceMs`, then stops what is left (recorded
   * interrupted, retried per policy by a peer or the next start) and leaves. Runs claimed ahead
   * and not yet started are not started: once this instance is gone, a peer (or the next start)
   * takes them over at once.
   */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    this.cancelBeat?.();
    this.notify();
    await this.stopListening?.();
    await this.loopDone;
    this.runner.disarm();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
    await Promise.race([this.idle(), deadline]);
    clearTimeout(timer);
    this.runner.abortAll();
    await Promise.race([this.idle(), new Promise<void>((r) => setTimeout(r, 5000).unref())]);
    await this.completions.flush();
    try {
      await store.removeInstance(this.db.db, this.instanceId);
      await releaseSqlite(this.db, this.instanceId);
      // What it finished while stopping, and its going: peers need not wait for their poll.
      await this.announcing;
      await this.changes?.announce(this.instanceId);
    } catch {
      // the database is gone; the heartbeat will lapse
    }
  }
}
