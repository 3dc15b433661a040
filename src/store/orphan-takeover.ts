import { sql } from 'kysely';
import type { Executor } from './database.ts';

const CHUNK = 500; // ids per statement

/**
 * Moves the runs that the dead instance `from` held but never started to `instance`, each to
 * start at its instant or `now` when that has passed: one statement per 500 runs, not one per
 * run. A replica that died with hundreds of runs claimed (a catch-up, or the runs it had itself
 * just taken over) held the survivor's takeover transaction, and its loop, for seconds when each
 * was a round trip (12.6 s for 422 runs on a loaded PostgreSQL). Returns the runs this call took
 * (a peer surviving too may have taken some first) with their start instants.
 */
export async function takeOverRuns(db: Executor, ids: number[], from: string | null, instance: string, now: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await db
      .updateTable('runs')
      .set({ instance, startedAt: sql<number>`case when scheduled_for > ${now} then scheduled_for else ${now} end` })
      .where('id', 'in', chunk)
      .where('status', '=', 'running')
      .where('spawnedAt', 'is', null)
      .where((eb) => (from == null ? eb('instance', 'is', null) : eb('instance', '=', from)))
      .execute();
    // Orphans are never this instance's own runs, so the rows it holds now are the ones it took.
    const rows = await db.selectFrom('runs').select(['id', 'startedAt']).where('id', 'in', chunk).where('status', '=', 'running').where('instance', '=', instance).execute();
    for (const r of rows) out.set(r.id, Number(r.startedAt));
  }
  return out;
}

/**
 * Puts the runs that the dead instance `from` held but never started back in the queue as
 * `instance`'s, each due at its own due time (or its instant): the set form of requeueOrphanRun.
 * Returns the ids this call requeued.
 */
export async function requeueOrphanRuns(db: Executor, ids: number[], from: string | null, instance: string): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await db
      .updateTable('runs')
      .set({ status: 'queued', instance, dueAt: sql<number>`coalesce(due_at, scheduled_for)`, startedAt: null })
      .where('id', 'in', chunk)
      .where('status', '=', 'running')
      .where('spawnedAt', 'is', null)
      .where((eb) => (from == null ? eb('instance', 'is', null) : eb('instance', '=', from)))
      .execute();
    const rows = await db.selectFrom('runs').select('id').where('id', 'in', chunk).where('status', '=', 'queued').where('instance', '=', instance).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}
