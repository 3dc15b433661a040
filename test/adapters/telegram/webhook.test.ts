import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, SECRET_HEADER } from '../../../adapters/telegram/index.ts';
import { textUpdate } from '../../fakes/telegram-server.ts';
import { createTelegramHarness, WEBHOOK_SECRET, type TelegramHarness } from '../../fakes/telegram-harness.ts';

describe('telegram webhook', () => {
  let h: TelegramHarness;
  beforeEach(async () => {
    h = await createTelegramHarness({ mode: 'webhook' });
  });
  afterEach(async () => {
    await h.close();
  });

  const update = () => textUpdate({ updateId: 7, chat: { id: -100, type: 'group' }, from: { id: 11, first_name: 'Ann' }, text: '/list' });

  it('exposes exactly POST /telegram/webhook', () => {
    expect(h.adapter.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /telegram/webhook']);
  });

  it('answers 401 to a request without the secret header and hands nothing on', async () => {
    const res = await h.post(JSON.stringify(update()));
    expect(res.status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it('answers 401 to a request with a wrong secret, even one of the same length', async () => {
    const wrong = WEBHOOK_SECRET.slice(0, -1) + (WEBHOOK_SECRET.endsWith('x') ? 'y' : 'x');
    expect((await h.post(JSON.stringify(update()), { [SECRET_HEADER]: wrong })).status).toBe(401);
    expect((await h.post(JSON.stringify(update()), { [SECRET_HEADER]: 'short' })).status).toBe(401);
    expect(h.received).toHaveLength(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await h.post('{"update_id": 1, "message": ', { [SECRET_HEADER]: WEBHOOK_SECRET });
    expect(res.status).toBe(400);
  });

  it('answers 400 to JSON that is not an update', async () => {
    for (const body of ['[]', 'null', '"text"', '{"message":{}}', '{"update_id":"1"}']) {
      expect((await h.post(body, { [SECRET_HEADER]: WEBHOOK_SECRET })).status, body).toBe(400);
    }
    expect(h.received).toHaveLength(0);
  });

  it('answers 200 to a valid update and hands the message on before answering', async () => {
    const res = await h.post(JSON.stringify(update()), { [SECRET_HEADER]: WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(1);
    expect(h.received[0]).toMatchObject({ platform: 'telegram', chatId: '-100', text: '/list', addressedToBot: true });
  });

  it('accepts the secret header in any letter case', async () => {
    const res = await h.post(JSON.stringify(update()), { 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET });
    expect(res.status).toBe(200);
  });

  it('answers 200 and hands nothing on for updates that are not text messages', async () => {
    const res = await h.post(JSON.stringify({ update_id: 9, edited_message: update().message }), { [SECRET_HEADER]: WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(0);
  });

  it('answers 503 so that Telegram retries when the message could not be handled', async () => {
    const adapter = createTelegramAdapter({ token: h.fake.token, apiRoot: h.fake.apiRoot, webhookSecret: WEBHOOK_SECRET });
    await adapter.start({
      onMessage: async () => {
        throw new Error('database is locked');
      },
      lease: h.lease,
      log: h.log,
    });
    const res = await adapter.routes[0].handle({ method: 'POST', path: '/telegram/webhook', query: {}, headers: { [SECRET_HEADER]: WEBHOOK_SECRET }, rawBody: JSON.stringify(update()) });
    await adapter.stop();
    expect(res.status).toBe(503);
    expect(h.log.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('does not register the webhook by itself without a public URL', () => {
    expect(h.fake.callsOf('setWebhook')).toHaveLength(0);
    expect(h.fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('registers the webhook with its secret when a public URL is given', async () => {
    const adapter = createTelegramAdapter({ token: h.fake.token, apiRoot: h.fake.apiRoot, webhookSecret: WEBHOOK_SECRET, webhookUrl: 'https://bot.example.com/telegram/webhook' });
    await adapter.start({ onMessage: async () => undefined, lease: h.lease, log: h.log });
    await adapter.stop();
    expect(h.fake.webhook).toEqual({ url: 'https://bot.example.com/telegram/webhook', secret: WEBHOOK_SECRET });
  });
});
