import type { ChatMessage, Mention } from '../../src/chat/index.ts';

/** The platform name every Feishu / Lark ChatMessage carries. */
export const PLATFORM = 'feishu';

/** The fields of an im.message.receive_v1 event this adapter reads (schema 2.0). */
export interface ReceiveMessageEvent {
  sender?: { sender_id?: { open_id?: unknown }; sender_type?: unknown };
  message?: {
    message_id?: unknown;
    parent_id?: unknown;
    create_time?: unknown;
    chat_id?: unknown;
    chat_type?: unknown;
    message_type?: unknown;
    content?: unknown;
    mentions?: { key?: unknown; id?: { open_id?: unknown }; name?: unknown }[];
  };
}

/** What an event needs besides itself to become a ChatMessage. */
export interface InboundContext {
  botOpenId: string | undefined;
  receivedAt: number;
  /** The text of the message this one replies to, when known. */
  parentText?: string;
}

function parseContent(content: unknown): string | undefined {
  if (typeof content !== 'string') return undefined;
  try {
    const v = JSON.parse(content) as { text?: unknown };
    return typeof v.text === 'string' ? v.text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A text message as a ChatMessage, or undefined when it is not for us (not text, not from a
 * person). Mentions arrive as placeholders ("@_user_1") listed in `mentions`: each becomes
 * "@Name" in the text and a Mention by open_id; the bot's own is dropped. Feishu delivers
 * group messages only when they @-mention the bot (unless the app may read all group
 * messages), so a group message counts as addressed only when the bot is among the mentions.
 */
export function eventToChatMessage(ev: ReceiveMessageEvent, c: InboundContext): ChatMessage | undefined {
  const m = ev.message;
  const sender = ev.sender?.sender_id?.open_id;
  if (!m || ev.sender?.sender_type !== 'user' || typeof sender !== 'string') return undefined;
  if (m.message_type !== 'text' || typeof m.message_id !== 'string' || typeof m.chat_id !== 'string') return undefined;
  const raw = parseContent(m.content);
  if (raw === undefined) return undefined;
  const mentions: Mention[] = [];
  let botMentioned = false;
  let text = raw;
  for (const x of m.mentions ?? []) {
    const key = typeof x.key === 'string' ? x.key : undefined;
    const id = typeof x.id?.open_id === 'string' ? x.id.open_id : undefined;
    const name = typeof x.name === 'string' && x.name.trim() ? x.name.trim() : id;
    if (!key || !id || !name) continue;
    const isBot = id === c.botOpenId;
    if (isBot) botMentioned = true;
    else if (!mentions.some((y) => y.id === id)) mentions.push({ id, name });
    text = text.split(key).join(isBot ? '' : `@${name}`);
  }
  const isPrivate = m.chat_type === 'p2p';
  const created = Number(m.create_time);
  return {
    platform: PLATFORM,
    chatId: m.chat_id,
    chatType: isPrivate ? 'private' : 'group',
    messageId: m.message_id,
    userId: sender,
    // The event carries no sender name; the adapter looks it up.
    userName: sender,
    text: text.replace(/^[\s,:，：]+/, '').trim(),
    mentions,
    addressedToBot: isPrivate || botMentioned,
    ...(typeof m.parent_id === 'string' && m.parent_id ? { replyTo: { messageId: m.parent_id, ...(c.parentText !== undefined ? { text: c.parentText } : {}) } } : {}),
    receivedAt: Number.isFinite(created) && created > 0 ? created : c.receivedAt,
  };
}
