import { createHash } from 'node:crypto';
import { isUniqueViolation, type Executor } from './database.ts';

/** What a remembered callback key says: first use, the same content again, or other content under a used key. */
export type ReplayVerdict = 'new' | 'same' | 'other';

/** The row name of a key: long keys are hashed to fit the column. */
function rowName(key: string): string {
  return key.length <= 191 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * Remembers `key` with the digest of what it came with until `expiresAt`, for every replica:
 * the primary key makes the insert the check, so two replicas racing on one key cannot both
 * see 'new'. A row past its expiry that the prune has not removed yet is taken over.
 */
export async function rememberCallback(db: Executor, key: string, digest: string, expiresAt: number, now: number): Promise<ReplayVerdict> {
  const name = rowName(key);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await db.insertInto('callbackReplays').values({ name, digest, expiresAt }).execute();
      return 'new';
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const row = await db.selectFrom('callbackReplays').select(['digest', 'expiresAt']).where('name', '=', name).executeTakeFirst();
    if (!row) continue; // pruned in between: insert again
    if (Number(row.expiresAt) > now) return row.digest === digest ? 'same' : 'other';
    const r = await db.updateTable('callbackReplays').set({ digest, expiresAt }).where('name', '=', name).where('expiresAt', '<=', now).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return 'new';
  }
  return 'other'; // the key kept changing hands: refusing is the safe answer
}

/** Forgets a key, so that a platform's retry of a message whose handling failed is handled. */
export async function forgetCallback(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('callbackReplays').where('name', '=', rowName(key)).execute();
}

/** Deletes the keys that expired before `now`: the table holds one validity window of callbacks. */
export async function pruneCallbacks(db: Executor, now: number): Promise<number> {
  const r = await db.deleteFrom('callbackReplays').where('expiresAt', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
