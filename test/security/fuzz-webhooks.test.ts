import fc from 'fast-check';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldMiB, startHostileService } from './hostile-service.ts';
import { CREDS } from './hostile-service.ts';

// The platform callbacks over real HTTP to the running service: whatever arrives, the answer
// is a 2xx or a clear 4xx, never a 5xx, and the process neither dies nor keeps the garbage.
const BUDGET = 6_000; // ms per property
const opts = (numRuns: number) => ({ numRuns, interruptAfterTimeLimit: BUDGET, markInterruptAsFailure: false });

type H = Awaited<ReturnType<typeof startHostileService>>;
let h: H;
let heldBefore = 0;

beforeAll(async () => {
  h = await startHostileService();
  heldBefore = heldMiB();
});
afterAll(async () => h?.close());

async function post(path: string, body: string | Uint8Array, query = '', headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.url}${path}${query}`, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });
  return { status: res.status, text: await res.text() };
}
/**
 * An oversized POST on its own connection: the server answers before it has read the body and
 * then drops the connection, which must not poison the pooled connections of the other requests.
 */
function postHuge(path: string, bytes: number, query = '', headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${h.url}${path}${query}`, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(bytes) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(Buffer.alloc(bytes, 'x'));
  });
}
async function get(path: string, query: string): Promise<number> {
  return (await fetch(`${h.url}${path}${query}`)).status;
}

const now = () => String(Math.floor(Date.now() / 1000));
let nonce = 0;
/** The query of a callback whose signature is right for `encrypted`. */
function signed(crypto: H['app'], encrypted: string): string {
  const ts = now();
  const n = `n${++nonce}`;
  return `?msg_signature=${crypto.sign(ts, n, encrypted)}&timestamp=${ts}&nonce=${n}`;
}
const xmlEnvelope = (encrypted: string) => `<xml><ToUserName><![CDATA[${CREDS.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID>${CREDS.agentId}</AgentID></xml>`;
const jsonEnvelope = (encrypted: string) => JSON.stringify({ encrypt: encrypted });

const clientError = (s: number) => s >= 400 && s < 500;
const notServerError = (s: number) => s >= 200 && s < 500;

const base64ish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.base64String({ maxLength: 400 }),
  fc.base64String({ minLength: 44, maxLength: 400 }).map((s) => s.replace(/=+$/, '')), // wrong padding
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b).toString('base64')), // decodes to random blocks
  fc.uint8Array({ minLength: 2, maxLength: 20 }).map((b) => Buffer.alloc(b[0] * 16 + 32, b[1]).toString('base64')), // block-aligned, bad padding
);
const hostilePlaintexts = [
  '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><MsgType>text</MsgType><Content>&c;</Content><FromUserName>x</FromUserName></xml>',
  '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
  '<xml><MsgType>text</MsgType><FromUserName>mallory</FromUserName><Content>/list</Content><MsgId>1</MsgId>',
  '<xml><MsgType><![CDATA[text]]></MsgType><FromUserName></FromUserName><Content/></xml>',
  `<xml>${'<a>'.repeat(5000)}</xml>`,
  '{"msgtype":"text","from":{"userid":["x"]},"text":{"content":{"a":1}},"msgid":1}',
  '{"msgtype":"text","from":{"userid":"mallory"},"text":{"content":"/list"},"msgid":"m1","chattype":"group","chatid":"","response_url":"javascript:alert(1)"}',
  '{"__proto__":{"polluted":true},"msgtype":"text"}',
  'null',
  '[]',
  '',
];

describe('the WeCom app callback (XML) on hostile input', () => {
  it('answers random bytes, queries and bodies with a 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 80 }), async (body, q) => {
        const { status } = await post('/wecom/callback', body, `?${encodeURI(q)}`);
        expect(notServerError(status)).toBe(true);
      }),
      opts(150),
    );
  });

  it('refuses bad base64, wrong padding and random ciphertext under a correct signature with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(base64ish, async (encrypted) => {
        const { status } = await post('/wecom/callback', xmlEnvelope(encrypted), signed(h.app, encrypted));
        expect(clientError(status)).toBe(true);
      }),
      opts(150),
    );
  });

  it('refuses a well-encrypted message for another receive id with 400', async () => {
    const encrypted = h.app.encrypt('<xml><MsgType>text</MsgType><FromUserName>u</FromUserName><Content>/list</Content><MsgId>77</MsgId></xml>', 'wwsomeoneelse');
    expect((await post('/wecom/callback', xmlEnvelope(encrypted), signed(h.app, encrypted))).status).toBe(400);
  });

  it('takes garbage, entity bombs and DOCTYPEs signed and encrypted correctly without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...hostilePlaintexts), fc.string({ maxLength: 500 })), async (plain) => {
        const encrypted = h.app.encrypt(plain);
        const { status } = await post('/wecom/callback', xmlEnvelope(encrypted), signed(h.app, encrypted));
        expect(notServerError(status)).toBe(true);
      }),
      opts(120),
    );
  });

  it('refuses a billion-laughs envelope at once, without expanding it', async () => {
    const started = performance.now();
    const { status } = await post('/wecom/callback', hostilePlaintexts[0], signed(h.app, 'x'));
    expect(clientError(status)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers 413 to a body over the WeCom cap and to one over the edge cap', async () => {
    expect(await postHuge('/wecom/callback', 200 * 1024, signed(h.app, 'x'))).toBe(413);
    expect(await postHuge('/wecom/bot', 200 * 1024, signed(h.bot, 'x'))).toBe(413);
    expect(await postHuge('/wecom/callback', 3 * 1024 * 1024, signed(h.app, 'x'))).toBe(413);
  });

  it('answers URL verification with a random echostr with a 4xx', async () => {
    await fc.assert(
      // Node's HTTP server refuses heads over 16 KiB before any route sees them.
      fc.asyncProperty(base64ish.filter((e) => e.length < 2000), async (echostr) => {
        const status = await get('/wecom/callback', `${signed(h.app, echostr)}&echostr=${encodeURIComponent(echostr)}`);
        expect(clientError(status)).toBe(true);
      }),
      opts(80),
    );
  });
});

