import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelegramAdapter, SECRET_HEADER, type TelegramOptions } from '../../adapters/telegram/index.ts';
import type { AdapterLog, ChatAdapter, ChatMessage, Lease, WebhookRoute } from '../../src/chat/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';
import { FakeTelegramServer, textUpdate } from './telegram-server.ts';

/** Named roles with expiry shared by several FakeLease holders, as the leases table would hold them. */
export class LeaseTable {
  readonly rows = new Map<string, { holder: string; expiresAt: number }>();
  /** Gives a role to someone else, as if this replica's lease had expired and been taken. */
  steal(name: string, holder = 'thief', ttlMs = 60_000): void {
    this.rows.set(name, { holder, expiresAt: Date.now() + ttlMs });
  }
}

/** An in-memory Lease; several on one LeaseTable compete like replicas on one database. */
export class FakeLease implements Lease {
  readonly acquired: string[] = [];
  constructor(
    readonly table: LeaseTable,
    readonly holder: string,
  ) {}
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const row = this.table.rows.get(name);
    if (row && row.holder !== this.holder && row.expiresAt > Date.now()) return false;
    this.table.rows.set(name, { holder: this.holder, expiresAt: Date.now() + ttlMs });
    this.acquired.push(name);
    return true;
  }
  async release(name: string): Promise<void> {
    if (this.table.rows.get(name)?.holder === this.holder) this.table.rows.delete(name);
  }
}

/** An AdapterLog that keeps every line, so tests can look for secrets in them. */
export function recordingLog(): AdapterLog & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
}

/** Serves adapter routes on 127.0.0.1 with node:http, the way the Koa edge hands them requests. */
export async function mountRoutes(routes: WebhookRoute[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    try {
      const out = await route.handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(out.status, out.contentType ? { 'content-type': out.contentType } : {}).end(out.body ?? '');
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The contract harness plus what Telegram's own tests look at. */
export interface TelegramHarness extends AdapterHarness {
  fake: FakeTelegramServer;
  log: ReturnType<typeof recordingLog>;
  lease: FakeLease;
  /** Base URL of the mounted routes (webhook mode). */
  routesUrl: string;
  /** POSTs a raw body to /telegram/webhook with the given headers. */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Resolves once onMessage has been called `count` times in all. */
  waitForReceived(count: number, timeoutMs?: number): Promise<void>;
}

/** Settings of a harness; `mode` picks webhook (secret set) or long polling. */
export interface TelegramHarnessOptions {
  mode?: 'webhook' | 'polling';
  /** The leases other replicas share; a fresh table by default. */
  leases?: LeaseTable;
  holder?: string;
  /** Runs against this fake instead of starting one (and leaves it open on close). */
  fake?: FakeTelegramServer;
  adapter?: Partial<TelegramOptions>;
}

export const WEBHOOK_SECRET = 'harness-webhook-secret_0123';

/** Starts the fake Bot API, the adapter pointed at it and (webhook mode) its routes on loopback. */
export async function createTelegramHarness(options: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  const mode = options.mode ?? 'webhook';
  const ownFake = options.fake === undefined;
  const fake = options.fake ?? (await FakeTelegramServer.start());
  const adapter: ChatAdapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    requestTimeoutMs: 2_000,
    pollingTimeoutSec: 1,
    leaseTtlMs: 600,
    pollRetryMs: 50,
    pollMinIntervalMs: 100,
    ...(mode === 'webhook' ? { webhookSecret: WEBHOOK_SECRET } : {}),
    ...options.adapter,
  });
  const received: ChatMessage[] = [];
  const waiters = new Set<() => void>();
  const log = recordingLog();
  const lease = new FakeLease(options.leases ?? new LeaseTable(), options.holder ?? 'replica-1');
  await adapter.start({
    onMessage: async (msg) => {
      received.push(msg);
      for (const w of [...waiters]) w();
    },
    lease,
    log,
  });
  const mounted = await mountRoutes(adapter.routes);

  const waitForReceived = (count: number, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (received.length >= count) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`expected ${count} inbound messages, got ${received.length}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${mounted.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: await res.text() };
  };

  let messageId = 1;
  return {
    platform: 'telegram',
    adapter,
    received,
    fake,
    log,
    lease,
    routesUrl: mounted.url,
    post,
    waitForReceived,
    async deliver(input) {
      const prefix = input.mentionBot ? `@${fake.bot.username} ` : '';
      const update = textUpdate({
        messageId: messageId++,
        chat: { id: numeric(input.chatId), type: input.group ? 'group' : 'private' },
        from: { id: numeric(input.userId), first_name: input.userName },
        text: prefix + input.text,
      });
      const before = received.length;
      if (mode === 'webhook') {
        const res = await post(JSON.stringify({ ...update, update_id: messageId }), { [SECRET_HEADER]: WEBHOOK_SECRET });
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${res.body}`);
      } else {
        fake.enqueue(update);
      }
      await waitForReceived(before + 1);
    },
    async sent(chatId) {
      // What arrived, like the other harnesses: calls the fake refused are not platform messages.
      return fake.deliveredTo(chatId).map(({ text, mentionIds }) => ({ text, mentionIds }));
    },
    async close() {
      await adapter.stop();
      await mounted.close();
      if (ownFake) await fake.close();
    },
  };
}

/** Telegram ids are integers; the contract suite may use any string, which the adapter passes through. */
function numeric(id: string): number | string {
  return /^-?\d+$/.test(id) ? Number(id) : id;
}

/** A harness in long-polling mode (no webhook secret; the replica takes the polling lease). */
export const createTelegramPollingHarness = (options: Omit<TelegramHarnessOptions, 'mode'> = {}) => createTelegramHarness({ ...options, mode: 'polling' });

/** The webhook-mode harness the shared adapter contract suite runs. */
const factory: HarnessFactory = () => createTelegramHarness({ mode: 'webhook' });
export default factory;
