import type { Run, Task } from '../domain/index.ts';
import type { ExecuteOutcome, Executor } from '../exec/index.ts';
import * as store from '../store/index.ts';
import { armPrecise, type Clock } from './clock.ts';
import type { Completion, CompletionWriter } from './completions.ts';
import { RunWatch, type Watched } from './run-watch.ts';

const MAX_SLEEP_MS = 30_000;
const SHUTDOWN_ERROR = 'stopped by a shutdown of the service before it finished';
/** The outcome of a message-only run whose text is on its row (the completion writer reads it there). */
const MESSAGE_SENT: ExecuteOutcome = Object.freeze({ status: 'succeeded', exitCode: null, durationMs: 0, output: null, message: null, error: null });

/** What the runner needs from the engine. */
export interface RunnerContext {
  database: store.Database;
  executor: Executor;
  clock: Clock;
  instanceId: string;
  completions: CompletionWriter;
  /** The engine's clock (the database's where there is a server). */
  now(): number;
  /** Database clock minus local clock, ms. */
  offsetMs(): number;
  /** True once a shutdown began: what is aborted then is interrupted, not failed. */
  stopping(): boolean;
  onStart?: (run: Run, startedAt: number) => void;
  onError(err: unknown): void;
}

interface InFlight {
  run: Run;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Executes claimed runs: now, or on a precise timer at their instant when claimed ahead; records
 * each command's start before spawning it; hands outcomes to the completion writer.
 */
export class Runner {
  private readonly inFlight = new Map<number, InFlight>();
  /** Runs whose process ended here, and when, while their result may not be written yet. */
  private readonly ended = new Map<number, number>();
  /**
   * Runs claimed ahead, by instant. A message run whose text is on its row is held without its
   * task (null): nothing but the completion writer needs the task, and it reads it back then, so
   * a burst of 100,000 claimed ahead does not hold 100,000 tasks until its instant.
   */
  private readonly armed = new Map<number, { list: { task: Task | null; run: Run }[]; cancel: () => void }>();
  private armedCount = 0;
  private pgids: Promise<void> = Promise.resolve();
  /** Live logs and stop requests of the commands running here. */
  private readonly watch: RunWatch;

  constructor(private readonly ctx: RunnerContext) {
    this.watch = new RunWatch(ctx.database, ctx.clock, (text) => ctx.executor.mask(text), ctx.onError);
  }

  /** Runs executing, or claimed and about to start, in this process. */
  get running(): number {
    return this.inFlight.size + this.armedCount;
  }

  /** Starts what is due now, and arms what was claimed ahead for its instant. */
  launch(list: { task: Task; run: Run }[]): void {
    const now = this.ctx.now();
    const startNow: { task: Task; run: Run }[] = [];
    for (const c of list) {
      if ((c.run.startedAt ?? 0) > now && c.run.trigger === 'schedule') this.arm(c.task, c.run);
      else startNow.push(c);
    }
    this.startAll(startNow);
  }

  /** Starts claimed-ahead runs at their instant: one precise timer per distinct instant. */
  private arm(task: Task, run: Run): void {
    const at = run.startedAt ?? run.scheduledFor;
    const slot = this.armed.get(at);
    this.armedCount++;
    const entry = { task: task.mode === 'message' && run.message != null ? null : task, run };
    if (slot) {
      slot.list.push(entry);
      return;
    }
    const list = [entry];
    const cancel = armPrecise(this.ctx.clock, at - this.ctx.offsetMs(), MAX_SLEEP_MS + 1, () => {
      this.armed.delete(at);
      this.armedCount -= list.length;
      this.startAll(list);
    });
    this.armed.set(at, { list, cancel });
  }

  /** Drops the runs claimed ahead and not started (a peer or the next start takes them over). */
  disarm(): void {
    for (const { list, cancel } of this.armed.values()) {
      cancel();
      this.armedCount -= list.length;
    }
    this.armed.clear();
  }

