import type { Run, Task } from '../domain/index.ts';
import { scheduleRetry, type EngineHooks, type FinishedRun } from '../engine/index.ts';
import type { ExecuteOutcome } from '../exec/index.ts';
import * as store from '../store/index.ts';

/** What is recorded at the end of a remote run. */
export interface RemoteEnd {
  status: Run['status'];
  finishedAt: number;
  exitCode: number | null;
  output: string | null;
  error: string | null;
}

/**
 * Ends a remote run the way the engine's CompletionWriter ends a local one, inside the caller's
 * transaction: the result (only if the run is still running), the retry policy, then the hooks
 * (chat, notify URLs, chains). An interrupted run that will be retried posts nothing: its retry will.
 * False when the run had ended already.
 */
export async function finishRemote(tx: store.Executor, hooks: EngineHooks, task: Task | undefined, run: Run, end: RemoteEnd, durationMs: number, outcome: ExecuteOutcome | null): Promise<boolean> {
  if ((await store.finishRuns(tx, [run.id], end)).length === 0) return false;
  if (!task) return true;
  const finished: FinishedRun = { ...run, ...end, durationMs };
  const retry = await scheduleRetry(tx, task, finished, end.finishedAt);
  if (end.status === 'interrupted' && retry) return true;
  await hooks.onFinished?.(tx, task, finished, outcome, end.finishedAt);
  return true;
}
