import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test credentials (not real ones). */
export const FEISHU_TEST = {
  appId: 'cli_test0000chatcron',
  appSecret: 'feishu-app-secret-do-not-log',
  verificationToken: 'feishu-verification-token-1',
  encryptKey: 'feishu-encrypt-key-for-tests',
  botOpenId: 'ou_bot0chatcron',
} as const;

/** One Open API request the fake received. */
export interface FakeFeishuCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  /** 'ok', Feishu's code, 'http <status>' or 'hang'. */
  outcome: string;
}

/** A message the fake accepted, as the chat shows it. */
export interface FeishuPosted {
  chatId: string;
  messageId: string;
  msgType: string;
  /** The text as people read it: `<at>` tags and post `at` elements as "@Name". */
  text: string;
  mentionIds: string[];
  content: string;
  /** A card's buttons (interactive messages). */
  buttons?: CardButton[];
  /** How many times a callback's answer replaced the card. */
  updates?: number;
}

export type FeishuFailure = { kind: 'http'; status: number; code?: number; reset?: number } | { kind: 'code'; code: number; msg?: string } | { kind: 'hang' };

/** The text people see for a text or post content, and whom it mentions. */
export function readFeishuContent(msgType: string, content: string): { text: string; mentionIds: string[] } {
  if (msgType === 'interactive') return readCard(JSON.parse(content) as Record<string, unknown>);
  const v = JSON.parse(content) as { text?: string; zh_cn?: { content?: { tag: string; text?: string; user_id?: string; user_name?: string }[][] } };
  if (msgType === 'text') {
    const ids: string[] = [];
    const text = (v.text ?? '').replace(/<at user_id="([^"]*)">([^<]*)<\/at>/g, (_m, id: string, name: string) => {
      ids.push(id.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));
      return `@${name}`;
    });
    return { text, mentionIds: [...new Set(ids)] };
  }
  const ids: string[] = [];
  const lines = (v.zh_cn?.content ?? []).map((row) =>
    row
      .map((e) => {
        if (e.tag === 'at') {
          ids.push(e.user_id ?? '');
          return `@${e.user_name ?? ''}`;
        }
        return e.text ?? '';
      })
      .join(''),
  );
  return { text: lines.join('\n'), mentionIds: [...new Set(ids)] };
}

/** A button of a card: its label and value. */
export interface CardButton {
  label: string;
  value: Record<string, unknown>;
}

/**
 * A message card (JSON 1.0) as the client draws it; throws what Feishu refuses: no elements, a
 * button without text or with a value that is not an object, an unknown tag.
 */
export function readCard(card: Record<string, unknown>): { text: string; mentionIds: string[]; buttons: CardButton[] } {
  const elements = card.elements;
  if (!Array.isArray(elements) || elements.length === 0) throw new Error('card has no elements');
  const lines: string[] = [];
  const ids: string[] = [];
  const buttons: CardButton[] = [];
  for (const e of elements as Record<string, unknown>[]) {
    if (e.tag === 'div') {
      const t = e.text as { tag?: string; content?: unknown } | undefined;
      if (!t || typeof t.content !== 'string' || (t.tag !== 'plain_text' && t.tag !== 'lark_md')) throw new Error('div without text');
      if (t.tag === 'lark_md') for (const m of t.content.matchAll(/<at id=([^>]+)><\/at>/g)) ids.push(m[1]);
      else lines.push(t.content);
    } else if (e.tag === 'action') {
      for (const b of (e.actions ?? []) as Record<string, unknown>[]) {
        const label = (b.text as { content?: unknown } | undefined)?.content;
        if (b.tag !== 'button' || typeof label !== 'string' || label === '') throw new Error('button without text');
        if (b.value !== undefined && (typeof b.value !== 'object' || b.value === null || Array.isArray(b.value))) throw new Error('button value must be an object');
        buttons.push({ label, value: (b.value ?? {}) as Record<string, unknown> });
      }
    } else {
      throw new Error(`unknown tag ${String(e.tag)}`);
    }
  }
  return { text: lines.join('\n'), mentionIds: [...new Set(ids)], buttons };
}

/**
 * The far side of Feishu on 127.0.0.1: the Open API calls the adapter makes (tenant access
 * token, bot info, send and read messages, contact names), answering as open.feishu.cn
 * documents them, and the sending half of event subscription: encrypted, signed events.
 */
