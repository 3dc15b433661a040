import type { Run, Task } from '../domain/index.ts';
import type { EngineHooks } from '../engine/index.ts';
import { maskSecrets } from '../exec/index.ts';
import { finishRemote } from './finish.ts';
import * as store from '../store/index.ts';
import { parseRunnerToken, secretMatches } from './tokens.ts';

/** A runner that presented a valid, unrevoked token. */
export interface RunnerIdentity {
  id: number;
  name: string;
  /** What it may take: the labels granted at `runners add`, plus its own name. */
  labels: string[];
}

/** What a runner is sent: the action's name (it resolves it in its own configuration), never a shell line. */
export interface RunnerJob {
  runId: number;
  taskId: number;
  taskName: string;
  action: Task['action'];
  timeoutMs: number;
  scheduledFor: string;
  attempt: number;
  label: string;
}

/** What a runner reports at the end of a run. */
export interface RunnerResult {
  status: 'succeeded' | 'failed' | 'timed_out';
  exitCode: number | null;
  durationMs: number;
  output: string | null;
  error: string | null;
}

/** Why a runner's request was refused; the HTTP edge maps it to a status. */
export class RunnerRefusal extends Error {
  constructor(
    readonly status: 401 | 403 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'RunnerRefusal';
  }
}

/** What the hub needs from the composition root. */
export interface RunnerHubOptions {
  database: store.Database;
  /** The engine's hooks: a runner's result reaches chat, notify URLs and chases exactly as a local one. */
  hooks: EngineHooks;
  now(): number;
  /** A runner silent this long loses its runs (they are recorded interrupted and retried per policy). */
  lapseMs: number;
  outputLimitBytes: number;
  /**
   * Values masked in what runners send before it is stored or posted: the secrets the server
   * knows (a runner has its own configuration and cannot know them), as for local commands.
   */
  secrets: readonly string[];
  /** Wakes the local engine (a retry or a chained run was queued). */
  notify(): void;
  /** Longest a poll is held open when there is no work (ms). */
  maxWaitMs?: number;
}

const UNAUTHORIZED = 'unauthorized';

/** How often a busy runner says it is alive, and so how soon it learns of a stop of a silent command (ms). */
export function runnerHeartbeatMs(lapseMs: number): number {
  return Math.max(100, Math.floor(lapseMs / 5));
}

/**
 * The server side of remote runners: authenticates their tokens, hands out runs waiting for
 * their labels (long poll), records live output and results. Results are written through the
 * same steps as the engine's (finish, retry policy, hooks) in one transaction.
 */
export class RunnerHub {
  constructor(private readonly opts: RunnerHubOptions) {}

  /** How often a busy runner should say it is alive (ms). */
  get heartbeatMs(): number {
    return runnerHeartbeatMs(this.opts.lapseMs);
  }

  /** The runner a bearer token belongs to; refuses (401, same message every time) anything else. */
  async authenticate(header: string | undefined): Promise<RunnerIdentity> {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
    const parsed = m ? parseRunnerToken(m[1]) : undefined;
    const row = parsed ? await store.findRunnerById(this.opts.database.db, parsed.id) : undefined;
    // Compare even when there is no such runner, so a wrong id costs the same time as a wrong secret.
    const ok = secretMatches(parsed?.secret ?? '-', row?.tokenHash ?? '0'.repeat(64));
    if (!row || !ok || row.revokedAt != null) throw new RunnerRefusal(401, UNAUTHORIZED);
    return { id: row.id, name: row.name, labels: [...new Set([row.name, ...row.labels])] };
  }

  /** The labels a runner asks for, which must be among those it was granted. */
  narrow(runner: RunnerIdentity, asked: string[] | undefined): string[] {
    if (!asked || asked.length === 0) return runner.labels;
    const refused = asked.filter((l) => !runner.labels.includes(l));
    if (refused.length) throw new RunnerRefusal(403, `runner ${runner.name} was not granted the label(s) ${refused.join(', ')}; granted: ${runner.labels.join(', ')}`);
    return asked;
  }

  /**
   * Records that the runner is alive and answers which of the runs it says it runs it must stop:
   * ended or taken back, or asked to stop (console, API, CLI, `/stop N`; recorded by its result).
   */
  async heartbeat(runner: RunnerIdentity, runIds: number[]): Promise<number[]> {
    await this.seen(runner);
    const db = this.opts.database.db;
    const gone = await store.runsNotHeld(db, runIds, runner.name);
    const asked = await store.stopRequestsAmong(db, runIds.filter((id) => !gone.includes(id)));
    return [...gone, ...asked.keys()];
  }

