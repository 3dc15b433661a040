import type { Message, MessageEntity, User, UserFromGetMe } from 'grammy/types';
import type { ChatMessage, Mention } from '../../src/chat/index.ts';

/** The platform name every Telegram ChatMessage carries. */
export const PLATFORM = 'telegram';

/** A person's display name: first and last name, else the username, else the id. */
export function displayName(user: Pick<User, 'id' | 'first_name' | 'last_name' | 'username'>): string {
  const full = [user.first_name, user.last_name].filter((s) => s && s.trim() !== '').join(' ').trim();
  return full || user.username || String(user.id);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function entityText(text: string, e: MessageEntity): string {
  return text.slice(e.offset, e.offset + e.length);
}

/** Mentions of people in the message; the bot itself is left out. */
function mentionsOf(text: string, entities: readonly MessageEntity[], me: UserFromGetMe): { mentions: Mention[]; botMentioned: boolean } {
  const mentions: Mention[] = [];
  let botMentioned = false;
  for (const e of entities) {
    if (e.type === 'mention') {
      const handle = entityText(text, e); // "@username"
      if (sameName(handle.slice(1), me.username)) botMentioned = true;
      else if (!mentions.some((m) => sameName(m.id, handle))) mentions.push({ id: handle, name: handle.slice(1) });
    } else if (e.type === 'text_mention') {
      if (e.user.id === me.id) botMentioned = true;
      else if (!mentions.some((m) => m.id === String(e.user.id))) mentions.push({ id: String(e.user.id), name: displayName(e.user) });
    }
  }
  return { mentions, botMentioned };
}

/**
 * A text mention shows the person's name without "@" ("remind Bob"): marks it "@Bob" so that the
 * router cuts it out of the task text as it does "@username" (offsets are UTF-16, as JS strings).
 */
function markTextMentions(text: string, entities: readonly MessageEntity[]): string {
  let out = text;
  for (const e of [...entities].filter((x) => x.type === 'text_mention').sort((a, b) => b.offset - a.offset)) {
    if (out[e.offset] !== '@') out = `${out.slice(0, e.offset)}@${out.slice(e.offset)}`;
  }
  return out;
}

// GroupAnonymousBot: a bot account on the wire, but a human admin posting anonymously.
const ANONYMOUS_ADMIN = 1087968824;
const LEADING_MENTION = /^@([A-Za-z0-9_]+)[\s,:，：]*/;
const COMMAND = /^\/([^\s@]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)/;

/**
 * Turns one Telegram message into the ChatMessage the command router reads, or null when it is
 * not for us: not text, not from a group or a private chat, from a bot, or a command addressed
 * to another bot (`/list@otherbot`).
 */
export function toChatMessage(message: Message, me: UserFromGetMe, receivedAt: number): ChatMessage | null {
  const chatType = message.chat.type === 'private' ? 'private' : message.chat.type === 'group' || message.chat.type === 'supergroup' ? 'group' : null;
  if (chatType === null || typeof message.text !== 'string') return null;
  if (message.from?.is_bot && message.from.id !== ANONYMOUS_ADMIN) return null;

  const { mentions, botMentioned } = mentionsOf(message.text, message.entities ?? [], me);
  const raw = markTextMentions(message.text, message.entities ?? []);

  let text = raw.trim();
  const lead = LEADING_MENTION.exec(text);
  if (lead && sameName(lead[1], me.username)) text = text.slice(lead[0].length);

  let isCommand = false;
  const cmd = COMMAND.exec(text);
  if (cmd) {
    if (cmd[2] !== undefined && !sameName(cmd[2], me.username)) return null;
    isCommand = true;
    if (cmd[2] !== undefined) text = `/${cmd[1]}${text.slice(cmd[0].length)}`;
  }

  const reply = message.reply_to_message;
  const repliesToBot = reply?.from?.id === me.id;
  const sender = message.from;
  return {
    platform: PLATFORM,
    chatId: String(message.chat.id),
    chatType,
    messageId: String(message.message_id),
    userId: sender ? String(sender.id) : String(message.sender_chat?.id ?? message.chat.id),
    userName: sender ? displayName(sender) : (message.sender_chat?.title ?? String(message.chat.id)),
    text,
    mentions,
    addressedToBot: chatType === 'private' || botMentioned || isCommand || repliesToBot,
    ...(reply ? { replyTo: { messageId: String(reply.message_id), ...(reply.text ?? reply.caption ? { text: reply.text ?? reply.caption } : {}) } } : {}),
    receivedAt,
  };
}
