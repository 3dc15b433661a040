import type { Executor } from './database.ts';

// Read-only counts for the HTTP edge (metrics, scheduler status). Chases themselves are read
// through chase-repository.ts (listChases, listOpenChases); the outbox repository is other work
// in progress, so its backlog count is read here. Nothing in this file writes.

/** Active tasks whose next run is already due (the scheduler's backlog). */
export async function countDueTasks(db: Executor, now: number): Promise<number> {
  const r = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .where('nextRunAt', '<=', now)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Outbox messages by status (pending, sending, sent, failed). */
export async function countOutboxByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
