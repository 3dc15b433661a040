import type { Executor } from './database.ts';

/**
 * How many occurrences of a task fired after a slot: scheduled first attempts, less the slots
 * the count never took (a missed slot skipped by the misfire policy, a slot skipped by a tap).
 * The task's run count minus this is the slot's own occurrence number, what {run} said when it
 * fired; newer runs are the ones history pruning keeps, so the subtraction survives it.
 */
export async function occurrencesFiredAfter(db: Executor, taskId: number, slot: number): Promise<number> {
  const r = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('taskId', '=', taskId)
    .where('trigger', '=', 'schedule')
    .where('attempt', '=', 1)
    .where('scheduledFor', '>', slot)
    // COALESCE: a NULL error or message must not make the whole condition unknown (and drop the row).
    .where((eb) => eb.or([eb('status', '!=', 'skipped'), eb.and([eb(eb.fn.coalesce('error', eb.val('')), 'not like', 'missed:%'), eb(eb.fn.coalesce('message', eb.val('')), 'not like', 'skipped by %')])]))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
