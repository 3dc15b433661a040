import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received (after any failure it was told to play). */
export interface FakeWecomCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  /** What the fake answered: 'ok', an errcode, 'http <status>' or 'hang'. */
  outcome: string;
}

/** A failure the fake plays instead of answering normally. */
export type FakeFailure =
  | { kind: 'http'; status: number }
  | { kind: 'hang' }
  | { kind: 'errcode'; errcode: number; errmsg?: string };

interface QueuedFailure {
  path: string;
  failure: FakeFailure;
  remaining: number;
}

/** A template card the fake accepted through message/send, as its recipient sees it. */
export interface FakeCard {
  touser: string;
  taskId: string;
  title: string;
  text: string;
  /** The buttons still tappable; emptied by an update. */
  buttons: { text: string; key: string; style?: number }[];
  /** The disabled button's text after update_template_card. */
  replacedWith?: string;
  updates: number;
}

/** A response_code: one update of one card, within 72 hours (document/path/94888). */
interface CardCode {
  taskId: string;
  touser: string;
  issuedAt: number; // ms
  used: boolean;
}

const CARD_CODE_TTL_MS = 72 * 3_600_000;

/** Options of the fake. */
export interface FakeWecomOptions {
  corpId?: string;
  secret?: string;
  /** expires_in the fake announces for access tokens (seconds). */
  expiresIn?: number;
}

/**
 * The far side of WeCom, on 127.0.0.1: gettoken (with expiry and rotation), message/send,
 * appchat/send, webhook/send and an AI-bot response_url endpoint, answering as WeCom's
 * documentation says. It records what it received and can be told to fail.
 */
export class FakeWecomServer {
  readonly corpId: string;
  readonly secret: string;
  expiresIn: number;
  readonly calls: FakeWecomCall[] = [];
  /** Robot keys that exist; any other key is answered with errcode 93000. */
  readonly robotKeys = new Set<string>();
  readonly #validTokens = new Set<string>();
  readonly #responseCodes = new Map<string, 'fresh' | 'used'>();
  /** Template cards sent, by task_id (unique per app, as WeCom requires). */
  readonly cards = new Map<string, FakeCard>();
  readonly #cardCodes = new Map<string, CardCode>();
  /** The members the app can see (userid → name), as user/simplelist lists them. */
  readonly members = new Map<string, string>();
  /** An errcode user/simplelist answers instead (60011: the app may not read the directory). */
  directoryRefusal?: number;
  /** The fake's clock (response_code validity); tests move it. */
  now: () => number = Date.now;
  readonly #failures: QueuedFailure[] = [];
  #tokenSeq = 0;
  #msgSeq = 0;
  #server?: Server;
  url = '';

