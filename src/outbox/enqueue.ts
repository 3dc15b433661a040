import type { AdapterLimits, Outgoing } from '../chat/index.ts';
import { enqueueOutbox, type Executor } from '../store/index.ts';
import { splitMessage } from './split.ts';

/** Where a chat message goes. */
export interface ChatTarget {
  platform: string;
  chatId: string;
}

/**
 * Queues a message to a chat, split to the platform's length limit (each piece its own row, so
 * a retry never re-sends a piece that went out). The dedupe key makes a second enqueue of the
 * same notice (a replayed update, a retried transaction) a no-op.
 */
export async function enqueueChat(tx: Executor, to: ChatTarget, out: Outgoing, dedupeKey: string, now: number, limits?: AdapterLimits): Promise<number> {
  const pieces = limits ? splitMessage(out.text, limits.maxLength, limits.lengthUnit) : [out.text];
  let n = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece: Outgoing = i === 0 ? { ...out, text: pieces[i] } : { text: pieces[i], lang: out.lang };
    if (pieces.length > 1) delete piece.markdown; // markdown is not split; the plain pieces carry it
    const key = pieces.length > 1 ? `${dedupeKey}#${i}` : dedupeKey;
    if (await enqueueOutbox(tx, { targetKind: 'chat', platform: to.platform, target: to.chatId, body: JSON.stringify(piece), dedupeKey: key.slice(0, 191), now })) n++;
  }
  return n;
}

/** Queues a JSON POST to a URL. */
export async function enqueueWebhook(tx: Executor, url: string, payload: unknown, dedupeKey: string, now: number): Promise<boolean> {
  return enqueueOutbox(tx, { targetKind: 'webhook', platform: null, target: url, body: JSON.stringify(payload), dedupeKey: dedupeKey.slice(0, 191), now });
}
