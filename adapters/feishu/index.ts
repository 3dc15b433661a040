/**
 * The Feishu / Lark adapter (platform `feishu`; Lark by FEISHU_API_BASE=https://open.larksuite.com),
 * over the official SDK @larksuiteoapi/node-sdk, loaded only when Feishu is configured.
 *
 * - `POST /feishu/events`: the URL-verification challenge, then `im.message.receive_v1`. The
 *   Verification Token is checked on every event; with an Encrypt Key the events are
 *   AES-256-CBC encrypted (the SDK's AESCipher decrypts) and signed (X-Lark-Signature, checked
 *   here in constant time, with a 5-minute timestamp window). Deduplicated by event_id and
 *   message_id.
 * - Sends: im/v1/messages to the chat_id (the chat id, `oc_…`) under the tenant access token
 *   the SDK fetches and caches; a one-line message is text, a longer one rich text (post)
 *   with a plain-text fallback; mentions are `<at user_id="ou_…">` tags.
 *
 * Errors: FeishuApiError (a refusal), TransportError (network, 5xx, 429, 99991400), anything
 * else is our bug. The SDK's own logger is silenced: it logs request configs, which carry the
 * token; the adapter logs the mapped errors instead.
 */
import { type AdapterContext, type ChatAdapter, type ChatMessage, type Outgoing, SeenCache, type SendResult, SentTexts } from '../../src/chat/index.ts';
import { resolveFeishuOptions, type FeishuOptions } from './config.ts';
import { checkCode, FeishuApiError, redact, toAdapterError, TOKEN_INVALID } from './errors.ts';
import { PLATFORM } from './inbound.ts';
import { FEISHU_LIMITS, messageBody } from './outbound.ts';
import { feishuRoutes } from './routes.ts';
import { TokenCache } from './token-cache.ts';

export { EVENTS_PATH, FEISHU_API_BASE, LARK_API_BASE, resolveFeishuOptions, type FeishuOptions } from './config.ts';
export { checkFeishuSignature, feishuSignature } from './crypto.ts';
export { FeishuApiError, toAdapterError } from './errors.ts';
export { eventToChatMessage } from './inbound.ts';
export { FEISHU_LIMITS, messageBody, postContent, textWithMentions } from './outbound.ts';
export { createFeishuRobotAdapter, feishuRobotSign, type FeishuRobot } from './robot.ts';

// Refusals a plain-text retry cannot help: the bot is not in the chat, or has no bot ability.
const NOT_ABOUT_CONTENT = new Set([230002, 230006]);

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** The text of a message as im/v1/messages/:id returns it (text, or the text runs of a post). */
function readContent(content: unknown): string | undefined {
  if (typeof content !== 'string') return undefined;
  try {
    const v = JSON.parse(content) as { text?: unknown; content?: { tag?: string; text?: string; user_name?: string }[][] };
    if (typeof v.text === 'string') return v.text;
    if (Array.isArray(v.content)) return v.content.map((row) => row.map((e) => (e.tag === 'at' ? `@${e.user_name ?? ''}` : (e.text ?? ''))).join('')).join('\n');
  } catch {
    // not JSON: nothing to read
  }
  return undefined;
}

