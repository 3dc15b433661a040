import type { Run } from '../domain/index.ts';
import type { DueSource, EngineHooks } from '../engine/index.ts';
import { finishRemote } from './finish.ts';
import * as store from '../store/index.ts';

const SWEEP_EVERY_MS = 500;

/**
 * Takes runs back from runners that went silent (or were revoked): they are recorded
 * `interrupted` and retried per the task's policy, on whichever runner polls next. A run no
 * runner took within its task's timeout fails with the reason. Driven by the engine's loop, so
 * a silent runner's runs are interrupted within lapseMs + the poll interval + 0.5 s.
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
    if (lapsed.length === 0 && waiting.length === 0) return;
    await this.database.write(async (tx) => {
      for (const { run, runner } of lapsed) {
        await this.end(tx, run, 'interrupted', `runner ${runner} stopped answering (no heartbeat for ${Math.round(this.lapseMs / 1000)} s) or was revoked`, now);
      }
      for (const run of waiting) {
        await this.end(tx, run, 'failed', `no runner with the label "${run.runOn}" took the run in time`, now);
      }
    });
    if (lapsed.length) this.log.warn({ runs: lapsed.map((l) => l.run.id), runners: [...new Set(lapsed.map((l) => l.runner))] }, 'took runs back from silent runners');
  }

  private async end(tx: store.Executor, r: Run, status: 'interrupted' | 'failed', error: string, now: number): Promise<void> {
    const task = await store.findTask(tx, r.taskId);
    await finishRemote(tx, this.hooks, task, r, { status, finishedAt: now, exitCode: null, output: r.output ?? null, error }, r.startedAt != null ? now - r.startedAt : 0, null);
  }
}
