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

  #checkMessage(body: Record<string, unknown> | undefined): string | undefined {
    if (!body) return 'invalid json';
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
    this.#json(res, call, { errcode: 0, errmsg: 'ok', ...extra });
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
