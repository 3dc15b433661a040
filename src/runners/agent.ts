import os from 'node:os';
import { maskSecrets, runCommand, type NamedAction } from '../exec/index.ts';
import type { RunnerJob, RunnerResult } from './hub.ts';

/** How a runner process is set up (from its command line and its own configuration file). */
export interface AgentOptions {
  server: string;
  token: string;
  name?: string;
  labels?: string[];
  /** The only commands this runner runs: its operator's `actions`. */
  actions: Record<string, NamedAction>;
  env: Record<string, string>;
  cwd?: string;
  outputLimitBytes: number;
  secrets: readonly string[];
  /** Runs at once (one long poll each). */
  concurrency: number;
  version: string;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** Long-poll wait asked of the server (ms). */
  waitMs?: number;
  /** Ms between live output posts. */
  flushMs?: number;
}

/** The server refused this runner for good (revoked or wrong token, label not granted). */
export class AgentRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AgentRefused';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The runner side: long-polls the server for runs of its labels, runs each only when its own
 * configuration names the action, streams output back, heartbeats while busy and posts the result.
 */
export class RunnerAgent {
  private stopping = false;
  private readonly busy = new Set<Promise<void>>();
  private heartbeatMs = 5000;
  private heartbeat: NodeJS.Timeout | null = null;
  private polls = new Set<AbortController>();
  private fatal: AgentRefused | null = null;
  /** The runs being executed, by id: the server may tell this runner to stop one. */
  private readonly running = new Map<number, AbortController>();

  constructor(private readonly opts: AgentOptions) {}

  /** Polls until stopped or refused; resolves (or rejects with AgentRefused) when every worker has ended. */
  async run(): Promise<void> {
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    const workers = Array.from({ length: Math.max(1, this.opts.concurrency) }, () => this.worker());
    await Promise.all(workers);
    await Promise.all([...this.busy]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.fatal) throw this.fatal;
  }