/** Creates the Feishu ChatAdapter; imports the SDK only now. */
export async function createFeishuAdapter(options: FeishuOptions): Promise<ChatAdapter> {
  const opts = resolveFeishuOptions(options);
  const lark = await import('@larksuiteoapi/node-sdk');
  const secrets = [opts.appSecret, opts.verificationToken, ...(opts.encryptKey ? [opts.encryptKey] : [])];
  type HttpInstance = import('@larksuiteoapi/node-sdk').HttpInstance;
  // Its interceptor already unwraps the body; the declared type does not say so.
  const base = lark.defaultHttpInstance as unknown as HttpInstance;
  const t = opts.timeoutMs;
  // The SDK's HTTP client has no timeout by default; each call gets ours.
  const httpInstance: HttpInstance = {
    request: (o) => base.request({ timeout: t, ...o }),
    get: (url, o) => base.get(url, { timeout: t, ...o }),
    delete: (url, o) => base.delete(url, { timeout: t, ...o }),
    head: (url, o) => base.head(url, { timeout: t, ...o }),
    options: (url, o) => base.options(url, { timeout: t, ...o }),
    post: (url, data, o) => base.post(url, data, { timeout: t, ...o }),
    put: (url, data, o) => base.put(url, data, { timeout: t, ...o }),
    patch: (url, data, o) => base.patch(url, data, { timeout: t, ...o }),
  };
  const tokens = new TokenCache();
  const client = new lark.Client({ appId: opts.appId, appSecret: opts.appSecret, domain: opts.apiBase, logger: SILENT, cache: tokens, httpInstance });
  const cipher = opts.encryptKey ? new lark.AESCipher(opts.encryptKey) : undefined;

  let ctx: AdapterContext | undefined;
  let health: { ok: boolean; detail?: string } = { ok: true };
  const seen = new SeenCache(2 * opts.replayWindowMs, 20_000, opts.now);
  const sentTexts = new SentTexts();

  /** One Open API call: errors mapped, a stale token replaced once, health recorded. */
  async function call<T extends { code?: unknown; msg?: unknown }>(what: string, run: () => Promise<T>, track = true): Promise<T> {
    try {
      for (let attempt = 0; ; attempt++) {
        let res: T;
        try {
          res = await run();
        } catch (err) {
          const mapped = toAdapterError(err, what, secrets);
          if (attempt === 0 && mapped instanceof FeishuApiError && TOKEN_INVALID.has(mapped.code)) {
            tokens.clear();
            continue;
          }
          throw mapped;
        }
        if (attempt === 0 && TOKEN_INVALID.has(Number(res?.code))) {
          tokens.clear();
          continue;
        }
        checkCode(res, what, secrets);
        if (track) health = { ok: true };
        return res;
      }
    } catch (err) {
      if (track) health = { ok: false, detail: redact((err as Error).message, secrets) };
      throw err;
    }
  }

  let botOpenId: string | undefined;
  let identifying: Promise<string | undefined> | undefined;
  const identify = (): Promise<string | undefined> => {
    if (botOpenId) return Promise.resolve(botOpenId);
    identifying ??= call('bot/v3/info', () => client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' }))
      .then((r) => (botOpenId = typeof r.bot?.open_id === 'string' ? r.bot.open_id : undefined))
      .catch((err: unknown) => {
        ctx?.log.warn({ err: (err as Error).message }, 'feishu: bot/v3/info failed; the bot open_id is unknown for now');
        return undefined;
      })
      .finally(() => {
        identifying = undefined;
      });
    return identifying;
  };

  const parentText = async (messageId: string): Promise<string | undefined> => {
    const known = sentTexts.get('', messageId);
    if (known !== undefined) return known;
    try {
      const r = await call('im/v1/messages/:id', () => client.im.message.get({ path: { message_id: messageId } }), false);
      return readContent(r.data?.items?.[0]?.body?.content);
    } catch (err) {
      ctx?.log.warn({ err: (err as Error).message }, 'feishu: the message a reply answers could not be read');
      return undefined;
    }
  };

  // Display names (contact:user.base:readonly); without the permission the open_id stands in.
  const names = new Map<string, { name: string; until: number }>();
  const nameOf = async (openId: string): Promise<string> => {
    const hit = names.get(openId);
    if (hit && hit.until > opts.now()) return hit.name;
    let name: string | undefined;
    try {
      const r = await call('contact/v3/users/:id', () => client.request<{ code?: number; msg?: string; data?: { user?: { name?: string } } }>({ method: 'GET', url: `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`, params: { user_id_type: 'open_id' } }), false);
      name = r.data?.user?.name?.trim() || undefined;
    } catch {
      name = undefined;
    }
    names.set(openId, { name: name ?? openId, until: opts.now() + (name ? 86_400_000 : 600_000) });
    if (names.size > 10_000) names.delete(names.keys().next().value as string);
    return name ?? openId;
  };
  const named = async (msg: ChatMessage): Promise<ChatMessage> => ({ ...msg, userName: await nameOf(msg.userId) });

  async function create(body: ReturnType<typeof messageBody>): Promise<string | undefined> {
    const r = await call('im/v1/messages', () => client.im.message.create({ params: { receive_id_type: 'chat_id' }, data: body }));
    return r.data?.message_id;
  }

  return {
    platform: PLATFORM,
    limits: FEISHU_LIMITS,
    routes: feishuRoutes({ opts, seen, ...(cipher ? { decrypt: (s: string) => cipher.decrypt(s) } : {}), context: () => ctx, botOpenId: identify, parentText, named, cardActions: { context: () => ctx, nameOf, textOf: (id) => sentTexts.get('', id) } }),

    async start(context) {
      ctx = context;
      await identify();
    },

    async stop() {
      ctx = undefined;
    },

    async send(chatId: string, out: Outgoing): Promise<SendResult> {
      const body = messageBody(chatId, out);
      let id: string | undefined;
      try {
        id = await create(body);
      } catch (err) {
        // A refused rich-text message is sent again as plain text (the fallback); other refusals stand.
        if ((body.msg_type !== 'post' && body.msg_type !== 'interactive') || !(err instanceof FeishuApiError) || NOT_ABOUT_CONTENT.has(err.code)) throw err;
        ctx?.log.warn({ err: err.message }, `feishu: ${body.msg_type === 'post' ? 'rich text' : 'card'} refused, sending plain text`);
        id = await create(messageBody(chatId, out, 'text'));
      }
      if (id) sentTexts.remember('', id, out.text);
      return id ? { messageId: id } : {};
    },

    health() {
      return health;
    },
  };
}
