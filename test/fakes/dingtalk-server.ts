import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test credentials (not real ones). */
export const DINGTALK_TEST = {
  appKey: 'dingtestappkey0chatcron',
  appSecret: 'dingtalk-app-secret-do-not-log-0123456789',
  robotUserId: '$:LWCP_v1:$robotchatcron',
  corpId: 'dingcorp0test',
} as const;

/** One request the fake received. */
export interface FakeDingtalkCall {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown> | undefined;
  /** 'ok', DingTalk's code, 'http <status>' or 'hang'. */
  outcome: string;
}

/** A message the fake accepted, as the conversation shows it. */
export interface DingtalkPosted {
  chatId: string;
  via: 'session' | 'group' | 'single';
  msgtype: string;
  /** What people read: markdown line breaks undone, "@<userId>" shown as "@Name" when known. */
  text: string;
  /** People DingTalk notifies (at.atUserIds; the robot API templates notify nobody). */
  mentionIds: string[];
  /** Buttons and links that send a message when tapped (dtmd://dingtalkclient/sendMessage): what each sends. */
  buttons?: { title: string; content: string }[];
}

const SEND_LINK = 'dtmd://dingtalkclient/sendMessage?content=';

/** The text a message link sends, or undefined for any other link. */
function linkContent(url: unknown): string | undefined {
  if (typeof url !== 'string' || !url.startsWith(SEND_LINK)) return undefined;
  try {
    return decodeURIComponent(url.slice(SEND_LINK.length));
  } catch {
    return undefined;
  }
}

/** The message links of a markdown text, as the client draws them. */
function markdownLinks(text: string): { title: string; content: string }[] {
  return [...text.matchAll(/\[([^\]]+)\]\((dtmd:[^)\s]+)\)/g)].flatMap((m) => {
    const content = linkContent(m[2]);
    return content === undefined ? [] : [{ title: m[1], content }];
  });
}

export type DingtalkFailure = { kind: 'http'; status: number; code?: string } | { kind: 'errcode'; errcode: number; errmsg?: string } | { kind: 'hang' };

/**
 * The far side of DingTalk on 127.0.0.1: the access token, session webhooks (/robot/sendBySession,
 * handed out in callbacks with an expiry) and the robot API (groupMessages/send,
 * oToMessages/batchSend), answering as open.dingtalk.com documents them; and the sending half
 * of the robot callback: signed message callbacks.
 */
export class FakeDingtalkServer {
  readonly calls: FakeDingtalkCall[] = [];
  readonly posted: DingtalkPosted[] = [];
  /** Display names of staff ids (what DingTalk shows for "@<userId>"). */
  readonly users = new Map<string, string>();
  /** Conversations the robot is in (the robot API refuses others). */
  readonly joined = new Set<string>();
  /** Custom robots: access_token → 加签 secret ('' when the robot does not sign). */
  readonly robots = new Map<string, string>();
  readonly #sessions = new Map<string, { chatId: string; expiresAt: number }>();
  readonly #singles = new Map<string, string>(); // staffId → conversationId
  readonly #tokens = new Set<string>();
  readonly #failures: { path: string; failure: DingtalkFailure; remaining: number }[] = [];
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

  failNext(path: string, failure: DingtalkFailure, times = 1): void {
    this.#failures.push({ path, failure, remaining: times });
  }

  /** Ends every session webhook handed out so far. */
  expireSessions(): void {
    for (const s of this.#sessions.values()) s.expiresAt = 0;
  }

  expireTokens(): void {
    this.#tokens.clear();
  }

  sentTo(chatId: string): DingtalkPosted[] {
    return this.posted.filter((p) => p.chatId === chatId);
  }

  // --- the robot callback: what DingTalk POSTs to the app ----------------------------------

  static #lastSigned = 0; // ms

  /** Now, but later than the previous signature's instant. */
  static #instant(): number {
    FakeDingtalkServer.#lastSigned = Math.max(Date.now(), FakeDingtalkServer.#lastSigned + 1);
    return FakeDingtalkServer.#lastSigned;
  }