  constructor(opts: FakeWecomOptions = {}) {
    this.corpId = opts.corpId ?? 'wwcorp0001';
    this.secret = opts.secret ?? 'app-secret-do-not-log';
    this.expiresIn = opts.expiresIn ?? 7200;
  }

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Stops listening and drops hanging connections. */
  async close(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Plays `failure` for the next `times` requests whose path starts with `path`. */
  failNext(path: string, failure: FakeFailure, times = 1): void {
    this.#failures.push({ path, failure, remaining: times });
  }

  /** Makes every access token issued so far expired (the next use gets errcode 42001). */
  expireTokens(): void {
    this.#validTokens.clear();
  }

  /** Access tokens issued so far. */
  get tokensIssued(): number {
    return this.#tokenSeq;
  }

  /** A fresh one-use response_url, as the AI bot's callbacks carry. */
  newResponseUrl(): string {
    const code = `rc-${this.#responseCodes.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.#responseCodes.set(code, 'fresh');
    return `${this.url}/cgi-bin/aibot/response?response_code=${code}`;
  }

  /** Calls answered 'ok' on a path. */
  succeeded(path: string): FakeWecomCall[] {
    return this.calls.filter((c) => c.path === path && c.outcome === 'ok');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> | undefined;
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
    }
    const call: FakeWecomCall = { method: req.method ?? 'GET', path: u.pathname, query, body, outcome: 'ok' };
    this.calls.push(call);

    const queued = this.#failures.find((f) => u.pathname.startsWith(f.path) && f.remaining > 0);
    if (queued) {
      queued.remaining--;
      const f = queued.failure;
      if (f.kind === 'hang') {
        call.outcome = 'hang';
        return; // never answered; close() drops the socket
      }
      if (f.kind === 'http') {
        call.outcome = `http ${f.status}`;
        res.writeHead(f.status, { 'content-type': 'text/html' }).end('<html>upstream error</html>');
        return;
      }
      return this.#json(res, call, { errcode: f.errcode, errmsg: f.errmsg ?? 'fake failure' });
    }

    switch (u.pathname) {
      case '/cgi-bin/gettoken':
        return this.#gettoken(res, call);
      case '/cgi-bin/message/send':
        return this.#appSend(res, call, 'touser');
      case '/cgi-bin/appchat/send':
        return this.#appSend(res, call, 'chatid');
      case '/cgi-bin/user/simplelist':
        return this.#simplelist(res, call);
      case '/cgi-bin/message/update_template_card':
        return this.#updateCard(res, call);
      case '/cgi-bin/webhook/send':
        return this.#webhook(res, call);
      case '/cgi-bin/aibot/response':
        return this.#aibot(res, call);
      default:
        call.outcome = 'http 404';
        res.writeHead(404).end('not found');
    }
  }

  #json(res: ServerResponse, call: FakeWecomCall, reply: Record<string, unknown>): void {
    const code = Number(reply.errcode ?? 0);
    if (code !== 0) call.outcome = String(code);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }

  #gettoken(res: ServerResponse, call: FakeWecomCall): void {
    if (call.query.corpid !== this.corpId) return this.#json(res, call, { errcode: 40013, errmsg: 'invalid corpid' });
    if (call.query.corpsecret !== this.secret) return this.#json(res, call, { errcode: 40001, errmsg: 'invalid credential' });
    const token = `fake-access-token-${++this.#tokenSeq}`;
    this.#validTokens.add(token);
    this.#json(res, call, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: this.expiresIn });
  }

  /** A fresh response_code for a tap on a card (each callback carries its own). */
  issueCardCode(taskId: string): string {
    const card = this.cards.get(taskId);
    if (!card) throw new Error(`no card ${taskId}`);
    const code = `RC${Math.random().toString(36).slice(2, 12)}${this.#cardCodes.size}`;
    this.#cardCodes.set(code, { taskId, touser: card.touser, issuedAt: this.now(), used: false });
    return code;
  }

  /** The decrypted template_card_event XML WeCom posts when `from` taps `key` on a card (document/path/90240). */
  cardEventXml(f: { from: string; taskId: string; key: string; responseCode: string; agentId: string; corpId?: string; createTime?: number }): string {
    return (
      `<xml><ToUserName><![CDATA[${f.corpId ?? this.corpId}]]></ToUserName><FromUserName><![CDATA[${f.from}]]></FromUserName>` +
      `<CreateTime>${f.createTime ?? Math.floor(this.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${f.key}]]></EventKey><TaskId><![CDATA[${f.taskId}]]></TaskId>` +
      `<CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${f.responseCode}]]></ResponseCode><AgentID>${f.agentId}</AgentID></xml>`
    );
  }

  // template_card of message/send, button_interaction only (what the app sends), with WeCom's documented limits.
  #checkCard(body: Record<string, unknown>): string | undefined {
    const card = body.template_card as { card_type?: unknown; task_id?: unknown; main_title?: { title?: unknown }; sub_title_text?: unknown; button_list?: unknown } | undefined;
    if (!card || card.card_type !== 'button_interaction') return 'invalid card_type';
    if (typeof card.task_id !== 'string' || !/^[0-9A-Za-z_\-@]{1,128}$/.test(card.task_id)) return 'invalid task_id';
    if (this.cards.has(card.task_id)) return 'task_id duplicated';
    if (typeof card.main_title?.title !== 'string' && typeof card.sub_title_text !== 'string') return 'main_title.title or sub_title_text required';
    const buttons = card.button_list;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return 'button_list must hold 1 to 6 buttons';
    for (const b of buttons as { text?: unknown; key?: unknown }[]) {
      if (typeof b.text !== 'string' || b.text === '') return 'button text required';
      if (typeof b.key !== 'string' || b.key === '' || Buffer.byteLength(b.key) > 1024) return 'button key required, at most 1024 bytes';
    }
    return undefined;
  }

  #checkMessage(body: Record<string, unknown> | undefined): string | undefined {
    if (!body) return 'invalid json';
    if (body.msgtype === 'template_card' && body.touser !== undefined) return this.#checkCard(body);
    const type = body.msgtype;
    if (type !== 'text' && type !== 'markdown') return 'invalid message type';
    const part = body[type] as { content?: unknown } | undefined;
    if (typeof part?.content !== 'string' || part.content === '') return 'empty content';
    return undefined;
  }

