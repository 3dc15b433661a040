import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One Web API request the fake received. */
export interface FakeSlackCall {
  method: string; // Web API method, e.g. chat.postMessage
  args: Record<string, string>;
  /** 'ok', Slack's error code, 'http <status>' or 'hang'. */
  outcome: string;
}

/** A message the fake accepted, as the channel would show it. */
export interface SlackPosted {
  channel: string;
  ts: string;
  /** The text as people read it: Slack's escapes undone, `<@U…>` kept. */
  text: string;
  mentionIds: string[];
  /** Block Kit blocks as posted (or as chat.update left them); undefined: a text-only message. */
  blocks?: Record<string, unknown>[];
  /** The text as sent (Slack's mrkdwn, escapes and `<@U…>` as they are): what a payload's message.text carries. */
  raw?: string;
  /** How many times chat.update changed it. */
  updates?: number;
}

/** An ephemeral message: only `user` saw it. */
export interface SlackEphemeral {
  channel: string;
  user: string;
  text: string;
}

/** A failure the fake plays instead of answering. */
export type SlackFailure = { kind: 'http'; status: number; retryAfter?: number } | { kind: 'error'; error: string } | { kind: 'hang' };

/** Test credentials (not real ones). */
export const SLACK_TEST = {
  botToken: 'xoxb-test-0000-token-do-not-log',
  signingSecret: 'test-signing-secret-3f9a1c',
  appToken: 'xapp-1-test-app-level-token',
  botUserId: 'UBOT0CHATCRON',
  teamId: 'T0TEAM',
} as const;

/**
 * The far side of Slack on 127.0.0.1: the Web API methods the adapter calls (auth.test,
 * chat.postMessage, conversations.replies) answering as docs.slack.dev documents them, and the
 * sending half of the Events API: signed event envelopes and slash commands POSTed to the app.
 */
export class FakeSlackServer {
  readonly calls: FakeSlackCall[] = [];
  readonly posted: SlackPosted[] = [];
  readonly ephemerals: SlackEphemeral[] = [];
  /** Channels the bot is a member of; chat.postMessage elsewhere answers channel_not_found. */
  readonly joined = new Set<string>();
  /** Display names users.info knows; other ids answer user_not_found. */
  readonly users = new Map<string, string>();
  readonly #failures: { method: string; failure: SlackFailure; remaining: number }[] = [];
  /** Socket Mode: open connections, and the envelope ids the app acknowledged. */
  readonly sockets = new Set<WebSocket>();
  readonly acks: string[] = [];
  connectionsOpened = 0;
  #wss?: WebSocketServer;
  #server?: Server;
  #tsSeq = 0;
  #eventSeq = 0;
  url = '';

