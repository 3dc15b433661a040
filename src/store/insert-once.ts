import { PostgresAdapter, sql, type InsertQueryBuilder, type InsertResult } from 'kysely';
import { isUniqueViolation, type Executor } from './database.ts';
import type { DB } from './schema.ts';

/** Whether `db` talks to PostgreSQL (told by its adapter, so that a repository needs no dialect argument). */
export function onPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyInsert = InsertQueryBuilder<DB, any, InsertResult>;

/**
 * Inserts one row and returns its id (`withId`) or 0; undefined when a unique key holds that row
 * already. On PostgreSQL a failed statement aborts the whole transaction around it, so there the
 * duplicate is skipped with ON CONFLICT DO NOTHING instead of caught; SQLite and MySQL keep
 * catching the error (MySQL's INSERT IGNORE would also swallow truncation and other errors).
 */
export async function insertOnce(db: Executor, q: AnyInsert, withId: boolean): Promise<number | undefined> {
  if (onPostgres(db)) {
    const rows = (await q
      .onConflict((oc) => oc.doNothing())
      .returning(withId ? sql<number>`id`.as('id') : sql<number>`0`.as('id'))
      .execute()) as unknown as { id: number }[];
    return rows.length ? Number(rows[0].id) : undefined;
  }
  try {
    const r = await q.executeTakeFirstOrThrow();
    return withId ? Number(r.insertId) : 0;
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

/** Inserts one row and returns its id (PostgreSQL reports ids only through RETURNING). */
export async function insertReturningId(db: Executor, q: AnyInsert): Promise<number> {
  if (onPostgres(db)) {
    const rows = (await q.returning(sql<number>`id`.as('id')).execute()) as unknown as { id: number }[];
    return Number(rows[0].id);
  }
  return Number((await q.executeTakeFirstOrThrow()).insertId);
}
