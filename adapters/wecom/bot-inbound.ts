import type { AdapterContext, ChatMessage, WebhookRequest, WebhookResponse, WebhookRoute } from '../../src/chat/index.ts';
import { dispatch, openCallback, reply, verifyUrl } from './callback.ts';
import { groupChatId, userChatId } from './chat-id.ts';
import type { ResolvedTuning } from './config.ts';
import type { WecomCrypto } from './crypto.ts';
import type { SeenCache } from './replay-guard.ts';
import type { ResponseUrlStore } from './bot-outbound.ts';
import { type MentionDeps, resolveMentions } from './members.ts';

/** What the AI bot's callback routes need. */
export interface BotInboundDeps {
  crypto: WecomCrypto;
  seen: SeenCache;
  replyUrls: ResponseUrlStore;
  tuning: ResolvedTuning;
  context(): AdapterContext | undefined;
  mentions?: MentionDeps;
}

export const BOT_CALLBACK_PATH = '/wecom/bot';

/** GET (URL verification, receive id "") and POST (JSON messages) on /wecom/bot. */
export function botRoutes(deps: BotInboundDeps): WebhookRoute[] {
  return [
    { method: 'GET', path: BOT_CALLBACK_PATH, handle: async (req) => verifyUrl(req, deps.crypto) },
    { method: 'POST', path: BOT_CALLBACK_PATH, maxBodyBytes: deps.tuning.maxBodyBytes, handle: (req) => receive(req, deps) },
  ];
}

/** The decrypted callback fields this adapter reads (developer.work.weixin.qq.com/document/path/100719). */
interface BotCallback {
  msgid?: unknown;
  chatid?: unknown;
  chattype?: unknown;
  from?: { userid?: unknown };
  msgtype?: unknown;
  text?: { content?: unknown };
  response_url?: unknown;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function encryptField(body: string): string | undefined {
  const e = parseJson(body)?.encrypt;
  return typeof e === 'string' ? e : undefined;
}

// An empty 200 is the documented "no passive reply"; the answer goes to response_url later.
const NO_REPLY = '';

async function receive(req: WebhookRequest, deps: BotInboundDeps): Promise<WebhookResponse> {
  const opened = openCallback(req, encryptField, deps.crypto, deps.seen, deps.tuning, NO_REPLY);
  if (!opened.ok) return opened.response;
  const cb = parseJson(opened.plaintext) as BotCallback | undefined;
  if (!cb) return reply(400, 'malformed message');
  // Stream refreshes, events, images… are acknowledged and dropped.
  const msg = toChatMessage(cb, deps.tuning.now());
  if (!msg) return reply(200, NO_REPLY);
  const msgKey = `msg:${msg.messageId}`;
  if (deps.seen.checkAndAdd(msgKey)) return reply(200, NO_REPLY);
  if (typeof cb.response_url === 'string' && /^https?:\/\//.test(cb.response_url) && URL.canParse(cb.response_url)) {
    deps.replyUrls.remember(msg.chatId, cb.response_url);
  }
  return dispatch(deps.context(), await resolveMentions(msg, deps.mentions), { cache: deps.seen, keys: [opened.replayKey, msgKey] }, deps.tuning.ackTimeoutMs, NO_REPLY);
}

/** A decrypted text callback as a ChatMessage: `chat:<chatid>` in groups, `user:<userid>` one-to-one. */
export function toChatMessage(cb: BotCallback, now: number): ChatMessage | undefined {
  const userId = typeof cb.from?.userid === 'string' ? cb.from.userid : undefined;
  const content = typeof cb.text?.content === 'string' ? cb.text.content : undefined;
  const msgid = typeof cb.msgid === 'string' ? cb.msgid : undefined;
  if (cb.msgtype !== 'text' || !userId || content === undefined || !msgid) return undefined;
  const group = cb.chattype === 'group' && typeof cb.chatid === 'string' && cb.chatid !== '';
  return {
    platform: 'wecom-bot',
    chatId: group ? groupChatId(cb.chatid as string) : userChatId(userId),
    chatType: group ? 'group' : 'private',
    messageId: msgid,
    userId,
    userName: userId,
    // In groups only @-mentions reach the bot and the text starts with "@BotName ".
    text: (group ? content.replace(/^\s*@\S+\s*/, '') : content).trim(),
    mentions: [],
    addressedToBot: true,
    receivedAt: now,
  };
}
