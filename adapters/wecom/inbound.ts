import type { AdapterContext, ChatMessage, WebhookRequest, WebhookResponse, WebhookRoute } from '../../src/chat/index.ts';
import { dispatch, openCallback, reply, verifyUrl } from './callback.ts';
import { answerCardEvent, type CardEventDeps, isCardEvent } from './card-event.ts';
import { userChatId } from './chat-id.ts';
import type { ResolvedTuning } from './config.ts';
import type { WecomCrypto } from './crypto.ts';
import { type MentionDeps, resolveMentions } from './members.ts';
import type { SeenCache } from './replay-guard.ts';
import { parseWecomXml } from './xml.ts';

/** What the app's callback routes need. */
export interface AppInboundDeps {
  crypto: WecomCrypto;
  agentId: string;
  seen: SeenCache;
  tuning: ResolvedTuning;
  context(): AdapterContext | undefined;
  /** Taps on the app's template cards (template_card_event). */
  cards?: CardEventDeps;
  mentions?: MentionDeps;
}

export const APP_CALLBACK_PATH = '/wecom/callback';

/** GET (URL verification) and POST (messages) on /wecom/callback. */
export function appRoutes(deps: AppInboundDeps): WebhookRoute[] {
  return [
    { method: 'GET', path: APP_CALLBACK_PATH, handle: async (req) => verifyUrl(req, deps.crypto) },
    { method: 'POST', path: APP_CALLBACK_PATH, maxBodyBytes: deps.tuning.maxBodyBytes, handle: (req) => receive(req, deps) },
  ];
}

async function receive(req: WebhookRequest, deps: AppInboundDeps): Promise<WebhookResponse> {
  const opened = openCallback(req, (body) => parseWecomXml(body)?.Encrypt, deps.crypto, deps.seen, deps.tuning, 'success');
  if (!opened.ok) return opened.response;
  const fields = parseWecomXml(opened.plaintext);
  if (!fields) return reply(400, 'malformed message');
  if (fields.AgentID && fields.AgentID !== deps.agentId) return reply(200, 'success');
  if (isCardEvent(fields) && deps.cards) {
    // Events carry no MsgId; each tap gets its own single-use ResponseCode, which names it.
    const tapKey = `card:${fields.ResponseCode ?? `${fields.FromUserName}:${fields.CreateTime}:${fields.EventKey}`}`;
    if (deps.seen.checkAndAdd(tapKey)) return reply(200, 'success');
    return answerCardEvent(fields, deps.cards, { cache: deps.seen, keys: [opened.replayKey, tapKey] }, deps.tuning.now());
  }
  // Other events, images, voice… and messages for another agent are acknowledged and dropped.
  if (fields.MsgType !== 'text' || (fields.AgentID && fields.AgentID !== deps.agentId)) return reply(200, 'success');
  const msg = toChatMessage(fields, deps.tuning.now());
  if (!msg) return reply(200, 'success');
  const msgKey = `msg:${msg.messageId}`;
  if (deps.seen.checkAndAdd(msgKey)) return reply(200, 'success');
  return dispatch(deps.context(), await resolveMentions(msg, deps.mentions), { cache: deps.seen, keys: [opened.replayKey, msgKey] }, deps.tuning.ackTimeoutMs, 'success');
}

/** A decrypted text message as a ChatMessage; app messages always come from a one-to-one chat. */
export function toChatMessage(f: Record<string, string>, now: number): ChatMessage | undefined {
  const from = f.FromUserName;
  const content = f.Content;
  if (!from || content === undefined) return undefined;
  const created = Number(f.CreateTime);
  return {
    platform: 'wecom',
    chatId: userChatId(from),
    chatType: 'private',
    messageId: f.MsgId || `${from}:${f.CreateTime ?? now}`,
    userId: from,
    // The callback carries no display name; the userid is what WeCom shows in mentions.
    userName: from,
    text: content.trim(),
    mentions: [],
    addressedToBot: true,
    receivedAt: Number.isFinite(created) && created > 0 ? created * 1000 : now,
  };
}
