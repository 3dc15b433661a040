import type { Run, Task } from '../domain/index.ts';
import * as store from '../store/index.ts';
import type { EngineHooks } from './hooks.ts';
import { planFire } from './plan.ts';
import { jitterDelay } from '../schedule/index.ts';
import type { EngineLog } from './problem-log.ts';
import { overlapAt, type OverlapView } from './overlap.ts';

/**
 * At most this many occurrences of one task wait in the overlap queue; an occurrence that comes
 * due when the queue is full is recorded skipped (the ones already waiting keep their place,
 * so the queue runs in order and its length, not its age, is bounded).
 */
export const MAX_QUEUED = 10;

/** What claiming needs from the engine. */
export interface ClaimContext {
  dialect: store.DialectName;
  instanceId: string;
  lookaheadMs: number;
  /** Message-only tasks due up to this instant are claimed too (before a burst: see Engine). */
  messagesUntil?: number;
  /** Instances with a heartbeat at or after this are alive (their runs count for overlap). */
  aliveSince: number;
  /** When one of this instance's runs ended here, while its row may still say `running`. */
  endedAt?(id: number): number | undefined;
  messageFor(task: Task): string | null;
  hooks: EngineHooks;
  log: EngineLog;
  /** The database's per-row statements (Database.bulk). */
  bulk: store.BulkStatements;
}

/** What one claim did: runs to start, rows seen, and the final statuses it recorded. */
export interface Claimed {
  start: { task: Task; run: Run }[];
  seen: number;
  recorded: Run['status'][];
}

/** The most runs of a task that may run at once under its overlap policy. */
export function overlapLimit(task: Task): number {
  return task.policies.overlap === 'parallel' ? task.policies.overlapMax : 1;
}

/**
 * Claims what is due at `now` in one transaction: inserts the run rows of due occurrences,
 * advances their tasks, and starts queued runs that may start. A message-only task never has a
 * run "still running" (a message takes no time), and a run held by a dead instance does not count.
 */
