import { type AdapterContext, type ChatTap, dispatch, type ReplayMemory, type TapAnswer, type WebhookRequest, type WebhookResponse, type WebhookRoute } from '../../src/chat/index.ts';
import { callbackToChatTap } from './buttons.ts';
import { CALLBACK_PATH, type ResolvedDingtalkOptions } from './config.ts';
import type { Conversations } from './conversations.ts';
import { callbackToChatMessage, type RobotCallback } from './inbound.ts';
import { digestOf, messageKey, pairKey } from './replay.ts';
import { checkDingtalkSign } from './sign.ts';

/** What the callback route needs from the adapter. */
export interface DingtalkRouteDeps {
  opts: ResolvedDingtalkOptions;
  /** The replay memory when the context brings none (the adapter alone, in its tests). */
  localMemory: ReplayMemory;
  conversations: Conversations;
  context(): AdapterContext | undefined;
  /** Tells the chat what a tap did (DingTalk cannot change the card): a reply in the conversation. */
  answerTap(tap: ChatTap, answer: TapAnswer): Promise<void>;
}

const MAX_BODY = 256 * 1024; // bytes

const json = (status: number, body: object): WebhookResponse => ({ status, body: JSON.stringify(body), contentType: 'application/json' });
// DingTalk shows nothing for an empty JSON answer; the reply goes through the session webhook.
const ACK = json(200, {});

/** A session webhook URL only when it points at DingTalk (or the configured API host). */
function trustedWebhook(url: unknown, origins: string[]): string | undefined {
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  return origins.includes(new URL(url).origin) ? url : undefined;
}

/**
 * POST /dingtalk/callback: the enterprise robot's message callback. The `timestamp` and `sign`
 * headers are checked first (HMAC-SHA256 with the AppSecret, one-hour window). The signature
 * covers only the timestamp, so a used pair is remembered (in the database, for every replica)
 * until its timestamp expires, with the digest of its body: the same pair with another body is
 * a replay and is refused. Messages are deduplicated by msgId the same way, and the
 * conversation's session webhook is kept for the reply.
 */
async function receive(req: WebhookRequest, deps: DingtalkRouteDeps): Promise<WebhookResponse> {
  if (Buffer.byteLength(req.rawBody) > MAX_BODY) return json(413, { error: 'too large' });
  const { opts } = deps;
  const { timestamp, sign } = req.headers;
  if (checkDingtalkSign(timestamp, sign, opts.appSecret, opts.now(), opts.replayWindowMs) || !timestamp || !sign) return json(401, { error: 'unauthorized' });
  let cb: RobotCallback;
  try {
    const v: unknown = JSON.parse(req.rawBody);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return json(400, { error: 'malformed body' });
    cb = v as RobotCallback;
  } catch {
    return json(400, { error: 'malformed body' });
  }
  const ctx = deps.context();
  if (!ctx) return json(503, { error: 'not started' });
  const memory = ctx.replay ?? deps.localMemory;
  const digest = digestOf(req.rawBody);
  let key: string | undefined;
  try {
    // Remembered until the timestamp could no longer pass the check (it may lie up to the window ahead).
    if ((await memory.remember(pairKey(timestamp, sign), digest, Number(timestamp) + opts.replayWindowMs)) === 'other') {
      ctx.log.warn({}, 'dingtalk: a used timestamp/sign pair came with another body; refused as a replay');
      return json(401, { error: 'unauthorized' });
    }
    const msg = callbackToChatMessage(cb, opts.now());
    if (!msg) return ACK;
    key = messageKey(msg.messageId);
    // A message id is single-use for twice the window: any replay of it is older than its pair's hour.
    if ((await memory.remember(key, digest, opts.now() + 2 * opts.replayWindowMs)) !== 'new') return ACK;
    const webhook = trustedWebhook(cb.sessionWebhook, opts.sessionOrigins);
    const expires = Number(cb.sessionWebhookExpiredTime);
    deps.conversations.remember(msg.chatId, {
      kind: msg.chatType === 'private' ? 'single' : 'group',
      ...(msg.chatType === 'private' ? { staffId: msg.userId } : {}),
      ...(webhook && Number.isFinite(expires) ? { sessionWebhook: webhook, sessionExpiresAt: expires } : {}),
    });
    // A button link's text: the tap, verified as every message is (sign, pair, msgId), applied once by its token.
    const tap = ctx.onTap ? callbackToChatTap(cb, opts.now()) : null;
    if (tap && ctx.onTap) {
      const answer = await ctx.onTap(tap);
      await deps.answerTap(tap, answer).catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, 'dingtalk: the answer to a tap could not be sent'));
      return ACK;
    }
    if ((await dispatch(ctx, msg, opts.ackTimeoutMs)) === 'retry') {
      await memory.forget(key);
      return json(503, { error: 'retry' });
    }
    return ACK;
  } catch (err) {
    // The memory (the database) or a tap's transaction failed: DingTalk may retry; a message it had recorded is let go.
    ctx.log.warn({ err: (err as Error).message }, 'dingtalk: the replay memory or the tap failed; the callback is refused for now');
    if (key) await memory.forget(key).catch(() => {});
    return json(503, { error: 'retry' });
  }
}

/** The robot's callback route. */
export function dingtalkRoutes(deps: DingtalkRouteDeps): WebhookRoute[] {
  return [{ method: 'POST', path: CALLBACK_PATH, handle: (req) => receive(req, deps) }];
}
