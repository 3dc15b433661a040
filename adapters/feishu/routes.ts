import { type AdapterContext, type ChatMessage, dispatch, type SeenCache, type WebhookRequest, type WebhookResponse, type WebhookRoute } from '../../src/chat/index.ts';
import { EVENTS_PATH, type ResolvedFeishuOptions } from './config.ts';
import { checkFeishuSignature, sameSecret } from './crypto.ts';
import { answerCardAction, type CardActionDeps, type CardActionEvent } from './card-action.ts';
import { eventToChatMessage, type ReceiveMessageEvent } from './inbound.ts';

/** What the events route needs from the adapter. */
export interface FeishuRouteDeps {
  opts: ResolvedFeishuOptions;
  seen: SeenCache;
  /** AES-256-CBC decryption with the Encrypt Key (the SDK's AESCipher); undefined without a key. */
  decrypt?: (encrypted: string) => string;
  context(): AdapterContext | undefined;
  botOpenId(): Promise<string | undefined>;
  parentText(messageId: string): Promise<string | undefined>;
  /** The message with its sender's display name. */
  named(msg: ChatMessage): Promise<ChatMessage>;
  /** Answers clicks on card buttons (card.action.trigger). */
  cardActions: CardActionDeps;
}

const MAX_BODY = 256 * 1024; // bytes

const text = (status: number, body = ''): WebhookResponse => ({ status, body, contentType: 'text/plain; charset=utf-8' });
const json = (status: number, body: object): WebhookResponse => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The plaintext event: decrypted when an Encrypt Key is configured (and then required). */
function open(body: Record<string, unknown>, deps: FeishuRouteDeps): Record<string, unknown> | undefined {
  if (!deps.decrypt) return typeof body.encrypt === 'string' ? undefined : body;
  if (typeof body.encrypt !== 'string') return undefined;
  try {
    return parseObject(deps.decrypt(body.encrypt));
  } catch {
    return undefined;
  }
}

/**
 * POST /feishu/events (open.feishu.cn, 将事件发送至开发者服务器): the url_verification
 * challenge (its token checked), then schema 2.0 events. With an Encrypt Key, each event's
 * X-Lark-Signature and timestamp are checked before it is decrypted; every event's
 * header.token must be the Verification Token. Deduplicated by event_id and message_id
 * (Feishu retries an event it got no 200 for).
 */
async function receive(req: WebhookRequest, deps: FeishuRouteDeps): Promise<WebhookResponse> {
  if (Buffer.byteLength(req.rawBody) > MAX_BODY) return text(413, 'too large');
  const outer = parseObject(req.rawBody);
  if (!outer) return text(400, 'malformed body');
  // With an Encrypt Key every event is signed: the signature is checked before anything is
  // decrypted, and every failure gets the same answer (no padding oracle). Only the URL check
  // comes unsigned (as documented); its decrypted token is what proves it.
  const signed = req.headers['x-lark-signature'] !== undefined;
  if (deps.opts.encryptKey && signed && checkFeishuSignature(req.headers, deps.opts.encryptKey, req.rawBody, deps.opts.now(), deps.opts.replayWindowMs)) {
    return text(401, 'unauthorized');
  }
  const body = open(outer, deps);
  if (!body) return text(401, 'unauthorized');
  if (body.type === 'url_verification') {
    if (!sameSecret(typeof body.token === 'string' ? body.token : undefined, deps.opts.verificationToken)) return text(401, 'unauthorized');
    return typeof body.challenge === 'string' ? json(200, { challenge: body.challenge }) : text(400, 'malformed body');
  }
  if (deps.opts.encryptKey && !signed) return text(401, 'unauthorized');
  const header = (body.header ?? {}) as { event_id?: unknown; event_type?: unknown; token?: unknown };
  if (!sameSecret(typeof header.token === 'string' ? header.token : undefined, deps.opts.verificationToken)) return text(401, 'unauthorized');
  if (typeof header.event_id !== 'string') return text(400, 'malformed event');
  const eventKey = `event:${header.event_id}`;
  // A redelivered click gets an empty JSON answer: the card stays as the first answer left it.
  if (deps.seen.checkAndAdd(eventKey)) return header.event_type === 'card.action.trigger' ? json(200, {}) : text(200);
  // A button click on a card: verified above exactly as events are (signature, decryption, token).
  if (header.event_type === 'card.action.trigger') {
    try {
      return await answerCardAction((body.event ?? {}) as CardActionEvent, deps.cardActions);
    } catch {
      deps.seen.forget(eventKey);
      return text(503, 'retry');
    }
  }
  if (header.event_type !== 'im.message.receive_v1') return text(200);
  const ev = (body.event ?? {}) as ReceiveMessageEvent;
  const parentId = ev.message?.parent_id;
  const parentText = typeof parentId === 'string' && parentId ? await deps.parentText(parentId) : undefined;
  const msg = eventToChatMessage(ev, { botOpenId: await deps.botOpenId(), receivedAt: deps.opts.now(), ...(parentText !== undefined ? { parentText } : {}) });
  if (!msg) return text(200);
  const msgKey = `msg:${msg.messageId}`;
  if (deps.seen.checkAndAdd(msgKey)) return text(200);
  const ctx = deps.context();
  if (!ctx) {
    deps.seen.forget(eventKey, msgKey);
    return text(503, 'not started');
  }
  if ((await dispatch(ctx, await deps.named(msg), deps.opts.ackTimeoutMs)) === 'retry') {
    deps.seen.forget(eventKey, msgKey);
    return text(503, 'retry');
  }
  return text(200);
}

/** The event subscription route. */
export function feishuRoutes(deps: FeishuRouteDeps): WebhookRoute[] {
  return [{ method: 'POST', path: EVENTS_PATH, handle: (req) => receive(req, deps) }];
}
