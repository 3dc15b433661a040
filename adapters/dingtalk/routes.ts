import { type AdapterContext, dispatch, type SeenCache, type WebhookRequest, type WebhookResponse, type WebhookRoute } from '../../src/chat/index.ts';
import { CALLBACK_PATH, type ResolvedDingtalkOptions } from './config.ts';
import type { Conversations } from './conversations.ts';
import { callbackToChatMessage, type RobotCallback } from './inbound.ts';
import { checkDingtalkSign } from './sign.ts';

/** What the callback route needs from the adapter. */
export interface DingtalkRouteDeps {
  opts: ResolvedDingtalkOptions;
  seen: SeenCache;
  conversations: Conversations;
  context(): AdapterContext | undefined;
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
 * headers are checked first (HMAC-SHA256 with the AppSecret, one-hour window); messages are
 * deduplicated by msgId, and the conversation's session webhook is kept for the reply.
 */
async function receive(req: WebhookRequest, deps: DingtalkRouteDeps): Promise<WebhookResponse> {
  if (Buffer.byteLength(req.rawBody) > MAX_BODY) return json(413, { error: 'too large' });
  const { opts } = deps;
  if (checkDingtalkSign(req.headers.timestamp, req.headers.sign, opts.appSecret, opts.now(), opts.replayWindowMs)) return json(401, { error: 'unauthorized' });
  let cb: RobotCallback;
  try {
    const v: unknown = JSON.parse(req.rawBody);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return json(400, { error: 'malformed body' });
    cb = v as RobotCallback;
  } catch {
    return json(400, { error: 'malformed body' });
  }
  const msg = callbackToChatMessage(cb, opts.now());
  if (!msg) return ACK;
  const key = `msg:${msg.messageId}`;
  if (deps.seen.checkAndAdd(key)) return ACK;
  const webhook = trustedWebhook(cb.sessionWebhook, opts.sessionOrigins);
  const expires = Number(cb.sessionWebhookExpiredTime);
  deps.conversations.remember(msg.chatId, {
    kind: msg.chatType === 'private' ? 'single' : 'group',
    ...(msg.chatType === 'private' ? { staffId: msg.userId } : {}),
    ...(webhook && Number.isFinite(expires) ? { sessionWebhook: webhook, sessionExpiresAt: expires } : {}),
  });
  const ctx = deps.context();
  if (!ctx) {
    deps.seen.forget(key);
    return json(503, { error: 'not started' });
  }
  if ((await dispatch(ctx, msg, opts.ackTimeoutMs)) === 'retry') {
    deps.seen.forget(key);
    return json(503, { error: 'retry' });
  }
  return ACK;
}

/** The robot's callback route. */
export function dingtalkRoutes(deps: DingtalkRouteDeps): WebhookRoute[] {
  return [{ method: 'POST', path: CALLBACK_PATH, handle: (req) => receive(req, deps) }];
}
