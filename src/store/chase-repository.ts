import type { Selectable } from 'kysely';
import type { Chase, ChaseCloseReason } from '../domain/index.ts';
import { type Executor } from './database.ts';
import { insertOnce } from './insert-once.ts';
import type { ChasesTable } from './schema.ts';

function toChase(r: Selectable<ChasesTable>): Chase {
  const n = (v: number | null) => (v == null ? null : Number(v));
  return {
    id: r.id,
    taskId: r.taskId,
    runId: r.runId,
    scheduledFor: Number(r.scheduledFor),
    openedAt: Number(r.openedAt),
    nextChaseAt: n(r.nextChaseAt),
    count: r.count,
    closedAt: n(r.closedAt),
    closedBy: r.closedBy,
    closeReason: r.closeReason as ChaseCloseReason | null,
  };
}

/** Opens the chase of one occurrence; undefined when it is open already (another replica). */
export async function openChase(db: Executor, c: { taskId: number; runId: number | null; scheduledFor: number; openedAt: number; nextChaseAt: number | null }): Promise<Chase | undefined> {
  const id = await insertOnce(db, db.insertInto('chases').values({ ...c, count: 0, closedAt: null, closedBy: null, closeReason: null }), true);
  return id === undefined ? undefined : { ...c, id, count: 0, closedAt: null, closedBy: null, closeReason: null };
}

/** The newest open chase of a task, if any. */
export async function findOpenChase(db: Executor, taskId: number): Promise<Chase | undefined> {
  const r = await db.selectFrom('chases').selectAll().where('taskId', '=', taskId).where('closedAt', 'is', null).orderBy('id', 'desc').executeTakeFirst();
  return r ? toChase(r) : undefined;
}

/** The newest chase of a task, open or closed. */
export async function findLastChase(db: Executor, taskId: number): Promise<Chase | undefined> {
  const r = await db.selectFrom('chases').selectAll().where('taskId', '=', taskId).orderBy('id', 'desc').executeTakeFirst();
  return r ? toChase(r) : undefined;
}

/** Closes one chase if it is still open; false when someone closed it first. */
export async function closeChase(db: Executor, id: number, now: number, reason: ChaseCloseReason, by: string | null): Promise<boolean> {
  const r = await db
    .updateTable('chases')
    .set({ closedAt: now, closedBy: by, closeReason: reason, nextChaseAt: null })
    .where('id', '=', id)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Closes every open chase of a task (the next occurrence opened). */
export async function closeOpenChases(db: Executor, taskId: number, now: number, reason: ChaseCloseReason): Promise<number> {
  const r = await db
    .updateTable('chases')
    .set({ closedAt: now, closeReason: reason, nextChaseAt: null })
    .where('taskId', '=', taskId)
    .where('closedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Open chases whose next reminder is due, locked on MySQL. */
export async function lockDueChases(db: Executor, now: number, limit: number, skipLocked: boolean): Promise<Chase[]> {
  let q = db.selectFrom('chases').selectAll().where('closedAt', 'is', null).where('nextChaseAt', '<=', now).orderBy('nextChaseAt').limit(limit);
  if (skipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map(toChase);
}

/** Records one reminder sent and when the next is due (null: none). */
export async function advanceChase(db: Executor, id: number, count: number, nextChaseAt: number | null): Promise<void> {
  await db.updateTable('chases').set({ count, nextChaseAt }).where('id', '=', id).execute();
}

/** The earliest due reminder, or null. */
export async function earliestChase(db: Executor): Promise<number | null> {
  const r = await db.selectFrom('chases').select((eb) => eb.fn.min('nextChaseAt').as('t')).where('closedAt', 'is', null).executeTakeFirst();
  return r?.t == null ? null : Number(r.t);
}

/** A task's chases, newest first (for history). */
export async function listChases(db: Executor, taskId: number, limit = 20): Promise<Chase[]> {
  const rows = await db.selectFrom('chases').selectAll().where('taskId', '=', taskId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toChase);
}

/** Open chases of every task, newest first (status page). */
export async function listOpenChases(db: Executor, taskId?: number): Promise<Chase[]> {
  let q = db.selectFrom('chases').selectAll().where('closedAt', 'is', null);
  if (taskId !== undefined) q = q.where('taskId', '=', taskId);
  return (await q.orderBy('id', 'desc').limit(200).execute()).map(toChase);
}