export async function claimDue(ctx: ClaimContext, tx: store.Executor, now: number, limit: number): Promise<Claimed> {
  const skipLocked = store.locksRows(ctx.dialect);
  // Whose runs count for overlap: this instance's (read from the process where it can) and live peers'.
  const view = { self: ctx.instanceId, aliveSince: ctx.aliveSince, endedAt: ctx.endedAt };
  const start: { task: Task; run: Run }[] = [];
  const recorded: Run['status'][] = [];
  recorded.push(...(await decideOverlapPending(ctx, view, tx, now, limit)));
  // Queued runs first: retries after their backoff, manual runs, occurrences waiting their turn.
  // They are older work: were a new occurrence claimed first, a task that is always running
  // (a command every second taking most of it) would make its retry wait forever.
  // Those that wait behind a running run of their task are not even read (see lockDueQueuedRuns).
  const queued = await store.lockDueQueuedRuns(tx, now, limit, skipLocked, view);
  // Their tasks' rows are locked, as a claim locks the tasks it fires: a peer claiming a task's
  // next slot while this starts one of its queued runs would not see it running (an overlap the
  // fault checker found). A task locked by a peer is left for the next tick.
  const queuedTaskIds = [...new Set(queued.map((r) => r.taskId))];
  const owners = await store.lockTasks(tx, queuedTaskIds, skipLocked);
  const heldElsewhere = skipLocked ? await store.findTasks(tx, queuedTaskIds.filter((id) => !owners.has(id))) : new Map<number, Task>();
  const queuedBusy = await store.runningCounts(tx, [...owners.keys()], view);
  for (const run of queued) {
    const task = owners.get(run.taskId);
    if (!task && heldElsewhere.has(run.taskId)) continue;
    if (!task) {
      await store.finishRun(tx, run.id, { status: 'skipped', finishedAt: now, error: 'the task was deleted' });
      recorded.push('skipped');
      continue;
    }
    if (run.trigger !== 'manual' && task.status === 'paused') {
      // Pausing a task drops what it had waiting: nothing of it runs until it is resumed.
      await store.finishRun(tx, run.id, { status: 'skipped', finishedAt: now, error: 'the task is paused' });
      recorded.push('skipped');
      continue;
    }
    const running = task.mode === 'message' ? 0 : (queuedBusy.get(task.id) ?? 0);
    // Within one batch, two queued runs of a task must not both start (retries respect overlap too).
    if (run.trigger !== 'manual' && running >= overlapLimit(task)) continue;
    const message = ctx.messageFor(task);
    // A run for a remote runner is left in the database for a runner's poll (src/runners).
    if (task.runOn && task.mode !== 'message') {
      if (await store.startQueuedRemoteRun(tx, run.id, now, ctx.instanceId, task.runOn, message)) queuedBusy.set(task.id, running + 1);
      continue;
    }
    if (await store.startQueuedRun(tx, run.id, now, ctx.instanceId, message)) {
      if (task.mode !== 'message') queuedBusy.set(task.id, running + 1);
      start.push({ task, run: { ...run, status: 'running', startedAt: now, instance: ctx.instanceId, message } });
    }
  }
  const tasks = await ctx.bulk.lockDueTasks(tx, now + ctx.lookaheadMs, limit, ctx.messagesUntil);
  const commandIds = tasks.filter((t) => t.mode !== 'message').map((t) => t.id);
  const held = await store.heldRuns(tx, commandIds);
  const added = new Map<number, number>(); // runs this claim starts, per task
  const queuedIds = tasks.filter((t) => t.mode !== 'message' && t.policies.overlap === 'queue').map((t) => t.id);
  const waiting = await store.queuedCounts(tx, queuedIds);
  const rows: store.NewRun[] = [];
  const byId = new Map<number, Task>();
  // Tasks moving to the same next slot with the same count are advanced by one statement.
  const advances = new Map<string, { ids: number[]; nextRunAt: number | null; fired: number; status: Task['status'] }>();
  for (const task of tasks) {
    byId.set(task.id, task);
    const plan = planFire(task, now);
    const p = task.policies;
    for (const [i, slot] of plan.fire.entries()) {
      const o = overlapAt(held.get(task.id) ?? [], slot, view);
      const running = o.alive + (added.get(task.id) ?? 0);
      let status: Run['status'] = 'running';
      let error: string | null = null;
      let overlapPending = false;
      if (task.mode === 'message') {
        // runs at once: a message is never still running
      } else if (i > 0 && p.misfire === 'all') {
        // Catch-up slots of one task run one after another, in order: each waits for the one before.
        // (Under skip and once, several on-time slots of a late claim meet the overlap policy.)
        status = 'queued';
      } else if (running >= overlapLimit(task) && p.overlap === 'queue') {
        const inQueue = waiting.get(task.id) ?? 0;
        if (inQueue >= MAX_QUEUED) {
          status = 'skipped';
          error = `the queue is full: ${inQueue} occurrences are waiting already (at most ${MAX_QUEUED})`;
        } else {
          status = 'queued';
          waiting.set(task.id, inQueue + 1);
        }
      } else if (o.proven + (added.get(task.id) ?? 0) >= overlapLimit(task)) {
        status = 'skipped';
        error = overlapError(task, running);
      } else if (running >= overlapLimit(task)) {
        // Busy only through runs whose holders have not been heard from since the slot: they may
        // have died before it. Wait for the verdict (decideOverlapPending); never run beside them.
        status = 'queued';
        overlapPending = true;
      }
      // A jittered occurrence waits as a queued run until its own start (same key: the slot).
      const jitter = status === 'running' ? jitterDelay(task.id, slot, task.jitterMs ?? 0) : 0;
      if (jitter > 0) status = 'queued';
      if (status === 'running' && task.mode !== 'message') added.set(task.id, (added.get(task.id) ?? 0) + 1);
      rows.push({
        taskId: task.id,
        scheduledFor: slot,
        trigger: 'schedule',
        attempt: 1,
        status,
        dueAt: status === 'queued' ? slot + jitter : null,
        startedAt: status === 'running' ? Math.max(now, slot) : null,
        instance: ctx.instanceId,
        finishedAt: status === 'skipped' ? now : null,
        error,
        message: status === 'running' ? ctx.messageFor(task) : null,
        runOn: task.mode === 'message' ? null : (task.runOn ?? null),
        ...(overlapPending ? { overlapPending } : {}),
      });
    }
    if (plan.missedOnce != null) {
      rows.push({
        taskId: task.id,
        scheduledFor: plan.missedOnce,
        trigger: 'schedule',
        attempt: 1,
        status: 'skipped',
        dueAt: null,
        startedAt: null,
        instance: ctx.instanceId,
        finishedAt: now,
        error: `missed: the service was down at ${new Date(plan.missedOnce).toISOString()} (later than the grace time of ${Math.round(p.misfireGraceMs / 1000)} s)`,
        message: null,
      });
    } else if (plan.missed) ctx.log.info({ task: task.id }, 'missed occurrences skipped by the misfire policy');
    const fired = plan.runCount - task.runCount;
    const key = `${plan.nextRunAt}|${fired}|${plan.status}`;
    const group = advances.get(key) ?? { ids: [], nextRunAt: plan.nextRunAt, fired, status: plan.status };
    group.ids.push(task.id);
    advances.set(key, group);
  }
  // Another replica that fired one of these occurrences already keeps it: ours is skipped.
  const inserted = await ctx.bulk.insertRuns(tx, rows, ctx.instanceId);
  inserted.sort((x, y) => x.scheduledFor - y.scheduledFor || x.id - y.id);
  for (const run of inserted) {
    const task = byId.get(run.taskId)!;
    // A run for a remote runner is left in the database for a runner's poll (src/runners).
    if (run.status === 'running' && !run.runOn) start.push({ task, run });
    if (run.status === 'skipped') {
      recorded.push('skipped');
      // A one-off that will never run is told to its chat; a recurring slot skipped is history only.
      if (run.error?.startsWith('missed:')) await ctx.hooks.onFinished?.(tx, task, { ...run, durationMs: 0 }, null, now);
    }
    await ctx.hooks.onFire?.(tx, task, run, now);
  }
  await ctx.bulk.advanceTasks(tx, advances.values(), now);
  return { start, seen: Math.max(tasks.length, queued.length), recorded };
}

