import type { Executor } from './database.ts';

/** Registers or refreshes this process's heartbeat. */
export async function heartbeat(db: Executor, inst: { id: string; host: string; pid: number; startedAt: number }, now: number): Promise<void> {
  const r = await db.updateTable('instances').set({ heartbeatAt: now }).where('id', '=', inst.id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('instances').values({ ...inst, heartbeatAt: now }).execute();
}

/** Ids of instances whose heartbeat is newer than `since`. */
export async function aliveInstances(db: Executor, since: number): Promise<string[]> {
  const rows = await db.selectFrom('instances').select('id').where('heartbeatAt', '>=', since).execute();
  return rows.map((r) => r.id);
}

/** Instances with a heartbeat at or after `since`, and when each was last heard from. */
export async function instanceBeats(db: Executor, since: number): Promise<{ id: string; heartbeatAt: number }[]> {
  const rows = await db.selectFrom('instances').select(['id', 'heartbeatAt']).where('heartbeatAt', '>=', since).execute();
  return rows.map((r) => ({ id: r.id, heartbeatAt: Number(r.heartbeatAt) }));
}

/** Forgets instances silent since before `before`. */
export async function forgetInstances(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('instances').where('heartbeatAt', '<', before).execute();
}

/** Removes this instance at clean shutdown. */
export async function removeInstance(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('instances').where('id', '=', id).execute();
}