  #appSend(res: ServerResponse, call: FakeWecomCall, target: 'touser' | 'chatid'): void {
    const token = call.query.access_token;
    if (!token) return this.#json(res, call, { errcode: 41001, errmsg: 'access_token missing' });
    if (!this.#validTokens.has(token)) {
      const issued = /^fake-access-token-\d+$/.test(token);
      return this.#json(res, call, issued ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 40014, errmsg: 'invalid access_token' });
    }
    const problem = this.#checkMessage(call.body);
    if (problem) return this.#json(res, call, { errcode: 40008, errmsg: problem });
    if (typeof call.body?.[target] !== 'string' || call.body[target] === '') {
      return this.#json(res, call, { errcode: target === 'touser' ? 40003 : 86003, errmsg: `invalid ${target}` });
    }
    if (target === 'touser' && call.body.agentid === undefined) return this.#json(res, call, { errcode: 40056, errmsg: 'invalid agentid' });
    const extra = target === 'touser' ? { invaliduser: '', msgid: `msg-${++this.#msgSeq}` } : {};
    if (call.body.msgtype === 'template_card') {
      const c = call.body.template_card as { task_id: string; main_title?: { title?: string }; sub_title_text?: string; button_list: { text: string; key: string; style?: number }[] };
      this.cards.set(c.task_id, { touser: call.body.touser as string, taskId: c.task_id, title: c.main_title?.title ?? '', text: [c.main_title?.title, c.sub_title_text].filter(Boolean).join('\n'), buttons: c.button_list, updates: 0 });
      // The send's own response_code: one update without a tap.
      return this.#json(res, call, { errcode: 0, errmsg: 'ok', ...extra, response_code: this.issueCardCode(c.task_id) });
    }
    this.#json(res, call, { errcode: 0, errmsg: 'ok', ...extra });
  }

  // GET user/simplelist (document/path/90200): department_id required; fetch_child=1 for the whole tree.
  #simplelist(res: ServerResponse, call: FakeWecomCall): void {
    const token = call.query.access_token;
    if (!token || !this.#validTokens.has(token)) return this.#json(res, call, { errcode: token ? 42001 : 41001, errmsg: 'access_token invalid' });
    if (!call.query.department_id) return this.#json(res, call, { errcode: 60003, errmsg: 'department not found' });
    if (this.directoryRefusal) return this.#json(res, call, { errcode: this.directoryRefusal, errmsg: 'no privilege to access/modify contact/party/agent' });
    const userlist = [...this.members].map(([userid, name]) => ({ userid, name, department: [1], open_userid: `wo${userid}` }));
    this.#json(res, call, { errcode: 0, errmsg: 'ok', userlist });
  }

  #updateCard(res: ServerResponse, call: FakeWecomCall): void {
    const token = call.query.access_token;
    if (!token || !this.#validTokens.has(token)) return this.#json(res, call, { errcode: token ? 42001 : 41001, errmsg: 'access_token invalid' });
    const b = call.body;
    if (!b || b.agentid === undefined) return this.#json(res, call, { errcode: 40056, errmsg: 'invalid agentid' });
    const code = typeof b.response_code === 'string' ? this.#cardCodes.get(b.response_code) : undefined;
    // WeCom: "一个code只能调用一次该接口,且只能在72小时内调用".
    if (!code || code.used || this.now() - code.issuedAt > CARD_CODE_TTL_MS) return this.#json(res, call, { errcode: 40058, errmsg: 'invalid response_code' });
    const userids = b.userids;
    if (!Array.isArray(userids) || !userids.includes(code.touser)) return this.#json(res, call, { errcode: 40003, errmsg: 'invalid userid' });
    const name = (b.button as { replace_name?: unknown } | undefined)?.replace_name;
    if (typeof name !== 'string' || name === '') return this.#json(res, call, { errcode: 40058, errmsg: 'button.replace_name required' });
    code.used = true;
    const card = this.cards.get(code.taskId)!;
    card.buttons = [];
    card.replacedWith = name;
    card.updates++;
    this.#json(res, call, { errcode: 0, errmsg: 'ok' });
  }

  #webhook(res: ServerResponse, call: FakeWecomCall): void {
    const key = call.query.key;
    if (!key || !this.robotKeys.has(key)) return this.#json(res, call, { errcode: 93000, errmsg: 'invalid webhook url' });
    const problem = this.#checkMessage(call.body);
    if (problem) return this.#json(res, call, { errcode: 40008, errmsg: problem });
    const type = call.body!.msgtype as string;
    const content = (call.body![type] as { content: string }).content;
    const limit = type === 'text' ? 2048 : 4096;
    if (Buffer.byteLength(content) > limit) return this.#json(res, call, { errcode: 40058, errmsg: 'content exceed max length' });
    this.#json(res, call, { errcode: 0, errmsg: 'ok' });
  }

  #aibot(res: ServerResponse, call: FakeWecomCall): void {
    const code = call.query.response_code ?? '';
    const state = this.#responseCodes.get(code);
    if (state !== 'fresh') return this.#json(res, call, { errcode: 40001, errmsg: 'invalid response_code' });
    const problem = this.#checkMessage(call.body);
    if (problem) return this.#json(res, call, { errcode: 40008, errmsg: problem });
    this.#responseCodes.set(code, 'used');
    this.#json(res, call, { errcode: 0, errmsg: 'ok' });
  }
}
