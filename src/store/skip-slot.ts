import type { Executor } from './database.ts';

/**
 * Moves a task's next slot past the one it is waiting for (Skip next), only if that slot is
 * still the one waiting: false when the engine claimed it meanwhile (it fired) or someone
 * moved it first.
 */
export async function skipNextSlot(db: Executor, taskId: number, expected: number, next: number | null, now: number): Promise<boolean> {
  const r = await db.updateTable('tasks').set({ nextRunAt: next, updatedAt: now }).where('id', '=', taskId).where('nextRunAt', '=', expected).where('status', '=', 'active').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