  /**
   * The `timestamp` and `sign` headers of a callback (the timestamp in ms). Each callback is
   * signed at its own instant: a pair is single-use on the app's side, so two callbacks must
   * not share one, even within a millisecond.
   */
  static sign(timestamp = FakeDingtalkServer.#instant(), secret: string = DINGTALK_TEST.appSecret): Record<string, string> {
    return { timestamp: String(timestamp), sign: createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64') };
  }

  /**
   * A text callback. In a group the robot's own "@name" is already cut from the content (as
   * DingTalk does) and everyone else mentioned is in atUsers, in the order the text names them.
   */
  callback(m: { chatId: string; group: boolean; from: { id: string; name: string }; text: string; mentions?: { id: string; name: string }[]; sessionTtlMs?: number; msgId?: string; sessionEndedEarly?: boolean }): Record<string, unknown> {
    this.joined.add(m.chatId);
    this.users.set(m.from.id, m.from.name);
    if (!m.group) this.#singles.set(m.from.id, m.chatId);
    for (const x of m.mentions ?? []) this.users.set(x.id, x.name);
    const session = `sess${++this.#seq}${randomBytes(6).toString('hex')}`;
    const expiresAt = Date.now() + (m.sessionTtlMs ?? 90 * 60_000);
    // A session DingTalk ends before the expiry it announced refuses every use.
    this.#sessions.set(session, { chatId: m.chatId, expiresAt: m.sessionEndedEarly ? 0 : expiresAt });
    return {
      conversationId: m.chatId,
      atUsers: [...(m.group ? [{ dingtalkId: DINGTALK_TEST.robotUserId }] : []), ...(m.mentions ?? []).map((x) => ({ dingtalkId: `$:LWCP_v1:$${x.id}`, staffId: x.id }))],
      chatbotCorpId: DINGTALK_TEST.corpId,
      chatbotUserId: DINGTALK_TEST.robotUserId,
      msgId: m.msgId ?? `msg${++this.#seq}${randomBytes(4).toString('hex')}`,
      senderNick: m.from.name,
      isAdmin: false,
      senderStaffId: m.from.id,
      sessionWebhookExpiredTime: expiresAt,
      createAt: Date.now(),
      senderCorpId: DINGTALK_TEST.corpId,
      conversationType: m.group ? '2' : '1',
      senderId: `$:LWCP_v1:$${m.from.id}`,
      ...(m.group ? { conversationTitle: 'ops', isInAtList: true } : {}),
      sessionWebhook: `${this.url}/robot/sendBySession?session=${session}`,
      text: { content: m.group ? ` ${m.text}` : m.text },
      robotCode: DINGTALK_TEST.appKey,
      msgtype: 'text',
    };
  }

  /**
   * What DingTalk calls back when `from` taps a message link on a posted message: the client
   * sends the link's text to the robot as that person, so it arrives as their text message.
   */
  tapCallback(p: DingtalkPosted, title: RegExp, from: { id: string; name: string }, group = true): Record<string, unknown> {
    const b = p.buttons?.find((x) => title.test(x.title));
    if (!b) throw new Error(`no button ${title} on ${JSON.stringify(p.buttons)}`);
    return this.callback({ chatId: p.chatId, group, from, text: b.content });
  }

  /** POSTs a signed callback. */
  static async deliver(appUrl: string, callback: object, opts: { timestamp?: number; secret?: string; unsigned?: boolean } = {}): Promise<Response> {
    const headers = opts.unsigned ? {} : FakeDingtalkServer.sign(opts.timestamp, opts.secret);
    return fetch(appUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(callback) });
  }