  /** The Web API root to give the adapter (SLACK_API_BASE). */
  get apiBase(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/link' });
    this.#wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const id = (JSON.parse(String(data)) as { envelope_id?: string }).envelope_id;
        if (id) this.acks.push(id);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0CHATCRON' } }));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Sends a Socket Mode envelope down the newest connection; returns its envelope_id. */
  push(type: 'events_api' | 'slash_commands' | 'interactive', payload: object, envelopeId = `env-${randomBytes(6).toString('hex')}`, retryAttempt = 0): string {
    const ws = [...this.sockets].at(-1);
    if (!ws) throw new Error('no Socket Mode connection');
    // A redelivery keeps its envelope_id and counts its attempt (docs.slack.dev/apis/events-api/using-socket-mode).
    ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: false, retry_attempt: retryAttempt, retry_reason: retryAttempt ? 'timeout' : '' }));
    return envelopeId;
  }

  /** Tells every connection Slack is about to refresh it. */
  refreshConnections(): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } }));
  }

  async close(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    for (const ws of this.sockets) ws.terminate();
    this.#wss?.close();
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Plays `failure` for the next `times` calls of a Web API method. */
  failNext(method: string, failure: SlackFailure, times = 1): void {
    this.#failures.push({ method, failure, remaining: times });
  }

  /** What reached a channel, oldest first. */
  sentTo(channel: string): SlackPosted[] {
    return this.posted.filter((p) => p.channel === channel);
  }

  /** A fresh message ts, as Slack writes them ("1700000000.000100"). */
  nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.#tsSeq).padStart(6, '0')}`;
  }

  // --- the Events API: what Slack POSTs to the app -------------------------------------------

  /** Headers Slack signs a request with, for a body, at a timestamp (seconds). */
  sign(rawBody: string, timestamp = Math.floor(Date.now() / 1000), secret: string = SLACK_TEST.signingSecret): Record<string, string> {
    const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sig };
  }

  /** An event_callback envelope around one event. */
  envelope(event: Record<string, unknown>, eventId = `Ev${++this.#eventSeq}${randomBytes(3).toString('hex').toUpperCase()}`): string {
    return JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: SLACK_TEST.teamId,
      api_app_id: 'A0CHATCRON',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: SLACK_TEST.teamId, user_id: SLACK_TEST.botUserId, is_bot: true }],
    });
  }

  /** A user's message event in a channel (or a DM when channelType is 'im'); the bot joins the channel. */
  messageEvent(m: { channel: string; user: string; text: string; ts?: string; channelType?: string; threadTs?: string; parentUserId?: string; type?: 'message' | 'app_mention' }): Record<string, unknown> {
    this.joined.add(m.channel);
    const ts = m.ts ?? this.nextTs();
    return {
      type: m.type ?? 'message',
      channel: m.channel,
      user: m.user,
      text: m.text,
      ts,
      event_ts: ts,
      ...(m.type === 'app_mention' ? {} : { channel_type: m.channelType ?? 'channel' }),
      ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: m.parentUserId ?? SLACK_TEST.botUserId } : {}),
    };
  }

  /** POSTs a signed body to the app, as Slack does. */
  async deliver(appUrl: string, rawBody: string, contentType: string, opts: { timestamp?: number; secret?: string } = {}): Promise<Response> {
    return fetch(appUrl, { method: 'POST', headers: { 'content-type': contentType, ...this.sign(rawBody, opts.timestamp, opts.secret) }, body: rawBody });
  }

  /** The form body of a `/chatcron` slash command. */
  commandBody(c: { channel: string; user: string; userName: string; text: string }): string {
    this.joined.add(c.channel);
    return new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: SLACK_TEST.teamId,
      team_domain: 'chatcron-test',
      channel_id: c.channel,
      channel_name: 'ops',
      user_id: c.user,
      user_name: c.userName,
      command: '/chatcron',
      text: c.text,
      api_app_id: 'A0CHATCRON',
      response_url: `${this.url}/commands/response`,
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    }).toString();
  }

  /**
   * The form body Slack POSTs to the Interactivity Request URL when `user` clicks the button
   * with `actionId` of a message: `payload=<block_actions JSON>` (docs.slack.dev/reference/
   * interaction-payloads/block_actions-payload). `value` may be anything: a forger sends what it likes.
   */
  blockActionsBody(c: { channel: string; ts: string; user: string; userName: string; actionId: string; value: string }): string {
    return new URLSearchParams({ payload: JSON.stringify(this.blockActionsPayload(c)) }).toString();
  }

  /** The block_actions payload of a click: the form field over HTTP, an `interactive` envelope's payload in Socket Mode. */
  blockActionsPayload(c: { channel: string; ts: string; user: string; userName: string; actionId: string; value: string }): object {
    const m = this.posted.find((p) => p.channel === c.channel && p.ts === c.ts);
    return {
      type: 'block_actions',
      user: { id: c.user, username: c.userName.toLowerCase(), name: c.userName.toLowerCase(), team_id: SLACK_TEST.teamId },
      api_app_id: 'A0CHATCRON',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: c.ts, channel_id: c.channel, is_ephemeral: false },
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
      team: { id: SLACK_TEST.teamId, domain: 'chatcron-test' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: c.channel, name: 'ops' },
      message: { type: 'message', user: SLACK_TEST.botUserId, ts: c.ts, text: m?.raw ?? '', ...(m?.blocks ? { blocks: m.blocks } : {}) },
      state: { values: {} },
      response_url: `${this.url}/actions/response`,
      actions: [{ action_id: c.actionId, block_id: 'cc_row_0', text: { type: 'plain_text', text: 'button', emoji: true }, value: c.value, type: 'button', action_ts: `${Date.now() / 1000}` }],
    };
  }

  /** The buttons of a posted message: label, action_id and value. */
  buttonsOf(p: SlackPosted): { label: string; actionId: string; value: string }[] {
    const out: { label: string; actionId: string; value: string }[] = [];
    for (const b of p.blocks ?? []) {
      if (b.type !== 'actions') continue;
      for (const e of b.elements as { type: string; action_id: string; value: string; text: { text: string } }[]) if (e.type === 'button') out.push({ label: e.text.text, actionId: e.action_id, value: e.value });
    }
    return out;
  }

  // --- the Web API ---------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    let args: Record<string, string> = {};
    if (type.includes('application/json')) {
      try {
        args = Object.fromEntries(Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      } catch {
        args = {};
      }
    } else {
      args = Object.fromEntries(new URLSearchParams(raw));
    }
    const method = u.pathname.replace(/^\/api\//, '');
    const call: FakeSlackCall = { method, args, outcome: 'ok' };
    this.calls.push(call);

    const queued = this.#failures.find((f) => f.method === method && f.remaining > 0);
    if (queued) {
      queued.remaining--;
      const f = queued.failure;
      if (f.kind === 'hang') {
        call.outcome = 'hang';
        return;
      }
      if (f.kind === 'http') {
        call.outcome = `http ${f.status}`;
        res.writeHead(f.status, f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {}).end('upstream error');
        return;
      }
      return this.#reply(res, call, { ok: false, error: f.error });
    }
    if (method === 'apps.connections.open') {
      if (req.headers.authorization !== `Bearer ${SLACK_TEST.appToken}`) return this.#reply(res, call, { ok: false, error: 'invalid_auth' });
      this.connectionsOpened++;
      return this.#reply(res, call, { ok: true, url: `${this.url.replace('http', 'ws')}/link?ticket=${randomBytes(8).toString('hex')}` });
    }
    // Slack answers 200 with ok:false for a bad token (docs.slack.dev/authentication/tokens).
    if (req.headers.authorization !== `Bearer ${SLACK_TEST.botToken}`) return this.#reply(res, call, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return this.#reply(res, call, { ok: true, url: 'https://chatcron-test.slack.com/', team: 'chatcron', user: 'chatcron', team_id: SLACK_TEST.teamId, user_id: SLACK_TEST.botUserId, bot_id: 'B0CHATCRON' });
      case 'chat.postMessage':
        return this.#postMessage(res, call);
      case 'chat.update':
        return this.#update(res, call);
      case 'chat.postEphemeral': {
        if (!args.channel || !this.joined.has(args.channel)) return this.#reply(res, call, { ok: false, error: 'channel_not_found' });
        if (!args.user) return this.#reply(res, call, { ok: false, error: 'user_not_in_channel' });
        if (!args.text) return this.#reply(res, call, { ok: false, error: 'no_text' });
        this.ephemerals.push({ channel: args.channel, user: args.user, text: args.text });
        return this.#reply(res, call, { ok: true, message_ts: this.nextTs() });
      }
      case 'users.info': {
        const name = this.users.get(args.user ?? '');
        if (!name) return this.#reply(res, call, { ok: false, error: 'user_not_found' });
        return this.#reply(res, call, { ok: true, user: { id: args.user, name: name.toLowerCase(), real_name: name, profile: { display_name: name, real_name: name } } });
      }
      case 'conversations.replies': {
        const first = this.posted.find((p) => p.channel === args.channel && p.ts === args.ts);
        if (!first) return this.#reply(res, call, { ok: false, error: 'thread_not_found' });
        return this.#reply(res, call, { ok: true, messages: [{ type: 'message', user: SLACK_TEST.botUserId, text: first.text, ts: first.ts }], has_more: false });
      }
      default:
        return this.#reply(res, call, { ok: false, error: 'unknown_method' });
    }
  }

  #postMessage(res: ServerResponse, call: FakeSlackCall): void {
    const { channel, text } = call.args;
    if (!channel) return this.#reply(res, call, { ok: false, error: 'channel_not_found' });
    if (!this.joined.has(channel)) return this.#reply(res, call, { ok: false, error: 'channel_not_found' });
    if (!text) return this.#reply(res, call, { ok: false, error: 'no_text' });
    if (text.length > 40_000) return this.#reply(res, call, { ok: false, error: 'msg_too_long' });
    const blocks = this.#blocks(call.args.blocks);
    if (typeof blocks === 'string') return this.#reply(res, call, { ok: false, error: blocks });
    const ts = this.nextTs();
    const mentionIds = [...new Set([...text.matchAll(/<@([^>|]+)(?:\|[^>]*)?>/g)].map((m) => m[1]))];
    const shown = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    this.posted.push({ channel, ts, text: shown, mentionIds, raw: text, ...(blocks ? { blocks } : {}) });
    this.#reply(res, call, { ok: true, channel, ts, message: { type: 'message', text, user: SLACK_TEST.botUserId, ts } });
  }

  /** Block Kit as Slack checks it (invalid_blocks otherwise): 50 blocks, section text 3,000, button text 75, value 2,000, action_ids unique. */
  #blocks(raw: string | undefined): Record<string, unknown>[] | undefined | string {
    if (raw === undefined) return undefined;
    let blocks: unknown;
    try {
      blocks = JSON.parse(raw);
    } catch {
      return 'invalid_blocks_format';
    }
    if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
    const ids = new Set<string>();
    for (const b of blocks as Record<string, unknown>[]) {
      if (b.type === 'section') {
        const t = (b.text as { text?: unknown } | undefined)?.text;
        if (typeof t !== 'string' || t.length === 0 || t.length > 3000) return 'invalid_blocks';
      } else if (b.type === 'actions') {
        const els = b.elements as Record<string, unknown>[] | undefined;
        if (!Array.isArray(els) || els.length === 0 || els.length > 25) return 'invalid_blocks';
        for (const e of els) {
          const label = (e.text as { text?: unknown } | undefined)?.text;
          if (e.type !== 'button' || typeof label !== 'string' || label.length === 0 || label.length > 75) return 'invalid_blocks';
          if (typeof e.value === 'string' && e.value.length > 2000) return 'invalid_blocks';
          if (typeof e.action_id !== 'string' || ids.has(e.action_id)) return 'invalid_blocks';
          ids.add(e.action_id);
        }
      } else {
        return 'invalid_blocks';
      }
    }
    return blocks as Record<string, unknown>[];
  }

  #update(res: ServerResponse, call: FakeSlackCall): void {
    const m = this.posted.find((p) => p.channel === call.args.channel && p.ts === call.args.ts);
    if (!m) return this.#reply(res, call, { ok: false, error: 'message_not_found' });
    if (!call.args.text && !call.args.blocks) return this.#reply(res, call, { ok: false, error: 'no_text' });
    const blocks = this.#blocks(call.args.blocks);
    if (typeof blocks === 'string') return this.#reply(res, call, { ok: false, error: blocks });
    if (call.args.text) m.raw = call.args.text;
    if (call.args.text) m.text = call.args.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (blocks) m.blocks = blocks;
    m.updates = (m.updates ?? 0) + 1;
    this.#reply(res, call, { ok: true, channel: m.channel, ts: m.ts, text: call.args.text });
  }

  #reply(res: ServerResponse, call: FakeSlackCall, body: Record<string, unknown>): void {
    if (body.ok === false) call.outcome = String(body.error);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}