function overlapError(task: Task, running: number): string {
  return task.policies.overlap === 'parallel' ? `already ${running} runs in parallel (at most ${task.policies.overlapMax})` : 'the previous run was still running';
}

/**
 * Decides the occurrences waiting to learn whether the runs at their slots were still running
 * (Run.overlapPending): skipped when enough runs surely were (their holder was heard from at or
 * after the slot, or ended them after it), an ordinary queued run when the runs that blocked it
 * turn out dead (their holder lapsed: it may have died before the slot, so the occurrence is
 * owed), and left waiting while a holder is silent but not yet lapsed.
 */
async function decideOverlapPending(ctx: ClaimContext, view: OverlapView, tx: store.Executor, now: number, limit: number): Promise<Run['status'][]> {
  const pending = await store.lockOverlapPending(tx, now, limit, store.locksRows(ctx.dialect));
  if (pending.length === 0) return [];
  const recorded: Run['status'][] = [];
  const tasks = await store.findTasks(tx, [...new Set(pending.map((r) => r.taskId))]);
  const slots = pending.map((r) => r.scheduledFor);
  const held = await store.heldRuns(tx, [...tasks.keys()], { since: Math.min(...slots), until: Math.max(...slots) });
  for (const run of pending) {
    const task = tasks.get(run.taskId);
    // A deleted or paused task's occurrence is dropped by the queue like any other.
    if (!task || task.status === 'paused') {
      await store.clearOverlapPending(tx, run.id);
      continue;
    }
    const o = overlapAt(held.get(task.id) ?? [], run.scheduledFor, view, run.id);
    if (o.proven >= overlapLimit(task)) {
      if (await store.finishRun(tx, run.id, { status: 'skipped', finishedAt: now, error: overlapError(task, o.proven) })) recorded.push('skipped');
    } else if (o.proven + o.unknown < overlapLimit(task)) {
      await store.clearOverlapPending(tx, run.id);
    }
  }
  return recorded;
}
