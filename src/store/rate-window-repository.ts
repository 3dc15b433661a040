import { createHash } from 'node:crypto';
import type { Executor } from './database.ts';
import { onPostgres } from './insert-once.ts';

const WINDOW = 60_000; // ms

/** One per-minute limit on one key: at most `perMinute` hits in any 60 s, and `spacingMs` apart. */
export interface RateRule {
  key: string;
  perMinute: number;
  spacingMs?: number; // ms
}

/** How long a hit at `now` must wait under `rule`, given the key's earlier hits (oldest first). */
export function rateWait(hits: number[], rule: RateRule, now: number): number {
  const recent = hits.filter((t) => t > now - WINDOW);
  let wait = 0;
  const last = recent[recent.length - 1];
  if (last !== undefined && rule.spacingMs) wait = Math.max(wait, last + rule.spacingMs - now);
  if (recent.length >= rule.perMinute) wait = Math.max(wait, recent[recent.length - rule.perMinute]! + WINDOW - now);
  return wait;
}

/** The row name of a key: long keys (webhook URLs) are hashed to fit the column. */
function rowName(key: string): string {
  return key.length <= 191 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function parseHits(text: string | undefined): number[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * Takes one hit on every rule's key at `now`, or on none (call inside a write transaction).
 * `waits` holds each rule's wait in ms (0: room); the hit is recorded only when all are 0.
 * On MySQL and PostgreSQL (`rowLocks`) each key's row is locked for the transaction, in key order so that two replicas
 * taking the same keys never deadlock; SQLite's single writer serialises them already.
 */
export async function takeRateSlots(tx: Executor, rules: RateRule[], now: number, rowLocks: boolean): Promise<{ taken: boolean; waits: number[] }> {
  const mysql = rowLocks && !onPostgres(tx);
  const named = rules.map((r) => ({ ...r, key: rowName(r.key) }));
  const order = named.map((r, i) => ({ r, i })).sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : 0));
  const hitsOf = new Map<string, number[]>();
  for (const { r } of order) {
    // Creating the row first gives every later hit a row to lock; on MySQL the upsert takes the
    // row's exclusive lock at once (a plain insert's shared lock on a duplicate could deadlock).
    const insert = tx.insertInto('rateWindows').values({ name: r.key, hits: '[]', updatedAt: now });
    if (mysql) await insert.onDuplicateKeyUpdate({ name: r.key }).execute();
    else await insert.onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await (rowLocks ? tx.selectFrom('rateWindows').select('hits').where('name', '=', r.key).forUpdate() : tx.selectFrom('rateWindows').select('hits').where('name', '=', r.key)).executeTakeFirst();
    hitsOf.set(r.key, parseHits(row?.hits));
  }
  const waits = named.map((r) => rateWait(hitsOf.get(r.key)!, r, now));
  const taken = waits.every((w) => w <= 0);
  if (taken) {
    for (const r of named) {
      // Only the latest perMinute hits of the window can decide a later wait: the row stays small.
      const kept = [...hitsOf.get(r.key)!.filter((t) => t > now - WINDOW), now].slice(-Math.max(1, Math.min(r.perMinute, 1000)));
      hitsOf.set(r.key, kept);
      await tx.updateTable('rateWindows').set({ hits: JSON.stringify(kept), updatedAt: now }).where('name', '=', r.key).execute();
    }
  }
  return { taken, waits: waits.map((w) => Math.max(0, w)) };
}

/** Deletes the rows of keys with no hit since `before`: memory follows the active keys only. */
export async function sweepRateWindows(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('rateWindows').where('updatedAt', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