  /** Stops taking work; running jobs finish and report. */
  stop(): void {
    this.stopping = true;
    for (const p of this.polls) p.abort();
  }

  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<any> {
    const res = await fetch(new URL(path, this.opts.server), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.opts.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (res.status === 401 || res.status === 403) throw new AgentRefused(res.status, json.error ?? `refused (${res.status})`);
    if (!res.ok) throw Object.assign(new Error(json.error ?? `HTTP ${res.status}`), { status: res.status });
    return json;
  }

  private async beat(): Promise<void> {
    try {
      const res = await this.post('/runner/heartbeat', { runs: [...this.running.keys()] });
      for (const id of Array.isArray(res.stop) ? res.stop : []) this.halt(Number(id), 'asked to stop, or ended by the server (past its timeout, or taken back)');
    } catch (err) {
      if (err instanceof AgentRefused) this.refused(err);
    }
  }

  /** Kills a run's command: the run is no longer this runner's, whatever it would report is refused. */
  private halt(runId: number, why: string): void {
    const abort = this.running.get(runId);
    if (!abort || abort.signal.aborted) return;
    this.opts.log.warn({ run: runId }, `told to stop run ${runId}: ${why}; killing its command`);
    abort.abort();
  }

  private refused(err: AgentRefused): void {
    if (!this.fatal) this.opts.log.error({ status: err.status }, `the server refused this runner: ${err.message}`);
    this.fatal ??= err;
    this.stop();
  }

  private async worker(): Promise<void> {
    let backoff = 500;
    while (!this.stopping) {
      const abort = new AbortController();
      this.polls.add(abort);
      try {
        const res = await this.post('/runner/poll', { labels: this.opts.labels, waitMs: this.opts.waitMs ?? 20_000, version: this.opts.version, host: os.hostname(), name: this.opts.name }, abort.signal);
        backoff = 500;
        if (res.heartbeatMs && res.heartbeatMs !== this.heartbeatMs) this.retime(res.heartbeatMs);
        if (res.job) {
          const p = this.execute(res.job as RunnerJob);
          this.busy.add(p);
          await p;
          this.busy.delete(p);
        }
      } catch (err) {
        if (err instanceof AgentRefused) return this.refused(err);
        if (this.stopping) return;
        this.opts.log.warn({ err: (err as Error).message }, `poll failed; retrying in ${backoff} ms`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      } finally {
        this.polls.delete(abort);
      }
    }
  }

  private retime(ms: number): void {
    this.heartbeatMs = ms;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.beat(), ms);
  }

  /** What this runner will run for a job, or why it refuses. */
  resolve(job: RunnerJob): { ok: true; action: NamedAction } | { ok: false; error: string } {
    const who = this.opts.name ?? 'this runner';
    const a = job.action;
    if (!a || !('name' in a)) {
      return { ok: false, error: `${who} runs only the actions in its own configuration; ${a && 'argv' in a ? 'a command line' : 'this action'} was refused` };
    }
    const action = Object.hasOwn(this.opts.actions, a.name) ? this.opts.actions[a.name] : undefined;
    if (!action) return { ok: false, error: `${who} has no action named "${a.name}" in its configuration; refused` };
    return { ok: true, action };
  }

  private async execute(job: RunnerJob): Promise<void> {
    const resolved = this.resolve(job);
    let result: RunnerResult;
    if (!resolved.ok) {
      this.opts.log.warn({ run: job.runId, task: job.taskId }, resolved.error);
      result = { status: 'failed', exitCode: null, durationMs: 0, output: null, error: resolved.error };
    } else {
      this.opts.log.info({ run: job.runId, task: job.taskId, action: (job.action as { name: string }).name }, 'running');
      result = await this.runAction(job, resolved.action);
    }
    await this.report(job.runId, result);
  }

  private async runAction(job: RunnerJob, action: NamedAction): Promise<RunnerResult> {
    let pending = '';
    let sending: Promise<void> = Promise.resolve();
    const flush = () => {
      if (!pending) return;
      const text = maskSecrets(pending, this.opts.secrets);
      pending = '';
      sending = sending.then(() =>
        this.post(`/runner/runs/${job.runId}/output`, { text }).then(
          (res: { stop?: boolean }) => {
            if (res.stop === true) this.halt(job.runId, 'someone asked to stop it');
          },
          (err: unknown) => {
            if ((err as { status?: number }).status === 409) this.halt(job.runId, 'the server no longer holds it as ours');
          },
        ),
      );
    };
    const timer = setInterval(flush, this.opts.flushMs ?? 500);
    const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8' };
    if (process.env.HOME) base.HOME = process.env.HOME;
    const abort = new AbortController();
    this.running.set(job.runId, abort);
    try {
      const r = await runCommand({
        argv: action.argv,
        cwd: action.cwd ?? this.opts.cwd,
        env: { ...base, ...this.opts.env, ...action.env, CHATCRON_TASK_ID: String(job.taskId), CHATCRON_RUN_ID: String(job.runId), CHATCRON_SCHEDULED_FOR: job.scheduledFor, CHATCRON_ATTEMPT: String(job.attempt), CHATCRON_RUNNER: this.opts.name ?? '' },
        timeoutMs: Math.min(action.timeoutMs ?? job.timeoutMs, job.timeoutMs),
        outputLimitBytes: this.opts.outputLimitBytes,
        onOutput: (c) => {
          pending += c.toString('utf8');
          if (pending.length > this.opts.outputLimitBytes) pending = pending.slice(-this.opts.outputLimitBytes);
        },
      }, abort.signal);
      return { status: r.status, exitCode: r.exitCode, durationMs: r.durationMs, output: maskSecrets(r.output, this.opts.secrets), error: r.error ? maskSecrets(r.error, this.opts.secrets) : null };
    } finally {
      this.running.delete(job.runId);
      clearInterval(timer);
      pending = '';
      await sending;
    }
  }

  /** Posts a result, retrying a server that does not answer; a 409 means the run was taken back. */
  private async report(runId: number, result: RunnerResult): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.post(`/runner/runs/${runId}/result`, result);
        return;
      } catch (err) {
        if (err instanceof AgentRefused) return this.refused(err);
        if ((err as { status?: number }).status === 409) {
          this.opts.log.warn({ run: runId }, 'the server had taken this run back (it was retried elsewhere); result dropped');
          return;
        }
        if (attempt >= 20) {
          this.opts.log.error({ run: runId, err: (err as Error).message }, 'could not report the result');
          return;
        }
        await sleep(Math.min(500 * attempt, 5000));
      }
    }
  }
}
