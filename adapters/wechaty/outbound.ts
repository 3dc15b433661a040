import type { Contact, Message, Room, Wechaty } from 'wechaty';
import type { Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError, TransportError } from '../../src/domain/index.ts';

// Node socket errors and gRPC status codes (wechaty-puppet-service) that mean "try again later".
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);
const TRANSIENT_GRPC_CODES = new Set([4, 8, 10, 14]); // DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE
// gRPC codes that will not change on retry: INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION.
const PERMANENT_GRPC_CODES = new Set([3, 5, 7, 9]);

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
}

/** True when a puppet error says the far side is unreachable for now rather than "no". */
export function isTransientPuppetError(err: unknown): boolean {
  if (err instanceof TransportError) return true;
  const code = codeOf(err);
  return (typeof code === 'string' && TRANSIENT_NODE_CODES.has(code)) || (typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code));
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError(`wechaty: ${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Conversation = { kind: 'room'; room: Room } | { kind: 'contact'; contact: Contact };

/**
 * Finds the room or the contact behind a chat id. Room ids look different per puppet
 * ("…@chatroom" on WeChat, "R:…" on WeCom puppets), so both are asked rather than guessed.
 */
async function findConversation(bot: Wechaty, chatId: string): Promise<Conversation> {
  // Asking the puppet first keeps its error, which says whether "not there" or "not reachable".
  const probes: (() => Promise<Conversation | undefined>)[] = [
    async () => {
      await bot.puppet.roomPayload(chatId);
      const room = await bot.Room.find({ id: chatId });
      return room && { kind: 'room', room };
    },
    async () => {
      await bot.puppet.contactPayload(chatId);
      const contact = await bot.Contact.find({ id: chatId });
      return contact && { kind: 'contact', contact };
    },
  ];
  for (const probe of probes) {
    try {
      const found = await probe();
      if (found) return found;
    } catch (err) {
      if (isTransientPuppetError(err)) throw new TransportError(`wechaty: looking up ${chatId} failed: ${messageOf(err)}`);
    }
  }
  throw new PlatformError(`wechaty: no room or contact with id ${chatId}`, 404);
}

async function mentionContacts(bot: Wechaty, out: Outgoing): Promise<{ found: Contact[]; missing: string[] }> {
  const found: Contact[] = [];
  const missing: string[] = [];
  for (const m of out.mentions ?? []) {
    const contact = await bot.Contact.find({ id: m.id });
    if (contact) found.push(contact);
    else missing.push(m.name);
  }
  return { found, missing };
}

/**
 * Sends one message: `room.say(text, ...mentioned)` in a room, `contact.say(text)` in a
 * private chat. Unknown chat → PlatformError; not logged in, timeouts, unreachable puppet
 * and other puppet failures → TransportError.
 */
export async function sendText(bot: Wechaty, chatId: string, out: Outgoing, timeoutMs: number): Promise<SendResult> {
  if (!bot.isLoggedIn) throw new TransportError('wechaty: not logged in');
  const target = await withTimeout(findConversation(bot, chatId), timeoutMs, `looking up ${chatId}`);
  let said: Promise<void | Message>;
  if (target.kind === 'room') {
    const { found, missing } = await withTimeout(mentionContacts(bot, out), timeoutMs, 'looking up mentions');
    // Someone the puppet does not know cannot be @-linked; their name still tells the room who is meant.
    const text = missing.length > 0 ? `${missing.map((n) => `@${n}`).join(' ')} ${out.text}` : out.text;
    said = target.room.say(text, ...found);
  } else {
    said = target.contact.say(out.text);
  }
  try {
    const msg = await withTimeout(said, timeoutMs, `sending to ${chatId}`);
    return msg ? { messageId: msg.id } : {};
  } catch (err) {
    if (err instanceof TransportError) throw err;
    const code = codeOf(err);
    if (typeof code === 'number' && PERMANENT_GRPC_CODES.has(code)) {
      throw new PlatformError(`wechaty: sending to ${chatId} refused: ${messageOf(err)}`);
    }
    // Anything else from a puppet (logged out meanwhile, session hiccup) may pass on a later try.
    throw new TransportError(`wechaty: sending to ${chatId} failed: ${messageOf(err)}`);
  }
}