export class FakeFeishuServer {
  readonly calls: FakeFeishuCall[] = [];
  readonly posted: FeishuPosted[] = [];
  /** Chats the bot is in; a send elsewhere answers 230002. */
  readonly joined = new Set<string>();
  /** Names contact/v3/users knows. */
  readonly users = new Map<string, string>();
  /** Custom bots: hook token → signing secret ('' when the bot does not sign). */
  readonly hooks = new Map<string, string>();
  readonly #tokens = new Set<string>();
  readonly #failures: { path: string; failure: FeishuFailure; remaining: number }[] = [];
  #seq = 0;
  #server?: Server;
  url = '';
  tokensIssued = 0;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  failNext(path: string, failure: FeishuFailure, times = 1): void {
    this.#failures.push({ path, failure, remaining: times });
  }

  /** Makes every token issued so far invalid (the next use answers 99991663). */
  expireTokens(): void {
    this.#tokens.clear();
  }

  sentTo(chatId: string): FeishuPosted[] {
    return this.posted.filter((p) => p.chatId === chatId);
  }

  // --- event subscription: what Feishu POSTs to the app --------------------------------------

  /** AES-256-CBC with SHA-256 of the Encrypt Key, a random IV in front, base64: as Feishu encrypts. */
  static encrypt(plaintext: string, encryptKey: string = FEISHU_TEST.encryptKey): string {
    const key = createHash('sha256').update(encryptKey).digest();
    const iv = randomBytes(16);
    const c = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, c.update(plaintext, 'utf8'), c.final()]).toString('base64');
  }

  /** The signature headers of a body. */
  static sign(rawBody: string, encryptKey: string = FEISHU_TEST.encryptKey, timestamp = Math.floor(Date.now() / 1000), nonce = randomBytes(8).toString('hex')): Record<string, string> {
    const signature = createHash('sha256').update(`${timestamp}${nonce}${encryptKey}${rawBody}`).digest('hex');
    return { 'x-lark-request-timestamp': String(timestamp), 'x-lark-request-nonce': nonce, 'x-lark-signature': signature };
  }

  /** An im.message.receive_v1 event (schema 2.0); the bot joins the chat. */
  messageEvent(m: { chatId: string; chatType?: 'group' | 'p2p'; from: string; text: string; mentions?: { id: string; name: string }[]; parentId?: string; messageId?: string; token?: string }): Record<string, unknown> {
    this.joined.add(m.chatId);
    const mentions = (m.mentions ?? []).map((x, i) => ({ key: `@_user_${i + 1}`, id: { open_id: x.id, union_id: `on_${x.id}`, user_id: null }, name: x.name, tenant_key: 'tenant0' }));
    let text = m.text;
    // The people the text names become the @_user_N placeholders Feishu puts in content.
    for (const [i, x] of (m.mentions ?? []).entries()) text = text.split(`@${x.name}`).join(`@_user_${i + 1}`);
    const now = Date.now();
    return {
      schema: '2.0',
      header: { event_id: `ev_${randomBytes(8).toString('hex')}`, event_type: 'im.message.receive_v1', create_time: String(now), token: m.token ?? FEISHU_TEST.verificationToken, app_id: FEISHU_TEST.appId, tenant_key: 'tenant0' },
      event: {
        sender: { sender_id: { open_id: m.from, union_id: `on_${m.from}`, user_id: null }, sender_type: 'user', tenant_key: 'tenant0' },
        message: {
          message_id: m.messageId ?? `om_${++this.#seq}${randomBytes(4).toString('hex')}`,
          root_id: m.parentId ?? '',
          parent_id: m.parentId ?? '',
          create_time: String(now),
          chat_id: m.chatId,
          chat_type: m.chatType ?? 'group',
          message_type: 'text',
          content: JSON.stringify({ text }),
          mentions,
        },
      },
    };
  }

  /**
   * A card.action.trigger callback (schema 2.0) for `from` clicking a button whose value is
   * `value` on a card the bot sent; field set per open.feishu.cn 卡片回传交互 (card-callback-communication).
   */
  cardActionEvent(c: { chatId: string; messageId: string; from: string; value: Record<string, unknown>; token?: string }): Record<string, unknown> {
    return {
      schema: '2.0',
      header: { event_id: `ev_${randomBytes(8).toString('hex')}`, token: c.token ?? FEISHU_TEST.verificationToken, create_time: String(Date.now() * 1000), event_type: 'card.action.trigger', tenant_key: 'tenant0', app_id: FEISHU_TEST.appId },
      event: {
        operator: { tenant_key: 'tenant0', user_id: null, open_id: c.from, union_id: `on_${c.from}` },
        token: `c-${randomBytes(12).toString('hex')}`,
        action: { value: c.value, tag: 'button' },
        host: 'im_message',
        context: { open_message_id: c.messageId, open_chat_id: c.chatId },
      },
    };
  }

  /**
   * Clicks a button as Feishu does: the signed, encrypted card.action.trigger goes to the app,
   * whose answer must come within 3 s (else the client shows an error and nothing changes), be
   * JSON, and hold a toast ({type: info|success|error|warning, content}) and/or a card
   * ({type: 'raw', data: <card>}) that then replaces the message for everyone (a shared card).
   */
  async clickCard(appUrl: string, c: { chatId: string; messageId: string; from: string; value: Record<string, unknown> }, opts: { signKey?: string } = {}): Promise<{ status: number; toast?: string; elapsedMs: number; event: object }> {
    const event = this.cardActionEvent(c);
    return this.deliverClick(appUrl, event, c.messageId, opts);
  }

  /** Delivers a (possibly replayed) card.action.trigger and applies the answer as Feishu would. */
  async deliverClick(appUrl: string, event: object, messageId: string, opts: { signKey?: string } = {}): Promise<{ status: number; toast?: string; elapsedMs: number; event: object }> {
    const started = Date.now();
    const res = await FakeFeishuServer.deliver(appUrl, event, opts);
    const elapsedMs = Date.now() - started;
    const raw = await res.text();
    if (res.status !== 200 || elapsedMs > 3000) return { status: res.status, elapsedMs, event };
    const answer = JSON.parse(raw) as { toast?: { type?: string; content?: string }; card?: { type?: string; data?: Record<string, unknown> } };
    if (answer.toast && !['info', 'success', 'error', 'warning'].includes(String(answer.toast.type))) throw new Error(`fake Feishu: toast type ${answer.toast.type} is not one Feishu knows`);
    if (answer.card) {
      if (answer.card.type !== 'raw' || !answer.card.data) throw new Error('fake Feishu: the card of an answer must be {type: "raw", data}');
      const read = readCard(answer.card.data);
      const p = this.posted.find((x) => x.messageId === messageId);
      if (p) Object.assign(p, { content: JSON.stringify(answer.card.data), text: read.text, mentionIds: read.mentionIds, buttons: read.buttons, updates: (p.updates ?? 0) + 1 });
    }
    return { status: 200, ...(answer.toast?.content ? { toast: answer.toast.content } : {}), elapsedMs, event };
  }

  /** POSTs an event as Feishu does with an Encrypt Key: `{"encrypt": …}`, signed. */
  static async deliver(appUrl: string, event: object, opts: { encryptKey?: string; signKey?: string; timestamp?: number; unsigned?: boolean } = {}): Promise<Response> {
    const body = JSON.stringify({ encrypt: FakeFeishuServer.encrypt(JSON.stringify(event), opts.encryptKey) });
    const headers = opts.unsigned ? {} : FakeFeishuServer.sign(body, opts.signKey ?? opts.encryptKey, opts.timestamp);
    return fetch(appUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  }

  // --- the Open API -------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> | undefined;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const call: FakeFeishuCall = { method: req.method ?? 'GET', path: u.pathname, query: Object.fromEntries(u.searchParams), body, outcome: 'ok' };
    this.calls.push(call);
    const queued = this.#failures.find((f) => u.pathname.startsWith(f.path) && f.remaining > 0);
    if (queued) {
      queued.remaining--;
      const f = queued.failure;
      if (f.kind === 'hang') {
        call.outcome = 'hang';
        return;
      }
      if (f.kind === 'http') {
        call.outcome = `http ${f.status}`;
        res.writeHead(f.status, { 'content-type': 'application/json', ...(f.reset ? { 'x-ogw-ratelimit-reset': String(f.reset) } : {}) }).end(JSON.stringify({ code: f.code ?? 1, msg: 'fake failure' }));
        return;
      }
      return this.#reply(res, call, 400, { code: f.code, msg: f.msg ?? 'fake failure' });
    }
    if (u.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (body?.app_id !== FEISHU_TEST.appId || body?.app_secret !== FEISHU_TEST.appSecret) return this.#reply(res, call, 200, { code: 10014, msg: 'app secret invalid' });
      const token = `t-fake-${++this.tokensIssued}`;
      this.#tokens.add(token);
      return this.#reply(res, call, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    const hook = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(u.pathname);
    if (hook) return this.#hook(res, call, hook[1]);
    const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!auth || !this.#tokens.has(auth)) return this.#reply(res, call, 400, { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
    if (u.pathname === '/open-apis/bot/v3/info') return this.#reply(res, call, 200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: 'chatcron', open_id: FEISHU_TEST.botOpenId } });
    if (u.pathname === '/open-apis/im/v1/messages' && req.method === 'POST') return this.#send(res, call);
    const get = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(u.pathname);
    if (get && req.method === 'GET') {
      const p = this.posted.find((x) => x.messageId === get[1]);
      if (!p) return this.#reply(res, call, 400, { code: 230001, msg: 'message not found' });
      return this.#reply(res, call, 200, { code: 0, msg: 'success', data: { items: [{ message_id: p.messageId, msg_type: p.msgType, chat_id: p.chatId, body: { content: p.content }, sender: { id: 'cli_x', id_type: 'app_id', sender_type: 'app' } }] } });
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(u.pathname);
    if (user) {
      const name = this.users.get(decodeURIComponent(user[1]));
      if (!name) return this.#reply(res, call, 400, { code: 41050, msg: 'no user authority error' });
      return this.#reply(res, call, 200, { code: 0, msg: 'success', data: { user: { open_id: user[1], name } } });
    }
    call.outcome = 'http 404';
    res.writeHead(404).end('404 page not found');
  }

  #send(res: ServerResponse, call: FakeFeishuCall): void {
    if (call.query.receive_id_type !== 'chat_id') return this.#reply(res, call, 400, { code: 230001, msg: 'invalid receive_id_type' });
    const b = call.body ?? {};
    const chatId = typeof b.receive_id === 'string' ? b.receive_id : '';
    const msgType = String(b.msg_type);
    const content = typeof b.content === 'string' ? b.content : '';
    if (!this.joined.has(chatId)) return this.#reply(res, call, 400, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    if (msgType !== 'text' && msgType !== 'post' && msgType !== 'interactive') return this.#reply(res, call, 400, { code: 230001, msg: 'invalid msg_type' });
    let read: { text: string; mentionIds: string[] };
    try {
      read = readFeishuContent(msgType, content);
    } catch {
      return this.#reply(res, call, 400, { code: 230001, msg: 'invalid content' });
    }
    const messageId = `om_sent_${++this.#seq}`;
    this.posted.push({ chatId, messageId, msgType, content, ...read });
    this.#reply(res, call, 200, { code: 0, msg: 'success', data: { message_id: messageId, chat_id: chatId, msg_type: msgType, body: { content } } });
  }

  /** A custom bot webhook: checks the signature (key "<timestamp>\n<secret>", empty message) within the hour. */
  #hook(res: ServerResponse, call: FakeFeishuCall, token: string): void {
    const secret = this.hooks.get(token);
    if (secret === undefined) return this.#reply(res, call, 200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid' });
    const b = call.body ?? {};
    if (secret) {
      const ts = Number(b.timestamp);
      const expected = createHmac('sha256', `${b.timestamp}\n${secret}`).update('').digest('base64');
      if (!Number.isFinite(ts) || Math.abs(ts * 1000 - Date.now()) > 3_600_000 || b.sign !== expected) {
        return this.#reply(res, call, 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
      }
    }
    const msgType = String(b.msg_type);
    const content = (b.content ?? {}) as { text?: string; post?: unknown };
    const raw = msgType === 'post' ? JSON.stringify(content.post ?? {}) : JSON.stringify({ text: content.text ?? '' });
    this.posted.push({ chatId: `hook:${token}`, messageId: `hook_${++this.#seq}`, msgType, content: raw, ...readFeishuContent(msgType, raw) });
    this.#reply(res, call, 200, { code: 0, msg: 'success', data: {} });
  }

  #reply(res: ServerResponse, call: FakeFeishuCall, status: number, body: Record<string, unknown>): void {
    if (body.code) call.outcome = String(body.code);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}
