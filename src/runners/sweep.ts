import type { Run } from '../domain/index.ts';
import type { DueSource, EngineHooks } from '../engine/index.ts';
import { finishRemote } from './finish.ts';
import * as store from '../store/index.ts';

const SWEEP_EVERY_MS = 500;
/**
 * How long past a task's timeout the server waits before it ends a runner's run itself: the
 * runner kills the command at the timeout and reports its own timed_out with the output; this
 * is its time to do so. Past it the runner is not trusted to end the run (ms).
 */
export const REPORT_GRACE_MS = 2000;

/**
 * Takes runs back from runners that went silent (or were revoked): they are recorded
 * `interrupted` and retried per the task's policy, on whichever runner polls next. A run no
 * runner took within its task's timeout fails with the reason. A run a runner still holds past
 * its task's timeout (+ REPORT_GRACE_MS), heartbeats or not, is recorded timed_out and retried per
 * policy; the runner learns it from its next heartbeat and stops the command. Driven by the
 * engine's loop, so a silent runner's runs are interrupted within lapseMs + the poll interval + 0.5 s,
 * and an overdue run ends within its timeout + REPORT_GRACE_MS + the poll interval + 0.5 s. A run
 * asked to stop that no runner holds, or whose runner is silent, is recorded `stopped` by whoever
 * asked, within the poll interval + 0.5 s (a live runner is told to stop it by the hub instead).
 */
export class RunnerSweep implements DueSource {
  readonly name = 'runners';
  private last = -Infinity;

  constructor(
    private readonly database: store.Database,
    private readonly hooks: EngineHooks,
    private readonly lapseMs: number,
    private readonly log: { warn(o: object, m?: string): void },
  ) {}

  async nextDue(): Promise<number | null> {
    return null; // the engine's loop polls at least once per poll interval
  }

  async runDue(now: number): Promise<void> {
    if (now - this.last < SWEEP_EVERY_MS) return;
    this.last = now;
    const lapsed = await store.lapsedRemoteRuns(this.database.db, now - this.lapseMs);
    const waiting = await store.expiredWaitingRuns(this.database.db, now);
    const lapsedIds = new Set(lapsed.map((l) => l.run.id));
    const overdue = (await store.overdueRemoteRuns(this.database.db, now, REPORT_GRACE_MS)).filter((o) => !lapsedIds.has(o.run.id));
    // A stop nobody will carry out (no runner took the run, or its runner is gone) ends here, as asked.
    const stops = await store.unansweredRemoteStops(this.database.db, now - this.lapseMs);
    const stopIds = new Set(stops.map((s) => s.run.id));
    if (lapsed.length === 0 && waiting.length === 0 && overdue.length === 0 && stops.length === 0) return;
    await this.database.write(async (tx) => {
      for (const { run, by, runner } of stops) {
        const why = runner ? ` (runner ${runner} was not answering: if it comes back, it is told to kill the command)` : ' before a runner took it';
        await this.end(tx, run, 'stopped', `stopped by ${by}${why}`, now);
      }
      for (const { run, runner } of lapsed) {
        if (stopIds.has(run.id)) continue;
        await this.end(tx, run, 'interrupted', `runner ${runner} stopped answering (no heartbeat for ${Math.round(this.lapseMs / 1000)} s) or was revoked`, now);
      }
      for (const run of waiting) {
        if (stopIds.has(run.id)) continue;
        await this.end(tx, run, 'failed', `no runner with the label "${run.runOn}" took the run in time`, now);
      }
      for (const { run, timeoutMs } of overdue) {
        if (stopIds.has(run.id)) continue;
        await this.end(tx, run, 'timed_out', `timed out after ${timeoutMs} ms on runner ${run.runner} (ended by the server, which told the runner to stop)`, now);
      }
    });
    if (overdue.length) this.log.warn({ runs: overdue.map((o) => o.run.id) }, 'ended runs held by runners past their timeout');
    if (lapsed.length) this.log.warn({ runs: lapsed.map((l) => l.run.id), runners: [...new Set(lapsed.map((l) => l.runner))] }, 'took runs back from silent runners');
  }

  private async end(tx: store.Executor, r: Run, status: 'interrupted' | 'failed' | 'timed_out' | 'stopped', error: string, now: number): Promise<void> {
    const task = await store.findTask(tx, r.taskId);
    await finishRemote(tx, this.hooks, task, r, { status, finishedAt: now, exitCode: null, output: r.output ?? null, error }, r.startedAt != null ? now - r.startedAt : 0, null);
  }
}
