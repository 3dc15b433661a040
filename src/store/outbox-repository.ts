import { sql, type Selectable } from 'kysely';
import { type Executor } from './database.ts';
import { insertOnce } from './insert-once.ts';
import type { OutboxTable } from './schema.ts';

/** One message owed to a chat or a URL. */
export interface OutboxItem {
  id: number;
  targetKind: 'chat' | 'webhook';
  platform: string | null;
  target: string;
  body: string;
  dedupeKey: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

function toItem(r: Selectable<OutboxTable>): OutboxItem {
  return {
    id: r.id,
    targetKind: r.targetKind as OutboxItem['targetKind'],
    platform: r.platform,
    target: r.target,
    body: r.body,
    dedupeKey: r.dedupeKey,
    status: r.status as OutboxItem['status'],
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt == null ? null : Number(r.nextAttemptAt),
    lastError: r.lastError,
    createdAt: Number(r.createdAt),
    sentAt: r.sentAt == null ? null : Number(r.sentAt),
  };
}

/** Queues a message; a second one with the same dedupe key is ignored (returns false). */
export async function enqueueOutbox(db: Executor, m: { targetKind: 'chat' | 'webhook'; platform: string | null; target: string; body: string; dedupeKey: string; now: number; notBefore?: number }): Promise<boolean> {
  const q = db
      .insertInto('outbox')
      .values({ targetKind: m.targetKind, platform: m.platform, target: m.target, body: m.body, dedupeKey: m.dedupeKey, status: 'pending', attempts: 0, nextAttemptAt: m.notBefore ?? m.now, claimedUntil: null, claimedBy: null, lastError: null, createdAt: m.now, sentAt: null, platformMessageId: null });
  return (await insertOnce(db, q, false)) !== undefined;
}

/**
 * Claims due messages for sending: pending ones whose time has come, and ones a dead sender
 * left `sending` past their claim. Marks them `sending` until `claimUntil`.
 */
export async function claimOutbox(db: Executor, now: number, claimUntil: number, limit: number, skipLocked: boolean, claimedBy: string | null = null): Promise<OutboxItem[]> {
  let q = db
    .selectFrom('outbox')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('nextAttemptAt', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('claimedUntil', '<', now)])]))
    // First in, first out per target: a message waits while an older one to the same place is
    // still owed (even if that one is backing off), so a chat never sees them out of order.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as older')
            .select('older.id')
            .whereRef('older.target', '=', 'outbox.target')
            .where(sql<boolean>`coalesce(older.platform, '') = coalesce(outbox.platform, '')`)
            .whereRef('older.id', '<', 'outbox.id')
            .where('older.status', 'in', ['pending', 'sending']),
        ),
      ),
    )
    .orderBy('id')
    .limit(limit);
  if (skipLocked) q = q.forUpdate().skipLocked();
  const rows = (await q.execute()).map(toItem);
  if (rows.length) {
    await db.updateTable('outbox').set({ status: 'sending', claimedUntil: claimUntil, claimedBy }).where('id', 'in', rows.map((r) => r.id)).execute();
  }
  return rows;
}

/** Records a delivery. */
export async function markOutboxSent(db: Executor, id: number, now: number, platformMessageId?: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sentAt: now, claimedUntil: null, platformMessageId: platformMessageId ?? null }).where('id', '=', id).execute();
}

/** Puts a message back for a later attempt (counted or not). */
export async function rescheduleOutbox(db: Executor, id: number, at: number, error: string | null, countAttempt: boolean): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'pending', nextAttemptAt: at, claimedUntil: null, lastError: error, attempts: countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts') }))
    .where('id', '=', id)
    .execute();
}

/** Gives up on a message for good (a permanent refusal), keeping the platform's reason. */
export async function failOutbox(db: Executor, id: number, error: string): Promise<void> {
  await db.updateTable('outbox').set((eb) => ({ status: 'failed', claimedUntil: null, lastError: error, attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
}

/** Forgets delivered (and given-up) messages older than `before`; returns how many. */
export async function pruneOutbox(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('outbox').where('status', 'in', ['sent', 'failed']).where('createdAt', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Hands messages being sent by instances not in `alive` back to the queue; returns how many. */
export async function releaseOrphanedOutbox(db: Executor, alive: string[], now: number): Promise<number> {
  let q = db.updateTable('outbox').set({ status: 'pending', nextAttemptAt: now, claimedUntil: null, claimedBy: null }).where('status', '=', 'sending');
  if (alive.length) q = q.where((eb) => eb.or([eb('claimedBy', 'is', null), eb('claimedBy', 'not in', alive)]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The earliest instant a pending message is due, or null. */
export async function earliestOutbox(db: Executor): Promise<number | null> {
  const r = await db.selectFrom('outbox').select((eb) => eb.fn.min('nextAttemptAt').as('t')).where('status', '=', 'pending').executeTakeFirst();
  const s = await db.selectFrom('outbox').select((eb) => eb.fn.min('claimedUntil').as('t')).where('status', '=', 'sending').executeTakeFirst();
  const times = [r?.t, s?.t].filter((t) => t != null).map(Number);
  return times.length ? Math.min(...times) : null;
}

/** Messages for one target, oldest first (tests and the status page). */
export async function listOutbox(db: Executor, target?: string, limit = 100): Promise<OutboxItem[]> {
  let q = db.selectFrom('outbox').selectAll();
  if (target !== undefined) q = q.where('target', '=', target);
  return (await q.orderBy('id').limit(limit).execute()).map(toItem);
}
