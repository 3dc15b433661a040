import type { Selectable } from 'kysely';
import type { Executor } from './database.ts';
import type { ActionTokensTable } from './schema.ts';

/** One message's buttons as stored: what they act on, and who used them first. */
export interface ActionToken {
  token: string;
  platform: string;
  chatId: string;
  taskId: number;
  chaseId: number | null;
  runId: number | null;
  choices: string[];
  createdAt: number;
  used: { at: number; byId: string; byName: string; choice: string; until: number | null } | null;
}

const num = (v: number | string | null) => (v == null ? null : Number(v));

function toToken(r: Selectable<ActionTokensTable>): ActionToken {
  return {
    token: r.token,
    platform: r.platform,
    chatId: r.chatId,
    taskId: r.taskId,
    chaseId: r.chaseId,
    runId: r.runId,
    choices: r.choices.split(' ').filter(Boolean),
    createdAt: Number(r.createdAt),
    used: r.usedAt == null ? null : { at: Number(r.usedAt), byId: r.usedById ?? '', byName: r.usedByName ?? '', choice: r.usedChoice ?? '', until: num(r.usedUntil) },
  };
}

/** Stores the token of one message's buttons. */
export async function insertActionToken(db: Executor, t: Omit<ActionToken, 'used'>): Promise<void> {
  await db
    .insertInto('actionTokens')
    .values({ ...t, choices: t.choices.join(' '), usedAt: null, usedById: null, usedByName: null, usedChoice: null, usedUntil: null })
    .execute();
}

/**
 * One token, locked on a server database: a second replica handling the same tap waits here
 * until the first commits, then reads what it did (a locking read sees the latest commit).
 */
export async function lockActionToken(db: Executor, token: string, lock: boolean): Promise<ActionToken | undefined> {
  let q = db.selectFrom('actionTokens').selectAll().where('token', '=', token);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toToken(r) : undefined;
}

/** Marks a token used; false when another tap used it first (the conditional UPDATE is the exactly-once). */
export async function useActionToken(db: Executor, token: string, u: { at: number; byId: string; byName: string; choice: string; until: number | null }): Promise<boolean> {
  const r = await db
    .updateTable('actionTokens')
    .set({ usedAt: u.at, usedById: u.byId, usedByName: u.byName.slice(0, 200), usedChoice: u.choice, usedUntil: u.until })
    .where('token', '=', token)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A task's used buttons, newest first (history). */
export async function listUsedActions(db: Executor, taskId: number, limit = 50): Promise<ActionToken[]> {
  const rows = await db.selectFrom('actionTokens').selectAll().where('taskId', '=', taskId).where('usedAt', 'is not', null).orderBy('usedAt', 'desc').limit(limit).execute();
  return rows.map(toToken);
}
