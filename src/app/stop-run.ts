import { ConflictError, UserError, type Run } from '../domain/index.ts';
import { runnerHeartbeatMs } from '../runners/index.ts';
import * as store from '../store/index.ts';
import { nameOf, type Actor, type AppContext } from './context.ts';
import { getRun, getTask } from './tasks.ts';

/** What a stop did: `stopping` (whoever holds it kills it within a bound) or `stopped` (it was queued). */
export interface StopResult {
  run: Run;
  state: 'stopping' | 'stopped';
  by: string;
  /** Where the run is, when that changes what happens: on a remote runner, or waiting for one. */
  note?: { en: string; zh: string };
}

/**
 * Stops a run (console, `POST /api/runs/:id/stop`, `chatcron stop`, `/stop N`): the request is
 * stored on the run, and whoever holds it kills its process tree (or interrupts its statement) and
 * records it `stopped` by `by`: the replica that runs it within ~0.5 s, a remote runner when the
 * hub tells it (its next output post or heartbeat). A remote run no runner will end (none took
 * it yet, or its runner is silent) is recorded stopped by the server's runner sweep. Refuses a
 * run that has finished.
 */
export async function stopRun(ctx: AppContext, actor: Actor, runId: number): Promise<StopResult> {
  const run = await getRun(ctx, actor, runId);
  const by = nameOf(ctx, actor);
  const r = await store.requestStop(ctx.database.db, run.id, by, ctx.now());
  if (r === 'finished') {
    const after = (await store.findRun(ctx.database.db, run.id)) ?? run;
    throw new ConflictError({ en: `run #${run.id} is not running (${after.status.replace('_', ' ')})`, zh: `执行 #${run.id} 不在执行中` });
  }
  ctx.notify();
  const now = (await store.findRun(ctx.database.db, run.id)) ?? run;
  const note = r === 'requested' && now.runOn ? await remoteNote(ctx, now) : undefined;
  return { run: now, state: r === 'stopped' ? 'stopped' : 'stopping', by, ...(note ? { note } : {}) };
}

/** What happens to a stopped remote run: told to its runner, ended here (no runner has it), or its runner is gone. */
async function remoteNote(ctx: AppContext, run: Run): Promise<{ en: string; zh: string }> {
  if (!run.runner) {
    return { en: `it was waiting for a runner with the label "${run.runOn}": it ends without running`, zh: `它在等待标签为“${run.runOn}”的执行器，不会再执行` };
  }
  const lapseMs = ctx.runnerLapseMs ?? 30_000;
  const beatMs = runnerHeartbeatMs(lapseMs);
  const runner = await store.findRunnerByName(ctx.database.db, run.runner);
  const silentMs = runner?.lastSeenAt != null ? ctx.now() - runner.lastSeenAt : null;
  // Two missed heartbeats: the runner looks gone. The sweep records the run stopped when the lapse
  // passes (not interrupted, not retried); a runner that comes back is told to kill the command.
  if (runner?.revokedAt != null || silentMs == null || silentMs > 2 * beatMs) {
    const s = (ms: number) => Math.max(1, Math.round(ms / 1000));
    const since = silentMs == null ? '' : ` for ${s(silentMs)} s`;
    const sinceZh = silentMs == null ? '' : ` ${s(silentMs)} 秒`;
    const left = silentMs == null ? 0 : Math.max(0, lapseMs - silentMs);
    return {
      en: `runner ${run.runner} has not answered${since} and looks gone: the run is recorded stopped ${left ? `within ${s(left)} s if it stays silent` : 'now'}; if the runner comes back, it is told to kill the command`,
      zh: `执行器 ${run.runner}${sinceZh}没有响应，似乎已离线：${left ? `若继续无响应，这次执行会在 ${s(left)} 秒内` : '这次执行现在'}记为已停止；执行器恢复后会被告知结束该命令`,
    };
  }
  const within = Math.max(1, Math.ceil(beatMs / 1000));
  return { en: `runner ${run.runner} is told to kill it (within ${within} s)`, zh: `已通知执行器 ${run.runner} 结束它（${within} 秒内）` };
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