  /** Whether someone asked to stop this run (the runner learns it from its next output post or heartbeat). */
  async stopAsked(runId: number): Promise<boolean> {
    return (await store.stopRequestsAmong(this.opts.database.db, [runId])).size > 0;
  }

  /** Records that the runner is alive. */
  async seen(runner: RunnerIdentity, info: { version?: string; host?: string } = {}): Promise<void> {
    await store.touchRunner(this.opts.database.db, runner.id, this.opts.now(), info);
  }

  /**
   * Waits up to `waitMs` for a run of one of these labels and gives it to the runner, or
   * resolves null. It looks (a read) before it claims (a write), so idle runners cost no writes.
   */
  async poll(runner: RunnerIdentity, labels: string[], waitMs: number, info: { version?: string; host?: string }, signal?: AbortSignal): Promise<RunnerJob | null> {
    const db = this.opts.database;
    await this.seen(runner, info);
    const deadline = this.opts.now() + Math.min(Math.max(0, waitMs), this.opts.maxWaitMs ?? this.opts.lapseMs / 2);
    for (;;) {
      const now = this.opts.now();
      const first = await store.earliestRemoteRun(db.db, labels);
      if (first != null && first <= now) {
        const run = await db.write(async (tx) => {
          const me = await store.findRunnerById(tx, runner.id);
          if (!me || me.revokedAt != null) throw new RunnerRefusal(401, UNAUTHORIZED);
          return store.claimRemoteRun(tx, runner.name, labels, now);
        });
        if (run) {
          await this.seen(runner, info);
          const task = await store.findTask(db.db, run.taskId);
          if (task) return this.jobOf(task, run);
        }
        continue;
      }
      if (now >= deadline || signal?.aborted) {
        await this.seen(runner, info);
        return null;
      }
      // Work claimed ahead by the engine starts at its instant: sleep exactly until then.
      const until = first != null ? Math.min(first, deadline) : deadline;
      await new Promise((r) => setTimeout(r, Math.max(1, Math.min(100, until - now))));
    }
  }

  private jobOf(task: Task, run: Run): RunnerJob {
    return {
      runId: run.id,
      taskId: task.id,
      taskName: task.name,
      action: task.action,
      timeoutMs: task.policies.timeoutMs,
      scheduledFor: new Date(run.scheduledFor).toISOString(),
      attempt: run.attempt,
      label: run.runOn ?? '',
    };
  }

  private mask(text: string): string {
    return maskSecrets(text, this.opts.secrets);
  }

  /** Appends live output to a run the runner holds (409 when it is not, or no longer, its run). */
  async output(runner: RunnerIdentity, runId: number, text: string): Promise<void> {
    await this.seen(runner);
    const ok = await store.appendRunOutput(this.opts.database.db, runId, runner.name, text, this.opts.outputLimitBytes, (s) => this.mask(s));
    if (!ok) throw new RunnerRefusal(409, `run ${runId} is not running on ${runner.name}`);
  }

  /** Records the end of a run the runner holds, through the engine's completion steps. */
  async complete(runner: RunnerIdentity, runId: number, result: RunnerResult): Promise<void> {
    await this.seen(runner);
    const now = this.opts.now();
    // Masked whole, then cut: a cut first could split a secret and leave half of it readable.
    const masked = result.output == null ? null : this.mask(result.output);
    const output = masked && masked.length > this.opts.outputLimitBytes ? masked.slice(-this.opts.outputLimitBytes) : masked;
    const error = result.error == null ? null : this.mask(result.error);
    const done = await this.opts.database.write(async (tx) => {
      const run = await store.findHeldRun(tx, runId, runner.name);
      if (!run) return false;
      const task = await store.findTask(tx, run.taskId);
      // Killed because it was asked to: stopped by whoever asked, not a failure (never retried).
      const by = (await store.stopRequestsAmong(tx, [run.id])).get(run.id);
      const end = by ? { status: 'stopped' as const, finishedAt: now, exitCode: result.exitCode, output, error: `stopped by ${by}` } : { status: result.status, finishedAt: now, exitCode: result.exitCode, output, error };
      return finishRemote(tx, this.opts.hooks, task, run, end, result.durationMs, { ...result, output, error: by ? null : error, message: run.message });
    });
    if (!done) throw new RunnerRefusal(409, `run ${runId} is not running on ${runner.name}`);
    this.opts.notify();
  }
}
