import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WECOM_TEST } from '../fakes/wecom-harness.ts';
import { FakeWecomServer } from '../fakes/wecom-server.ts';
import { FakeTelegramServer } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'oversized-webhook-secret';
const API_TOKEN = 'test-token-0123456789abcdef';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

/** One request through `agent`; `chunked` sends the body without a Content-Length. */
function send(agent: http.Agent, url: string, method: string, path: string, body?: Buffer, opts: { chunked?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', ...opts.headers };
    if (body && !opts.chunked) headers['content-length'] = body.length;
    const req = http.request(url + path, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket as Socket }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && opts.chunked) {
      // Several writes so that the body really goes out in chunks of its own.
      for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.subarray(i, i + 256 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

const ROUTES: { name: string; path: string; headers: Record<string, string> }[] = [
  { name: '/api/tasks', path: '/api/tasks', headers: { authorization: `Bearer ${API_TOKEN}` } },
  { name: '/telegram/webhook', path: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': SECRET } },
  { name: '/wecom/callback', path: '/wecom/callback?msg_signature=x&timestamp=1&nonce=n', headers: { 'content-type': 'text/xml' } },
  { name: '/wecom/bot', path: '/wecom/bot?msg_signature=x&timestamp=1&nonce=n', headers: {} },
];

describe('an oversized request body', () => {
  let tg: FakeTelegramServer;
  let wecom: FakeWecomServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    tg = await FakeTelegramServer.start({ token: TOKEN });
    wecom = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
    h = await startTestService({
      CHATCRON_API_TOKEN: API_TOKEN,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      WECOM_API_BASE: wecom.url,
      WECOM_CORP_ID: WECOM_TEST.corpId,
      WECOM_AGENT_ID: WECOM_TEST.agentId,
      WECOM_SECRET: WECOM_TEST.secret,
      WECOM_TOKEN: WECOM_TEST.token,
      WECOM_AES_KEY: WECOM_TEST.aesKey,
      WECOM_BOT_TOKEN: WECOM_TEST.botToken,
      WECOM_BOT_AES_KEY: WECOM_TEST.botAesKey,
    });
  });
  afterAll(async () => {
    await h?.close();
    await tg?.close();
    await wecom?.close();
  });

  for (const route of ROUTES) {
    for (const chunked of [false, true]) {
      it(`gets 413 on ${route.name} (${chunked ? 'chunked' : 'with a length'}) and the next request on the same keep-alive connection succeeds`, async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          const big = Buffer.alloc(2 * 1024 * 1024, 'a');
          const first = await send(agent, h.svc.url, 'POST', route.path, big, { chunked, headers: route.headers });
          expect(first.status).toBe(413);
          const second = await send(agent, h.svc.url, 'GET', '/healthz');
          expect(second.status).toBe(200);
          expect(JSON.parse(second.body)).toEqual({ ok: true });
          // Either the connection stayed usable, or the server said it would close it.
          if (first.headers.connection === 'close') expect(second.socket).not.toBe(first.socket);
          else expect(second.socket).toBe(first.socket);
        } finally {
          agent.destroy();
        }
      });
    }
  }

  it('closes the connection cleanly with Connection: close when the body is too large to drain, and the next request succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, h.svc.url, 'POST', '/telegram/webhook', Buffer.alloc(12 * 1024 * 1024, 'a'), { headers: ROUTES[1]!.headers });
      expect(first.status).toBe(413);
      expect(first.headers.connection).toBe('close');
      const second = await send(agent, h.svc.url, 'GET', '/healthz');
      expect(second.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('still reads a body within the limit after a 413 on the same connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, h.svc.url, 'POST', '/api/tasks', Buffer.alloc(200 * 1024, 'a'), { headers: ROUTES[0]!.headers });
      expect(first.status).toBe(413);
      const ok = await send(agent, h.svc.url, 'POST', '/api/tasks', Buffer.from(JSON.stringify({ text: 'every day at 9am hello' })), { headers: ROUTES[0]!.headers });
      expect(ok.status).toBe(201);
    } finally {
      agent.destroy();
    }
  });
});
