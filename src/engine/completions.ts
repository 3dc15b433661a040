import type { Run, Task } from '../domain/index.ts';
import type { ExecuteOutcome } from '../exec/index.ts';
import { findTasks, insertRun, type Database } from '../store/index.ts';
import type { EngineHooks, FinishedRun } from './hooks.ts';

/** A finished execution waiting to be written. */
export interface Completion {
  /** Null for a message run held without its task until its instant: read back when written. */
  task: Task | null;
  run: Run;
  outcome: ExecuteOutcome | null;
  /** For interrupted runs (no outcome): the status and reason to record. */
  status?: Run['status'];
  error?: string;
  finishedAt: number;
}

const BATCH = 500;

/**
 * Writes finished runs in batches, one transaction per batch: at 1,000 fires a second a
 * transaction per run would be the bottleneck. A batch that cannot be written (database
 * down) stays queued and is tried again: no result is dropped.
 */
export class CompletionWriter {
  /**
   * Waiting completions in chunks of at most BATCH, oldest first: a burst of 100,000 queued at
   * once was one array that every batch spliced, copying the rest each time (~800 KB of garbage
   * in the large-object space per batch, the burst's peak memory).
   */
  private pending: Completion[][] = [];
  private count = 0;
  /** Completions added and written since the start, in order (FIFO): all of the first `written` are recorded. */
  added = 0;
  written = 0;
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(
    private readonly database: Database,
    private readonly hooks: EngineHooks,
    private readonly onError: (err: unknown) => void,
    private readonly onWritten: (n: number) => void,
    /** The instance whose runs these are: a run a peer took over meanwhile is not written. */
    private readonly owner?: string,
    /** Told every final status written, after the transaction committed. */
    private readonly onRecorded?: (status: Run['status'], n: number) => void,
  ) {}

  /** Queues a completion; it is written on the next turn of the event loop. */
  add(c: Completion): void {
    const last = this.pending.at(-1);
    if (last && last.length < BATCH) last.push(c);
    else this.pending.push([c]);
    this.count++;
    this.added++;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  /** How many completions wait to be written. */
  get backlog(): number {
    return this.count;
  }

  /** Writes everything queued; resolves when done (or when it failed and was re-queued). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.count ? this.flush() : undefined));
    if (this.count === 0) return Promise.resolve();
    const batch = this.pending.shift()!;
    this.count -= batch.length;
    let failed = false;
    this.flushing = this.write(batch)
      .then(() => {
        this.written += batch.length;
        this.onWritten(batch.length);
      })
      .catch(async (err) => {
        // Storage full: the outputs are what does not fit. Record the runs failed with the
        // reason and without their output rather than leave them running forever.
        if (isStorageFull(err) && batch.some((c) => c.outcome?.output)) {
          const reason = `could not store the output: ${(err as Error).message}`;
          const slim = batch.map((c) => (c.outcome?.output ? { ...c, outcome: { ...c.outcome, output: null, status: 'failed' as const, error: reason } } : c));
          try {
            await this.write(slim);
            this.written += slim.length;
            this.onWritten(slim.length);
            return;
          } catch (again) {
            err = again;
          }
        }
        failed = true;
        this.pending.unshift(batch);
        this.count += batch.length;
        this.onError(err);
      })
      .finally(() => {
        this.flushing = null;
      });
    // What arrived meanwhile, or did not fit in this batch, goes next; after a failure the
    // engine's loop tries again (a database that is down is not hammered).
    return this.flushing.then(() => (!failed && this.count ? this.flush() : undefined));
  }

  private async write(batch: Completion[]): Promise<void> {
    // Runs with the same outcome (every message-only run of a burst) are written by one statement.
    const groups = new Map<string, Completion[]>();
    for (const c of batch) {
      const o = c.outcome;
      const key = JSON.stringify([c.status ?? o!.status, c.finishedAt, o?.exitCode ?? null, o?.output ?? null, c.error ?? o?.error ?? null]);
      const group = groups.get(key);
      if (group) group.push(c);
      else groups.set(key, [c]);
    }
    const recorded = new Map<Run['status'], number>();
    const unread = [...new Set(batch.filter((c) => c.task === null).map((c) => c.run.taskId))];
    await this.database.write(async (tx) => {
      recorded.clear(); // a MySQL transaction run again after a deadlock counts once
      // Tasks of message runs started without them (claimed ahead of a burst), as they are now.
      const tasks = unread.length ? await findTasks(tx, unread) : new Map<number, Task>();
      for (const group of groups.values()) {
        const c0 = group[0];
        const o0 = c0.outcome;
        const status = c0.status ?? o0!.status;
        const fields = { status, finishedAt: c0.finishedAt, exitCode: o0?.exitCode ?? null, output: o0?.output ?? null, error: c0.error ?? o0?.error ?? null };
        const changed = new Set(await this.database.bulk.finishRuns(tx, group.map((c) => c.run.id), fields, this.owner));
        if (changed.size) recorded.set(status, (recorded.get(status) ?? 0) + changed.size);
        for (const c of group) {
          if (!changed.has(c.run.id)) continue; // already finished elsewhere (marked interrupted by a peer)
          const task = c.task ?? tasks.get(c.run.taskId);
          if (!task) continue; // deleted meanwhile (its runs went with it)
          const finished: FinishedRun = { ...c.run, ...fields, message: c.outcome?.message ?? c.run.message, durationMs: c.outcome?.durationMs ?? 0 };
          const retry = await scheduleRetry(tx, task, finished, c.finishedAt);
          // An interrupted run that will be retried posts nothing: its retry's result will.
          if (status === 'interrupted' && retry) continue;
          await this.hooks.onFinished?.(tx, task, finished, c.outcome, c.finishedAt);
        }
      }
    });
    for (const [status, n] of recorded) this.onRecorded?.(status, n);
  }
}

/** The database or its disk is full (SQLite SQLITE_FULL, MySQL table/disk full, ENOSPC). */
export function isStorageFull(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === 'SQLITE_FULL' || e?.code === 'ENOSPC' || e?.code === 'ER_RECORD_FILE_FULL' || e?.errno === 1114 || e?.code === 'ER_DISK_FULL' || e?.errno === 1021 || /disk is full|no space left/i.test(e?.message ?? '');
}

/** Queues the next attempt of a failed, timed-out or interrupted run when the policy allows. */
export async function scheduleRetry(tx: Parameters<typeof insertRun>[0], task: Task, run: Run, now: number): Promise<Run | undefined> {
  if (!['failed', 'timed_out', 'interrupted'].includes(run.status)) return undefined;
  if (run.attempt > task.policies.retries) return undefined;
  const delay = task.policies.backoffMs * 2 ** (run.attempt - 1);
  return insertRun(tx, {
    taskId: task.id,
    scheduledFor: run.scheduledFor,
    trigger: 'retry',
    attempt: run.attempt + 1,
    status: 'queued',
    dueAt: now + delay,
    startedAt: null,
    instance: null,
  });
}
