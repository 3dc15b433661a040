import type { Run, Task } from '../domain/index.ts';
import { maskSecrets } from './mask.ts';
import { runSqlAction, type SqlOptions } from './sql-action.ts';
import { runCommand, type CommandResult } from './run-command.ts';

/** A named command as the operator configured it. */
export interface NamedAction {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** What the executor needs from configuration. */
export interface ExecutorOptions {
  actions: Record<string, NamedAction>;
  cwd?: string;
  /** Variables every command gets on top of PATH, HOME and LANG. */
  env: Record<string, string>;
  outputLimitBytes: number;
  /** Values masked in output and messages. */
  secrets: readonly string[];
  /** SQL tasks' connections and caps (none: SQL tasks fail saying so). */
  sql?: Omit<SqlOptions, 'outputLimitBytes' | 'secrets'>;
}

/** The outcome of executing one run, ready to be recorded. */
export interface ExecuteOutcome {
  status: 'succeeded' | 'failed' | 'timed_out';
  exitCode: number | null;
  durationMs: number;
  output: string | null;
  /** The message posted (message modes). */
  message: string | null;
  error: string | null;
}

/** Runs a task's action: posts its message and/or runs its command. */
export class Executor {
  constructor(private readonly opts: ExecutorOptions) {}

  /** The environment of a child: nothing of the service's own, only what is safe and configured. */
  private childEnv(extra?: Record<string, string>): Record<string, string> {
    const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8' };
    if (process.env.HOME) base.HOME = process.env.HOME;
    return { ...base, ...this.opts.env, ...extra };
  }

  /** Resolves the argv a task runs, or an error saying why it cannot run. */
  resolve(task: Task): { ok: true; action: NamedAction } | { ok: false; error: string } {
    const a = task.action;
    if (!a) return { ok: false, error: 'the task has no command' };
    if ('name' in a) {
      const named = this.opts.actions[a.name];
      if (!named) return { ok: false, error: `no action named "${a.name}" is configured` };
      return { ok: true, action: named };
    }
    if ('sql' in a) return { ok: false, error: 'a SQL task is not a command' };
    return { ok: true, action: { argv: a.argv } };
  }

  /** The message a run of this task posts (secrets masked), or null for command-only tasks. */
  messageFor(task: Task): string | null {
    return task.mode === 'message' || task.mode === 'message+command' ? maskSecrets(task.content, this.opts.secrets) : null;
  }

  /** Text with the configured secrets masked (a live log is masked as a whole, never chunk by chunk). */
  mask(text: string): string {
    return maskSecrets(text, this.opts.secrets);
  }

  /**
   * Executes one run of a task. Never throws: every failure becomes an outcome. `onOutput` sees
   * a command's raw output as it comes (the live log: mask it with `mask` before it is shown).
   */
  async execute(task: Task, run: Run, signal?: AbortSignal, onSpawn?: (pgid: number) => void, onOutput?: (chunk: Buffer) => void): Promise<ExecuteOutcome> {
    const wantsCommand = task.mode === 'command' || task.mode === 'message+command';
    const message = this.messageFor(task);
    if (!wantsCommand) return { status: 'succeeded', exitCode: null, durationMs: 0, output: null, message, error: null };
    if (task.action && 'sql' in task.action) {
      const o = this.opts;
      return runSqlAction({ connections: {}, maxRows: 1000, chatRows: 10, ...o.sql, outputLimitBytes: o.outputLimitBytes, secrets: o.secrets }, task.action, task.policies.timeoutMs, signal);
    }
    const resolved = this.resolve(task);
    if (!resolved.ok) return { status: 'failed', exitCode: null, durationMs: 0, output: null, message, error: resolved.error };
    const action = resolved.action;
    let r: CommandResult;
    try {
      r = await runCommand(
        {
          argv: action.argv,
          cwd: action.cwd ?? this.opts.cwd,
          // The occurrence travels with the command, so a script can make its own effect idempotent.
          env: this.childEnv({
            ...action.env,
            CHATCRON_TASK_ID: String(task.id),
            CHATCRON_RUN_ID: String(run.id),
            CHATCRON_SCHEDULED_FOR: new Date(run.scheduledFor).toISOString(),
            CHATCRON_ATTEMPT: String(run.attempt),
          }),
          timeoutMs: Math.min(action.timeoutMs ?? task.policies.timeoutMs, task.policies.timeoutMs),
          outputLimitBytes: this.opts.outputLimitBytes,
          onSpawn,
          onOutput,
        },
        signal,
      );
    } catch (err) {
      return { status: 'failed', exitCode: null, durationMs: 0, output: null, message, error: (err as Error).message };
    }
    return {
      status: r.status,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      output: maskSecrets(r.output, this.opts.secrets),
      message,
      error: r.error ? maskSecrets(r.error, this.opts.secrets) : null,
    };
  }
}