describe('the WeCom AI bot callback (JSON) on hostile input', () => {
  it('answers random JSON values and random bytes with a 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 300 })), fc.string({ maxLength: 40 }), async (body, q) => {
        const { status } = await post('/wecom/bot', body, `?${encodeURI(q)}`);
        expect(notServerError(status)).toBe(true);
      }),
      opts(150),
    );
  });

  it('refuses bad ciphertext under a correct signature with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(base64ish, async (encrypted) => {
        const { status } = await post('/wecom/bot', jsonEnvelope(encrypted), signed(h.bot, encrypted));
        expect(clientError(status)).toBe(true);
      }),
      opts(120),
    );
  });

  it('takes random JSON shapes signed and encrypted correctly without a 5xx', async () => {
    const shaped = fc.record(
      { msgtype: fc.oneof(fc.constant('text'), fc.anything()), msgid: fc.oneof(fc.string(), fc.anything()), chattype: fc.constantFrom('group', 'single', 7), chatid: fc.anything(), from: fc.anything(), text: fc.oneof(fc.record({ content: fc.string({ maxLength: 200 }) }), fc.anything()), response_url: fc.oneof(fc.webUrl(), fc.string()) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(shaped.map((o) => JSON.stringify(o) ?? 'null'), fc.constantFrom(...hostilePlaintexts)), async (plain) => {
        const encrypted = h.bot.encrypt(plain);
        const { status } = await post('/wecom/bot', jsonEnvelope(encrypted), signed(h.bot, encrypted));
        expect(notServerError(status)).toBe(true);
      }),
      opts(120),
    );
  });
});

describe('the Telegram webhook on hostile input', () => {
  const secret = { 'x-telegram-bot-api-secret-token': CREDS.telegramSecret, 'content-type': 'application/json' };
  let updateId = 1;
  const message = fc.record(
    {
      message_id: fc.oneof(fc.integer(), fc.anything()),
      date: fc.oneof(fc.integer(), fc.string()),
      chat: fc.oneof(fc.record({ id: fc.oneof(fc.integer(), fc.string()), type: fc.constantFrom('private', 'group', 'supergroup', 'channel', 'weird') }), fc.anything()),
      from: fc.oneof(fc.record({ id: fc.oneof(fc.integer(), fc.string()), is_bot: fc.boolean(), first_name: fc.string() }, { requiredKeys: [] }), fc.anything()),
      text: fc.oneof(fc.string({ maxLength: 300 }), fc.anything()),
      entities: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('mention', 'text_mention', 'bot_command', 'bold'), offset: fc.integer({ min: -10, max: 400 }), length: fc.integer({ min: -10, max: 400 }), user: fc.anything() }, { requiredKeys: [] }), { maxLength: 5 }), fc.anything()),
      reply_to_message: fc.anything(),
      sender_chat: fc.anything(),
    },
    { requiredKeys: [] },
  );

  it('answers random JSON shapes that carry the right secret with a 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json({ maxDepth: 4 }), fc.record({ message, edited_message: fc.anything() }, { requiredKeys: [] }).map((u) => JSON.stringify({ update_id: ++updateId, ...u }))), async (body) => {
        const { status } = await post('/telegram/webhook', body, '', secret);
        expect(notServerError(status)).toBe(true);
      }),
      opts(200),
    );
  });

  it('drops a message without chat or sender with 200 instead of asking Telegram to retry it forever', async () => {
    expect((await post('/telegram/webhook', JSON.stringify({ update_id: 5, message: {} }), '', secret)).status).toBe(200);
    expect((await post('/telegram/webhook', JSON.stringify({ update_id: 6, message: { chat: { id: 1, type: 'group' }, text: '/list', entities: 'x' } }), '', secret)).status).toBe(200);
  });

  it('answers random bytes with the right secret with 400, and a huge body with 413', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1000 }), async (body) => {
        const { status } = await post('/telegram/webhook', body, '', secret);
        expect(clientError(status)).toBe(true);
      }),
      opts(80),
    );
    expect(await postHuge('/telegram/webhook', 2 * 1024 * 1024, '', secret)).toBe(413);
  });
});

describe('the process after all of it', () => {
  it('is alive, healthy, and the memory it holds grew by a bounded amount', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(heldMiB() - heldBefore).toBeLessThan(150);
  });
});
