import { sql, type Expression, type SqlBool } from 'kysely';
import type { Run } from '../domain/index.ts';
import type { Executor } from './database.ts';
import { toRun } from './run-repository.ts';

/** Whose running runs count: this instance's, and those of instances whose heartbeat is recent. */
export interface Holders {
  self: string;
  /** Instances with a heartbeat at or after this instant (ms) are alive. */
  aliveSince: number;
}

/**
 * A queued run that may start now: a manual run, a run of a message-only task (a message is
 * never "still running"), or a run that is first in its task's queue and whose task has fewer
 * running runs held by live instances than its overlap policy allows (1 for skip and queue,
 * overlapMax for parallel). Retries and catch-up runs wait like any other occurrence; a run held
 * only by a dead instance does not block.
 *
 * First in the queue: no earlier occurrence of the task is queued, due or not. A task's queue
 * runs in the order of its instants whoever claims it: otherwise a replica that finds the first
 * run locked by a peer (skip locked) started the second, and the retry of an occurrence taken
 * over from a dead replica, waiting out its backoff, was passed by the slots that had waited for
 * the verdict on it; each such pass delayed the occurrence taken over by a whole run.
 */
function startable(h: Holders): Expression<SqlBool> {
  return sql<SqlBool>`(runs.trigger = 'manual'
    or (select t.mode from tasks t where t.id = runs.task_id) = 'message'
    or ((select count(*) from runs r where r.task_id = runs.task_id and r.status = 'running'
          and (r.instance = ${h.self} or r.instance in (select i.id from instances i where i.heartbeat_at >= ${h.aliveSince})))
       < (select case when t.overlap = 'parallel' then t.overlap_max else 1 end from tasks t where t.id = runs.task_id)
      and not exists (select 1 from runs e where e.task_id = runs.task_id and e.status = 'queued' and e.trigger <> 'manual'
          and e.scheduled_for < runs.scheduled_for)))`;
}

/** Not waiting for an overlap verdict (see lockOverlapPending). */
const decided = sql<SqlBool>`(runs.overlap_pending is null or runs.overlap_pending = 0)`;

/**
 * Queued runs that are due and may start, locked on MySQL: the oldest occurrence first (a retry
 * of an interrupted occurrence goes before catch-up slots that came after it), then by due time.
 */
export async function lockDueQueuedRuns(db: Executor, now: number, limit: number, skipLocked: boolean, h: Holders): Promise<Run[]> {
  let q = db.selectFrom('runs').selectAll().where('status', '=', 'queued').where('dueAt', '<=', now).where(decided).where(startable(h)).orderBy('scheduledFor').orderBy('dueAt').orderBy('id').limit(limit);
  if (skipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map(toRun);
}

/**
 * The earliest due_at among queued runs that could start, or null. A run waiting behind a
 * running one is left out: it becomes startable when that run finishes (a local completion wakes
 * the engine; a peer's is seen at the next poll), so the engine sleeps instead of waking at once.
 */
export async function earliestQueued(db: Executor, h: Holders): Promise<number | null> {
  const r = await db.selectFrom('runs').select((eb) => eb.fn.min('dueAt').as('t')).where('status', '=', 'queued').where(decided).where(startable(h)).executeTakeFirst();
  return r?.t == null ? null : Number(r.t);
}

/** Running runs per task held by live instances (or this one), for the given tasks. */
export async function runningCounts(db: Executor, taskIds: number[], h: Holders): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom('runs')
    .select(['taskId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'running')
    .where('taskId', 'in', taskIds)
    .where((eb) => eb.or([eb('instance', '=', h.self), eb('instance', 'in', eb.selectFrom('instances').select('instances.id').where('instances.heartbeatAt', '>=', h.aliveSince))]))
    .groupBy('taskId')
    .execute();
  for (const r of rows) out.set(r.taskId, Number(r.n));
  return out;
}

/** Queued scheduled occurrences per task (the overlap queue's length), for the given tasks. */
export async function queuedCounts(db: Executor, taskIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .selectFrom('runs')
    .select(['taskId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'queued')
    .where('trigger', '=', 'schedule')
    .where('taskId', 'in', taskIds)
    .groupBy('taskId')
    .execute();
  for (const r of rows) out.set(r.taskId, Number(r.n));
  return out;
}

/**
 * Queued occurrences waiting to learn whether the run at their slot was still running (see
 * Run.overlapPending), due first, locked on MySQL. The engine looks at them at every heartbeat:
 * what decides them is a peer's heartbeat or its lapse, not an instant.
 */
export async function lockOverlapPending(db: Executor, now: number, limit: number, skipLocked: boolean): Promise<Run[]> {
  let q = db.selectFrom('runs').selectAll().where('status', '=', 'queued').where('overlapPending', '=', 1).where('dueAt', '<=', now).orderBy('dueAt').orderBy('id').limit(limit);
  if (skipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map(toRun);
}

/** Ends an occurrence's wait for its overlap verdict: it is an ordinary queued run again. */
export async function clearOverlapPending(db: Executor, id: number): Promise<void> {
  await db.updateTable('runs').set({ overlapPending: null }).where('id', '=', id).where('status', '=', 'queued').execute();
}

/**
 * A run of a task that was or is running, with when its holder was last heard from: what the
 * overlap decision at a slot needs to tell a live holder's run from a dead one's.
 */
export interface HeldRun {
  id: number;
  taskId: number;
  status: Run['status'];
  startedAt: number;
  finishedAt: number | null;
  instance: string | null;
  /** The holder's last heartbeat (null: no row, it stopped cleanly or was forgotten). */
  heardAt: number | null;
  /** Held by a remote runner (its liveness is the runner's, see src/runners). */
  remote: boolean;
}

/**
 * The runs of the given tasks that are running, or that started before `until` and ended at or
 * after `since` (what was running in [since, until]), with their holders' last heartbeats.
 */
export async function heldRuns(db: Executor, taskIds: number[], window?: { since: number; until: number }): Promise<Map<number, HeldRun[]>> {
  const out = new Map<number, HeldRun[]>();
  if (taskIds.length === 0) return out;
  let q = db
    .selectFrom('runs')
    .leftJoin('instances', 'instances.id', 'runs.instance')
    .select(['runs.id', 'runs.taskId', 'runs.status', 'runs.startedAt', 'runs.finishedAt', 'runs.instance', 'runs.runOn', 'instances.heartbeatAt'])
    .where('runs.taskId', 'in', taskIds);
  q = window
    ? q.where('runs.startedAt', '<=', window.until).where((eb) => eb.or([eb('runs.status', '=', 'running'), eb('runs.finishedAt', '>=', window.since)]))
    : q.where('runs.status', '=', 'running');
  for (const r of await q.execute()) {
    if (r.startedAt == null) continue;
    const list = out.get(r.taskId) ?? [];
    list.push({
      id: r.id,
      taskId: r.taskId,
      status: r.status as Run['status'],
      startedAt: Number(r.startedAt),
      finishedAt: r.finishedAt == null ? null : Number(r.finishedAt),
      instance: r.instance,
      heardAt: r.heartbeatAt == null ? null : Number(r.heartbeatAt),
      remote: r.runOn != null,
    });
    out.set(r.taskId, list);
  }
  return out;
}