  /**
   * Starts runs: message-only ones at once (they take no time), commands one per turn of the
   * event loop. Spawning is synchronous (~10–20 ms a process here): fifty spawns in one go
   * blocked the loop for most of a second, so the burst's results were written late and a peer
   * replica's next claim still saw those runs running and skipped their next occurrence.
   */
  private startAll(list: { task: Task | null; run: Run }[]): void {
    const commands: { task: Task; run: Run }[] = [];
    for (const c of list) {
      if (c.task === null) this.sendMessage(null, c.run);
      else if (c.task.mode === 'message') this.execute(c.task, c.run);
      else commands.push({ task: c.task, run: c.run });
    }
    if (commands.length === 0) return;
    const placeholders = commands.map(() => this.reserve());
    // Recorded before the spawns, in one write for the batch, so that after a crash a peer knows
    // whether a command may have done something (interrupt, retry per policy) or surely did not
    // (run it). A crash between this write and a spawn errs on the safe side: interrupted.
    const { database, instanceId } = this.ctx;
    const ids = commands.map((c) => c.run.id);
    store
      .markSpawningMany(database.db, ids, instanceId, this.ctx.now())
      .then(
        (mine) => ({ mine, error: null as unknown }),
        (error: unknown) => ({ mine: new Set<number>(), error }),
      )
      .then(({ mine, error }) => {
        if (error) this.ctx.onError(error);
        let i = 0;
        const next = () => {
          const c = commands[i];
          placeholders[i]();
          if (error) {
            this.ctx.completions.add({ task: c.task, run: c.run, outcome: null, status: 'interrupted', error: `could not record the start: ${(error as Error).message}`, finishedAt: this.ctx.now() });
          } else if (mine.has(c.run.id)) this.execute(c.task, c.run); // else a peer took it over while this instance was silent
          if (++i < commands.length) setImmediate(next);
        };
        next();
      });
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
    if (task.mode === 'message') return this.sendMessage(task, run);
    const abort = new AbortController();
    this.ctx.onStart?.(run, this.ctx.now());
    const watched = this.watch.track(run.id, abort);
    const done = this.executeOwned(task, run, abort, watched).then((c) => {
      watched.release();
      this.inFlight.delete(run.id);
      if (c) {
        this.noteEnded(run.id, c.finishedAt);
        this.ctx.completions.add(c);
      }
    });
    this.inFlight.set(run.id, { run, abort, done });
  }

  /**
   * A message-only run takes no time and nothing stops it: its outcome is known as it starts and
   * goes to the completion writer at once, with no controller, watch or promise per run (making
   * an AbortSignal per run was a quarter of the time a 10,000-message burst took to start).
   */
  private sendMessage(task: Task | null, run: Run): void {
    this.ctx.onStart?.(run, this.ctx.now());
    const finishedAt = run.startedAt ?? this.ctx.now();
    // Its end is not remembered (noteEnded): a message-only run never counts for overlap. Its text
    // was recorded as it was claimed, so most share one outcome (a burst of 100,000 held each twice).
    const outcome = run.message != null || !task ? MESSAGE_SENT : { ...MESSAGE_SENT, message: this.ctx.executor.messageFor(task) };
    this.ctx.completions.add({ task, run, outcome, finishedAt });
  }

  private async executeOwned(task: Task, run: Run, abort: AbortController, watched?: Watched): Promise<Completion | null> {
    const { database } = this.ctx;
    // One write at a time (one pool connection), so that a burst of spawns never starves claims.
    const onSpawn = (pgid: number) => {
      this.pgids = this.pgids.then(() => store.recordPgid(database.db, run.id, pgid)).catch(() => undefined);
    };
    const outcome = await this.ctx.executor.execute(task, run, abort.signal, onSpawn, watched?.onOutput);
    const stoppedBy = watched?.stoppedBy();
    if (abort.signal.aborted && stoppedBy) {
      // Stopped on request: what it printed until then is kept; it is not retried.
      return { task, run, outcome: { ...outcome, error: null }, status: 'stopped', error: `stopped by ${stoppedBy}`, finishedAt: this.ctx.now() };
    }
    if (abort.signal.aborted && this.ctx.stopping()) {
      // Stopped by a shutdown: not a failure of the command. Recorded interrupted, retried per policy.
      return { task, run, outcome: { ...outcome, error: null }, status: 'interrupted', error: SHUTDOWN_ERROR, finishedAt: this.ctx.now() };
    }
    // A message-only run takes no time: it finishes when it started, so a burst of them shares
    // one outcome and is recorded by one statement.
    const instant = outcome.exitCode === null && outcome.durationMs === 0 && outcome.status === 'succeeded' && run.startedAt != null;
    return { task, run, outcome, finishedAt: instant ? run.startedAt! : this.ctx.now() };
  }

  /**
   * When this run's process ended here, if it did and its result may still be on its way to the
   * database (whose row says `running` until then); undefined otherwise. The overlap decision
   * reads it: a run whose command has exited is not "still running".
   */
  endedAt(id: number): number | undefined {
    return this.ended.get(id);
  }

  private noteEnded(id: number, at: number): void {
    this.ended.set(id, at);
    // Results are written within moments; an hour covers a database that was away a long time.
    for (const [k, t] of this.ended) {
      if (t >= at - 3_600_000) break;
      this.ended.delete(k);
    }
  }

  /** Stops every run in flight (their commands get SIGTERM, then SIGKILL). */
  abortAll(): void {
    this.watch.close();
    for (const f of this.inFlight.values()) f.abort.abort();
  }

  /** Resolves when nothing runs in this process and every result is written. */
  async idle(): Promise<void> {
    const { completions } = this.ctx;
    while (this.armedCount > 0) await new Promise((r) => setTimeout(r, 5));
    while (this.inFlight.size > 0 || completions.backlog > 0) {
      await Promise.all([...this.inFlight.values()].map((f) => f.done));
      const before = completions.backlog;
      await completions.flush();
      // Results that cannot be written now (database down) stay queued for the loop; do not spin.
      if (this.inFlight.size === 0 && completions.backlog >= before && before > 0) return;
    }
  }
}
