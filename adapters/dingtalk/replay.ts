import { createHash } from 'node:crypto';
import type { ReplayMemory } from '../../src/chat/index.ts';

/** sha256 hex of a text. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The memory key of a used `timestamp` + `sign` pair (hashed: the sign is a credential for its hour). */
export function pairKey(timestamp: string, sign: string): string {
  return `dingtalk:sign:${digestOf(`${timestamp}\n${sign}`)}`;
}

/** The memory key of a handled message. */
export function messageKey(msgId: string): string {
  return `dingtalk:msg:${msgId}`;
}

/**
 * A replay memory of this process only, for an adapter started without the shared one (its own
 * tests). The service always hands the database's, which every replica shares.
 */
export function localReplayMemory(now: () => number): ReplayMemory {
  const keys = new Map<string, { digest: string; expiresAt: number }>();
  return {
    async remember(key, digest, expiresAt) {
      const t = now();
      for (const [k, v] of keys) if (v.expiresAt <= t) keys.delete(k);
      const had = keys.get(key);
      if (had) return had.digest === digest ? 'same' : 'other';
      keys.set(key, { digest, expiresAt });
      return 'new';
    },
    async forget(key) {
      keys.delete(key);
    },
  };
}
