import os from 'node:os';
import type { Run, Task } from '../domain/index.ts';
import { killOrphanGroup } from '../exec/index.ts';
import * as store from '../store/index.ts';
import { scheduleRetry } from './completions.ts';
import type { EngineHooks } from './hooks.ts';
import type { EngineLog } from './problem-log.ts';

/** What recovering a dead instance's runs needs from the engine. */
export interface TakeoverContext {
  instanceId: string;
  messageFor(task: Task): string | null;
  hooks: EngineHooks;
  log: EngineLog;
}

/** What recovery did: runs this instance now owns and must start, and the final statuses it wrote. */
export interface Recovered {
  start: { task: Task; run: Run }[];
  recorded: Run['status'][];
}

function sameHost(instance: string | null): boolean {
  return instance != null && instance.split('/')[0] === os.hostname();
}

/**
 * Deals with runs left `running` by instances not in `keep` (dead, or silent past the lapse),
 * in one transaction:
 * - a run whose command never started (every message-only run, every run claimed ahead and not
 *   yet due) is taken over and run late but once: a message run here at once (its notice is
 *   written with its result, so a run still `running` has posted nothing), a command through the
 *   queue, which starts it in order and never beside another run of its task;
 * - a run whose command started is `interrupted` and follows the retry policy; on this host, what
 *   is left of its process group is killed first, so the retry never overlaps its orphan;
 * - a scheduled run that is by now later than its grace time under misfire `skip` is recorded
 *   skipped, like any other missed occurrence.
 * A conditional update makes two survivors never take the same run. Each event is logged once.
 */
export async function recoverOrphans(ctx: TakeoverContext, tx: store.Executor, keep: string[], now: number): Promise<Recovered> {
  const orphans = await store.findOrphanRuns(tx, keep);
  const out: Recovered = { start: [], recorded: [] };
  if (orphans.length === 0) return out;
  const tasks = await store.findTasks(tx, [...new Set(orphans.map((r) => r.taskId))]);
  const byInstance = new Map<string, { started: number[]; interrupted: number[]; skipped: number[]; killed: number }>();
  const moves = new Map<string | null, { requeue: number[]; take: { run: Run; task: Task }[] }>();
  const unstarted = (from: string | null) => {
    const m = moves.get(from) ?? { requeue: [], take: [] };
    moves.set(from, m);
    return m;
  };
  for (const run of orphans) {
    const from = run.instance;
    const tally = byInstance.get(from ?? '?') ?? { started: [], interrupted: [], skipped: [], killed: 0 };
    byInstance.set(from ?? '?', tally);
    const task = tasks.get(run.taskId);
    if (run.pgid != null && sameHost(from)) tally.killed += killOrphanGroup(run.pgid, run.id);
    const finished = async (status: 'interrupted' | 'skipped', error: string) => {
      if (!(await store.endRunningRun(tx, run.id, status, now, error))) return;
      out.recorded.push(status);
      (status === 'skipped' ? tally.skipped : tally.interrupted).push(run.id);
      if (!task) return;
      const ended = { ...run, status, error, finishedAt: now, durationMs: 0 };
      const retry = status === 'interrupted' ? await scheduleRetry(tx, task, ended, now) : undefined;
      // An interrupted run that will be retried says nothing yet: its retry's result will.
      if (!retry) await ctx.hooks.onFinished?.(tx, task, ended, null, now);
    };
    if (!task) {
      await finished('skipped', 'the task was deleted');
    } else if (run.spawnedAt != null) {
      await finished('interrupted', 'the process running it stopped before it finished');
    } else if (run.trigger === 'schedule' && task.policies.misfire === 'skip' && now - run.scheduledFor > task.policies.misfireGraceMs) {
      await finished('skipped', `missed: the service that claimed it stopped before ${new Date(run.scheduledFor).toISOString()}, and it is now later than the grace time`);
    } else if (task.mode !== 'message') {
      // A command waits its turn in the queue: a survivor may be running one of the task's runs,
      // and the dead instance may have left two unstarted (a queued run it had just started and
      // the next slot claimed ahead); run at once, they would overlap.
      unstarted(from).requeue.push(run.id);
    } else {
      unstarted(from).take.push({ run, task });
    }
  }
  // The unstarted runs move in a few statements per dead instance, not one each: see takeOverRuns.
  for (const [from, u] of moves) {
    const tally = byInstance.get(from ?? '?')!;
    for (const id of await store.requeueOrphanRuns(tx, u.requeue, from, ctx.instanceId)) tally.started.push(id);
    const taken = await store.takeOverRuns(tx, u.take.map((x) => x.run.id), from, ctx.instanceId, now);
    for (const { run, task } of u.take) {
      const startedAt = taken.get(run.id);
      if (startedAt === undefined) continue; // a peer surviving too took it first
      tally.started.push(run.id);
      out.start.push({ task, run: { ...run, instance: ctx.instanceId, startedAt, message: run.message ?? ctx.messageFor(task) } });
    }
  }
  for (const [instance, t] of byInstance) {
    if (t.started.length + t.interrupted.length + t.skipped.length === 0) continue;
    ctx.log.warn(
      { instance, takenOver: t.started.length, interrupted: t.interrupted, skipped: t.skipped, killedProcesses: t.killed },
      `took over the runs of stopped instance ${instance}: ${t.started.length} to run (commands through the queue), ${t.interrupted.length} interrupted, ${t.skipped.length} skipped`,
    );
  }
  return out;
}