  // --- the APIs ------------------------------------------------------------------------------

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
    const call: FakeDingtalkCall = { path: u.pathname, query: Object.fromEntries(u.searchParams), headers: req.headers as Record<string, string | undefined>, body, outcome: 'ok' };
    this.calls.push(call);
    const queued = this.#failures.find((f) => u.pathname.startsWith(f.path) && f.remaining > 0);
    if (queued) {
      queued.remaining--;
      const f = queued.failure;
      if (f.kind === 'hang') {
        call.outcome = 'hang';
        return;
      }
      if (f.kind === 'http') return this.#send(res, call, f.status, { code: f.code ?? 'ServiceUnavailable', message: 'fake failure' }, `http ${f.status}`);
      return this.#send(res, call, 200, { errcode: f.errcode, errmsg: f.errmsg ?? 'fake failure' }, String(f.errcode));
    }
    switch (u.pathname) {
      case '/v1.0/oauth2/accessToken': {
        if (body?.appKey !== DINGTALK_TEST.appKey || body?.appSecret !== DINGTALK_TEST.appSecret) return this.#send(res, call, 400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
        const token = `dt-token-${++this.tokensIssued}`;
        this.#tokens.add(token);
        return this.#send(res, call, 200, { accessToken: token, expireIn: 7200 });
      }
      case '/robot/send':
        return this.#customRobot(res, call);
      case '/robot/sendBySession':
        return this.#session(res, call);
      case '/v1.0/robot/groupMessages/send':
      case '/v1.0/robot/oToMessages/batchSend':
        return this.#robot(res, call);
      default:
        return this.#send(res, call, 404, { code: 'NotFound', message: 'not found' }, 'http 404');
    }
  }

  #shown(text: string, ids: string[]): string {
    let out = text.split('  \n').join('\n');
    for (const id of ids) out = out.split(`@${id}`).join(`@${this.users.get(id) ?? id}`);
    return out;
  }

  #session(res: ServerResponse, call: FakeDingtalkCall): void {
    const s = this.#sessions.get(call.query.session ?? '');
    if (!s || s.expiresAt < Date.now()) return this.#send(res, call, 200, { errcode: 300001, errmsg: 'session is expired or does not exist' });
    const b = call.body ?? {};
    const type = String(b.msgtype);
    if (type === 'actionCard') {
      // An ActionCard: title, markdown text and buttons (title + actionURL each); it has no at list.
      const card = (b.actionCard ?? {}) as { title?: unknown; text?: unknown; btns?: { title?: unknown; actionURL?: unknown }[] };
      const btns = Array.isArray(card.btns) ? card.btns : [];
      if (typeof card.title !== 'string' || !card.title || typeof card.text !== 'string' || !card.text || btns.length === 0 || btns.some((x) => typeof x.title !== 'string' || !x.title || typeof x.actionURL !== 'string' || !x.actionURL)) {
        return this.#send(res, call, 200, { errcode: 40035, errmsg: 'invalid actionCard' });
      }
      const buttons = btns.flatMap((x) => (linkContent(x.actionURL) === undefined ? [] : [{ title: x.title as string, content: linkContent(x.actionURL)! }]));
      this.posted.push({ chatId: s.chatId, via: 'session', msgtype: type, text: this.#shown(card.text, []), mentionIds: [], buttons });
      return this.#send(res, call, 200, { errcode: 0, errmsg: 'ok' });
    }
    const part = (b[type] ?? {}) as { content?: string; text?: string; title?: string };
    const raw = type === 'text' ? part.content : part.text;
    if ((type !== 'text' && type !== 'markdown') || typeof raw !== 'string' || raw === '') return this.#send(res, call, 200, { errcode: 40035, errmsg: 'invalid message' });
    const ids = ((b.at as { atUserIds?: string[] } | undefined)?.atUserIds ?? []).filter((x) => typeof x === 'string');
    const links = type === 'markdown' ? markdownLinks(raw) : [];
    this.posted.push({ chatId: s.chatId, via: 'session', msgtype: type, text: this.#shown(raw, ids), mentionIds: ids, ...(links.length ? { buttons: links } : {}) });
    this.#send(res, call, 200, { errcode: 0, errmsg: 'ok' });
  }

  /** A custom robot webhook: access_token known, and when it signs, timestamp (ms, within the hour) and sign. */
  #customRobot(res: ServerResponse, call: FakeDingtalkCall): void {
    const token = call.query.access_token ?? '';
    const secret = this.robots.get(token);
    if (secret === undefined) return this.#send(res, call, 200, { errcode: 300001, errmsg: 'token is not exist' });
    if (secret) {
      const ts = Number(call.query.timestamp);
      const expected = createHmac('sha256', secret).update(`${call.query.timestamp}\n${secret}`).digest('base64');
      if (!Number.isFinite(ts) || Math.abs(ts - Date.now()) > 3_600_000 || call.query.sign !== expected) {
        return this.#send(res, call, 200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
      }
    }
    const b = call.body ?? {};
    const type = String(b.msgtype);
    const part = (b[type] ?? {}) as { content?: string; text?: string };
    const raw = (type === 'text' ? part.content : part.text) ?? '';
    const ids = ((b.at as { atUserIds?: string[] } | undefined)?.atUserIds ?? []).filter((x) => typeof x === 'string');
    this.posted.push({ chatId: `robot:${token}`, via: 'group', msgtype: type, text: this.#shown(raw, ids), mentionIds: ids });
    this.#send(res, call, 200, { errcode: 0, errmsg: 'ok' });
  }

  #robot(res: ServerResponse, call: FakeDingtalkCall): void {
    const token = call.headers['x-acs-dingtalk-access-token'];
    if (!token || !this.#tokens.has(token)) return this.#send(res, call, 401, { code: 'InvalidAuthentication', message: '不合法的access_token' });
    const b = call.body ?? {};
    if (b.robotCode !== DINGTALK_TEST.appKey) return this.#send(res, call, 400, { code: 'invalidParameter.robotCode', message: 'robot 不存在' });
    let param: { content?: string; text?: string };
    try {
      param = JSON.parse(String(b.msgParam)) as { content?: string; text?: string };
    } catch {
      return this.#send(res, call, 400, { code: 'invalidParameter.msgParam', message: 'msgParam 不是 JSON' });
    }
    const raw = b.msgKey === 'sampleText' ? param.content : param.text;
    const cardN = /^sampleActionCard([2-5])?$/.exec(String(b.msgKey));
    if (typeof raw !== 'string' || (b.msgKey !== 'sampleText' && b.msgKey !== 'sampleMarkdown' && !cardN)) return this.#send(res, call, 400, { code: 'invalidParameter.msgKey', message: 'msgKey 不合法' });
    // sampleActionCard: singleTitle / singleURL; sampleActionCardN: actionTitle1..N / actionURL1..N, all required.
    const p = param as Record<string, unknown>;
    const pairs = !cardN ? [] : cardN[1] ? Array.from({ length: Number(cardN[1]) }, (_, i) => [p[`actionTitle${i + 1}`], p[`actionURL${i + 1}`]]) : [[p.singleTitle, p.singleURL]];
    if (pairs.some(([t, u]) => typeof t !== 'string' || !t || typeof u !== 'string' || !u)) return this.#send(res, call, 400, { code: 'invalidParameter.msgParam', message: 'msgParam 缺少按钮' });
    const cardButtons = pairs.flatMap(([t, u]) => (linkContent(u) === undefined ? [] : [{ title: t as string, content: linkContent(u)! }]));
    let chatId: string;
    if (call.path.endsWith('groupMessages/send')) {
      chatId = String(b.openConversationId);
      if (!this.joined.has(chatId)) return this.#send(res, call, 400, { code: 'resource.not.found', message: '机器人不在群里' });
    } else {
      const staff = (b.userIds as string[] | undefined)?.[0] ?? '';
      const found = this.#singles.get(staff);
      if (!found) return this.#send(res, call, 400, { code: 'staffId.notExisted', message: '用户不存在' });
      chatId = found;
    }
    this.posted.push({ chatId, via: call.path.endsWith('groupMessages/send') ? 'group' : 'single', msgtype: String(b.msgKey), text: this.#shown(raw, []), mentionIds: [], ...(cardN ? { buttons: cardButtons } : {}) });
    this.#send(res, call, 200, { processQueryKey: `pqk${++this.#seq}` });
  }

  #send(res: ServerResponse, call: FakeDingtalkCall, status: number, body: Record<string, unknown>, outcome?: string): void {
    if (outcome) call.outcome = outcome;
    else if (status >= 300) call.outcome = String(body.code);
    else if (body.errcode) call.outcome = String(body.errcode);
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
  }
}
