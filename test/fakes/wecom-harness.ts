import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdapterContext, ChatAdapter, ChatMessage, WebhookRoute } from '../../src/chat/index.ts';
import { createWecomAdapters, WecomCrypto, type WecomOptions } from '../../adapters/wecom/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';
import { FakeWecomServer } from './wecom-server.ts';

/** Fixed credentials of the harnesses (test values, not real ones). */
export const WECOM_TEST = {
  corpId: 'wwcorp0001',
  agentId: '1000002',
  secret: 'app-secret-do-not-log',
  token: 'callbackTokenXyz',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  botToken: 'botTokenAbc',
  botAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

/** Serves adapter routes on 127.0.0.1 the way the Koa edge will: raw body in, status/body out. */
export class RouteServer {
  readonly #server: Server;
  url = '';

  constructor(routes: WebhookRoute[]) {
    this.#server = createServer(async (req, res) => {
      const u = new URL(req.url ?? '/', 'http://edge');
      const route = routes.find((r) => r.method === req.method && r.path === u.pathname);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (!route) {
        res.writeHead(404).end('not found');
        return;
      }
      try {
        const out = await route.handle({
          method: req.method ?? 'GET',
          path: u.pathname,
          query: Object.fromEntries(u.searchParams),
          headers: req.headers as Record<string, string | undefined>,
          rawBody: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(out.status, out.contentType ? { 'content-type': out.contentType } : {}).end(out.body ?? '');
      } catch {
        res.writeHead(500).end('internal error');
      }
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A context that records messages and log lines. */
export function recordingContext(): { ctx: AdapterContext; received: ChatMessage[]; logs: string[]; next(): Promise<ChatMessage> } {
  const received: ChatMessage[] = [];
  const logs: string[] = [];
  let waiters: ((m: ChatMessage) => void)[] = [];
  const log = (level: string) => (obj: object, msg?: string) => logs.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  const ctx: AdapterContext = {
    async onMessage(m) {
      received.push(m);
      const w = waiters;
      waiters = [];
      w.forEach((resolve) => resolve(m));
    },
    lease: { acquire: async () => true, release: async () => {} },
    log: { info: log('info'), warn: log('warn'), error: log('error') },
  };
  return { ctx, received, logs, next: () => new Promise((resolve) => waiters.push(resolve)) };
}

/** Signs and POSTs an encrypted callback, as WeCom does. */
export async function postCallback(
  url: string,
  crypto: WecomCrypto,
  body: (encrypted: string) => string,
  plaintext: string,
  opts: { timestamp?: string; nonce?: string; receiveId?: string } = {},
): Promise<Response> {
  const encrypted = crypto.encrypt(plaintext, opts.receiveId);
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(6).toString('hex');
  const q = new URLSearchParams({ msg_signature: crypto.sign(timestamp, nonce, encrypted), timestamp, nonce });
  return fetch(`${url}?${q}`, { method: 'POST', body: body(encrypted) });
}

/** The inner XML of an app text message. */
export function appTextXml(f: { from: string; text: string; msgId: string; agentId?: string; corpId?: string }): string {
  const created = Math.floor(Date.now() / 1000);
  return (
    `<xml><ToUserName><![CDATA[${f.corpId ?? WECOM_TEST.corpId}]]></ToUserName>` +
    `<FromUserName><![CDATA[${f.from}]]></FromUserName><CreateTime>${created}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${f.text}]]></Content>` +
    `<MsgId>${f.msgId}</MsgId><AgentID>${f.agentId ?? WECOM_TEST.agentId}</AgentID></xml>`
  );
}

/** The outer XML WeCom posts to the app callback. */
export function appEnvelope(encrypted: string): string {
  return `<xml><ToUserName><![CDATA[${WECOM_TEST.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[${WECOM_TEST.agentId}]]></AgentID></xml>`;
}

/** The JSON body WeCom posts to the AI bot callback. */
export function botEnvelope(encrypted: string): string {
  return JSON.stringify({ encrypt: encrypted });
}

function mentionIdsOf(part: { content?: string; mentioned_list?: string[] }): string[] {
  const ids = [...(part.content ?? '').matchAll(/<@([^>]+)>/g)].map((m) => m[1]);
  return [...new Set([...(part.mentioned_list ?? []), ...ids])];
}

function contentOf(body: Record<string, unknown> | undefined): { text: string; mentionIds: string[] } {
  const type = String(body?.msgtype);
  const part = (body?.[type] ?? {}) as { content?: string; mentioned_list?: string[] };
  return { text: part.content ?? '', mentionIds: mentionIdsOf(part) };
}

/** Everything a platform harness is built from, for tests that need more than AdapterHarness. */
export interface Rig<F> {
  fake: F;
  edge: RouteServer;
  adapter: ChatAdapter;
  received: ChatMessage[];
  logs: string[];
  close(): Promise<void>;
}

/** Starts `adapter` (pointed at `fake`) with a recording context, and an edge serving its routes. */
export async function wireRig<F extends { close(): Promise<void> }>(fake: F, adapter: ChatAdapter): Promise<Rig<F>> {
  const rec = recordingContext();
  await adapter.start(rec.ctx);
  const edge = await new RouteServer(adapter.routes).start();
  return {
    fake,
    edge,
    adapter,
    received: rec.received,
    logs: rec.logs,
    async close() {
      await adapter.stop();
      await edge.close();
      await fake.close();
    },
  };
}

export type WecomRig = Rig<FakeWecomServer>;

/** Starts the fake, one adapter of `platform` pointed at it, and an edge serving its routes. */
export async function startWecomRig(platform: 'wecom' | 'wecom-bot' | 'wecom-robot', extra: Partial<WecomOptions> = {}): Promise<WecomRig> {
  const fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
  const adapters = createWecomAdapters({ ...WECOM_TEST, apiBase: fake.url, timeoutMs: 2_000, ...extra });
  const adapter = adapters.find((a) => a.platform === platform);
  if (!adapter) throw new Error(`no ${platform} adapter from these options`);
  return wireRig(fake, adapter);
}

let seq = 0;

async function expectDelivered(res: Response, received: ChatMessage[], before: number): Promise<void> {
  const body = await res.text();
  if (res.status !== 200) throw new Error(`callback answered ${res.status} ${body}`);
  // onMessage runs before the answer unless it outlasts ackTimeoutMs; wait a little for that case.
  for (let i = 0; i < 100 && received.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  if (received.length === before) throw new Error('the adapter did not hand the message on');
}

/**
 * The `wecom` app harness. App callbacks only come from one-to-one chats, so `group` and
 * `mentionBot` cannot change what arrives: every message is private and addressed to the bot,
 * with chat id `user:<userId>`.
 */
const wecomHarness: HarnessFactory = async () => {
  const rig = await startWecomRig('wecom', { robot: false });
  const crypto = new WecomCrypto(WECOM_TEST.token, WECOM_TEST.aesKey, WECOM_TEST.corpId);
  const harness: AdapterHarness = {
    platform: 'wecom',
    adapter: rig.adapter,
    received: rig.received,
    async deliver(input) {
      const before = rig.received.length;
      const xml = appTextXml({ from: input.userId, text: input.text, msgId: String(7_000_000_000_000_000_000n + BigInt(++seq)) });
      const res = await postCallback(`${rig.edge.url}/wecom/callback`, crypto, appEnvelope, xml);
      await expectDelivered(res, rig.received, before);
    },
    async sent(chatId) {
      const [kind, id] = chatId.includes(':') ? chatId.split(/:(.*)/s) : ['any', chatId];
      const users = kind === 'chat' ? [] : rig.fake.succeeded('/cgi-bin/message/send').filter((c) => c.body?.touser === id);
      const chats = kind === 'user' ? [] : rig.fake.succeeded('/cgi-bin/appchat/send').filter((c) => c.body?.chatid === id);
      return [...users, ...chats].map((c) => contentOf(c.body));
    },
    close: () => rig.close(),
  };
  return harness;
};
export default wecomHarness;

/**
 * The `wecom-bot` harness. Groups get chat id `chat:<chatId>`, one-to-one chats
 * `user:<userId>`; a group message carries "@bot " when mentionBot is set (WeCom delivers only
 * those, so the adapter marks every message addressed to the bot).
 */
export const wecomBotHarness: HarnessFactory = async () => {
  const rig = await startWecomRig('wecom-bot', { robot: false });
  const crypto = new WecomCrypto(WECOM_TEST.botToken, WECOM_TEST.botAesKey, '');
  const urlChat = new Map<string, string>(); // response_code → chat id the adapter uses
  return {
    platform: 'wecom-bot',
    adapter: rig.adapter,
    received: rig.received,
    async deliver(input) {
      const before = rig.received.length;
      const responseUrl = rig.fake.newResponseUrl();
      const chatId = input.group ? `chat:${input.chatId}` : `user:${input.userId}`;
      urlChat.set(new URL(responseUrl).searchParams.get('response_code')!, chatId);
      const payload = {
        msgid: `msg-${++seq}-${randomBytes(4).toString('hex')}`,
        aibotid: 'AIBOTID',
        ...(input.group ? { chatid: input.chatId } : {}),
        chattype: input.group ? 'group' : 'single',
        from: { userid: input.userId },
        response_url: responseUrl,
        msgtype: 'text',
        text: { content: input.group && input.mentionBot ? `@bot ${input.text}` : input.text },
      };
      const res = await postCallback(`${rig.edge.url}/wecom/bot`, crypto, botEnvelope, JSON.stringify(payload), { receiveId: '' });
      await expectDelivered(res, rig.received, before);
    },
    async sent(chatId) {
      const wanted = chatId.includes(':') ? [chatId] : [`chat:${chatId}`, `user:${chatId}`];
      return rig.fake
        .succeeded('/cgi-bin/aibot/response')
        .filter((c) => wanted.includes(urlChat.get(c.query.response_code ?? '') ?? ''))
        .map((c) => contentOf(c.body));
    },
    close: () => rig.close(),
  };
};
