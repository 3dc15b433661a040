import { type Executor } from './database.ts';
import { insertOnce } from './insert-once.ts';

/**
 * Takes or renews the named lease for `holder` until `now + ttlMs`. Succeeds when the lease
 * is free, expired, or already ours; the conditional update makes two claimants race safely.
 */
export async function acquireLease(db: Executor, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  const expiresAt = now + ttlMs;
  const r = await db
    .updateTable('leases')
    .set({ holder, expiresAt })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expiresAt', '<', now)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return true;
  // undefined: someone else holds it (a database failure throws: not the same as "held by another")
  return (await insertOnce(db, db.insertInto('leases').values({ name, holder, expiresAt }), false)) !== undefined;
}

/** Gives the lease up if we hold it. */
export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Who holds the lease and until when, if anyone. */
export async function findLease(db: Executor, name: string): Promise<{ holder: string; expiresAt: number } | undefined> {
  const r = await db.selectFrom('leases').select(['holder', 'expiresAt']).where('name', '=', name).executeTakeFirst();
  return r ? { holder: r.holder, expiresAt: Number(r.expiresAt) } : undefined;
}
