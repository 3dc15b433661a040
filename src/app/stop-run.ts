import { ConflictError, UserError, type Run } from '../domain/index.ts';
import * as store from '../store/index.ts';
import { nameOf, type Actor, type AppContext } from './context.ts';
import { getRun, getTask } from './tasks.ts';

/** What a stop did: `stopping` (the replica holding it kills it within ~0.5 s) or `stopped` (it was queued). */
export interface StopResult {
  run: Run;
  state: 'stopping' | 'stopped';
  by: string;
}

/**
 * Stops a run (console, `POST /api/runs/:id/stop`, `chatcron stop`, `/stop N`): the request is
 * stored on the run, and the replica that holds it kills its process tree and records it
 * `stopped` by `by`. Refuses a run that has finished, and one on a remote runner (runners do not
 * read stop requests).
 */
export async function stopRun(ctx: AppContext, actor: Actor, runId: number): Promise<StopResult> {
  const run = await getRun(ctx, actor, runId);
  const by = nameOf(ctx, actor);
  if (run.status === 'running' && run.runner) {
    throw new ConflictError({ en: `run #${run.id} is on runner ${run.runner}, which cannot be stopped from here`, zh: `执行 #${run.id} 在执行器 ${run.runner} 上，无法从这里停止` });
  }
  const r = await store.requestStop(ctx.database.db, run.id, by, ctx.now());
  if (r === 'finished') {
    const after = (await store.findRun(ctx.database.db, run.id)) ?? run;
    throw new ConflictError({ en: `run #${run.id} is not running (${after.status.replace('_', ' ')})`, zh: `执行 #${run.id} 不在执行中` });
  }
  ctx.notify();
  return { run: (await store.findRun(ctx.database.db, run.id)) ?? run, state: r === 'stopped' ? 'stopped' : 'stopping', by };
}

/** Stops every running (or queued) run of a task: what `/stop N` in chat does. */
export async function stopTaskRuns(ctx: AppContext, actor: Actor, taskId: number): Promise<StopResult[]> {
  await getTask(ctx, actor, taskId);
  const ids = await store.activeRunIds(ctx.database.db, taskId);
  if (ids.length === 0) throw new UserError('nothing_running', { en: `task ${taskId} has no run in progress`, zh: `任务 ${taskId} 没有正在执行的运行` });
  const out: StopResult[] = [];
  for (const id of ids) {
    try {
      out.push(await stopRun(ctx, actor, id));
    } catch (err) {
      // It finished between the read and the stop: nothing to say about it.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  if (out.length === 0) throw new UserError('nothing_running', { en: `task ${taskId} has no run in progress`, zh: `任务 ${taskId} 没有正在执行的运行` });
  return out;
}
