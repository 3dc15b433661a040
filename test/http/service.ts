import pino from 'pino';
import { configSchema, type Config } from '../../src/config/index.ts';
import type { ChatFn } from '../../src/http/index.ts';
import { startService, type Service } from '../../src/main.ts';
import { freshDatabaseUrl } from '../support/databases.ts';

/** Tokens the test service accepts. */
export const ADMIN = 'admin-token-0123456789abcdef';
export const READER = 'read-token-0123456789abcdef';

/** A real service on 127.0.0.1 with a temp SQLite file, and a small HTTP client for it. */
export async function startTestService(opts: { chat?: ChatFn; config?: Partial<Config>; url?: string } = {}) {
  const db = opts.url ? { url: opts.url, drop: async () => {} } : await freshDatabaseUrl('sqlite');
  const cfg = configSchema.parse({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    apiTokens: [
      { token: ADMIN, role: 'admin' },
      { token: READER, role: 'read' },
    ],
    // Above the engine's claim-ahead (200 ms in main.ts): a poll interval below it makes the loop
    // wake in the past forever and starve the event loop on SQLite.
    pollIntervalMs: 500,
    shutdownGraceMs: 2000,
    ...opts.config,
  });
  const svc: Service = await startService(cfg, pino({ level: 'silent' }), { chat: opts.chat });
  async function call(method: string, path: string, o: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? ADMIN : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(svc.url + path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  return {
    svc,
    url: svc.url,
    dbUrl: db.url,
    call,
    async close() {
      await svc.close(2000);
      await db.drop();
    },
  };
}

/** Polls `fn` every 50 ms until it returns a truthy value, or fails after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
