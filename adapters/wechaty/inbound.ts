import { types, type Contact, type Message, type Room, type Wechaty } from 'wechaty';
import type { AdapterContext, ChatMessage, Mention } from '../../src/chat/index.ts';

/** The platform name every ChatMessage from this adapter carries. */
export const PLATFORM = 'wechaty';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes the bot's @-mention from the text ("@bot\u2005/list" → "/list"). WeChat writes a
 * mention as "@<room alias or name>" followed by U+2005; the mention may also trail the text
 * ("remind me … @bot"), so the first one anywhere goes, not only a leading one.
 */
export function stripBotMention(text: string, botNames: string[]): string {
  for (const name of botNames) {
    if (!name) continue;
    const re = new RegExp(`(^|\\s)@${escapeRegExp(name)}(?=\\s|$)\\s*`);
    if (re.test(text)) return text.replace(re, '$1').trim();
  }
  // The puppet said the bot is mentioned but under a name we do not know (renamed, stale cache):
  // WeChat ends every mention with U+2005, so a leading "@…\u2005" is that mention.
  return text.replace(/^\s*@[^\u2005]*\u2005/, '').trim();
}

/** The chat key a message belongs to: the room id, else the other person's contact id. */
export function chatIdOf(msg: Message): string {
  return msg.room()?.id ?? msg.talker().id;
}

async function displayName(room: Room | undefined, contact: Contact): Promise<string> {
  // A room alias (群昵称) is how the group knows the person; fall back to the WeChat name.
  const alias = room ? await room.alias(contact).catch(() => undefined) : undefined;
  return alias || contact.name();
}

/**
 * Turns one Wechaty message into a ChatMessage, or undefined when it is not for the bot:
 * the bot's own messages, non-text messages, official accounts, and room chatter that
 * neither mentions the bot nor starts with '/'.
 */
export async function toChatMessage(bot: Wechaty, msg: Message, receivedAt: number): Promise<ChatMessage | undefined> {
  if (msg.self() || msg.type() !== types.Message.Text) return undefined;
  const talker = msg.talker();
  if (talker.type() === types.Contact.Official) return undefined;
  const room = msg.room();
  const raw = msg.text();
  const base = {
    platform: PLATFORM,
    messageId: msg.id,
    userId: talker.id,
    userName: await displayName(room, talker),
    receivedAt,
  };

  if (!room) {
    return { ...base, chatId: talker.id, chatType: 'private', text: raw.trim(), mentions: [], addressedToBot: true };
  }

  const selfId = bot.currentUser.id;
  const mentioned = await msg.mentionList();
  const addressedToBot = mentioned.some((c) => c.id === selfId);
  let text = raw.trim();
  if (addressedToBot) {
    text = stripBotMention(raw, [await displayName(room, bot.currentUser), bot.currentUser.name()]);
  } else if (!text.startsWith('/')) {
    return undefined;
  }
  const mentions: Mention[] = await Promise.all(
    mentioned.filter((c) => c.id !== selfId).map(async (c) => ({ id: c.id, name: await displayName(room, c) })),
  );
  return { ...base, chatId: room.id, chatType: 'group', text, mentions, addressedToBot };
}

/**
 * The listener for Wechaty's `message` event. Messages of one chat reach onMessage one at a
 * time, in arrival order ("/add" before "/list"); chats do not wait for each other.
 */
export function createInboundListener(bot: Wechaty, ctx: AdapterContext): (msg: Message) => void {
  const tails = new Map<string, Promise<void>>();
  return (msg) => {
    let key: string;
    try {
      key = chatIdOf(msg);
    } catch (err) {
      ctx.log.warn({ err: String(err), messageId: msg.id }, 'wechaty: message without talker or room');
      return;
    }
    const handle = async (): Promise<void> => {
      const chatMessage = await toChatMessage(bot, msg, Date.now());
      if (chatMessage) await ctx.onMessage(chatMessage);
    };
    const tail = (tails.get(key) ?? Promise.resolve())
      .then(handle)
      .catch((err: unknown) => {
        ctx.log.error({ err: err instanceof Error ? err.message : String(err), chatId: key, messageId: msg.id }, 'wechaty: inbound message failed');
      });
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
  };
}
