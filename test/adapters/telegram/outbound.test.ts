import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, TELEGRAM_LIMITS } from '../../../adapters/telegram/index.ts';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { FakeTelegramServer } from '../../fakes/telegram-server.ts';
import { createTelegramHarness, type TelegramHarness } from '../../fakes/telegram-harness.ts';

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('telegram outbound', () => {
  let h: TelegramHarness;
  beforeEach(async () => {
    h = await createTelegramHarness({ mode: 'webhook', adapter: { requestTimeoutMs: 300 } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('declares Telegram limits', () => {
    expect(h.adapter.limits).toEqual({ maxLength: 4096, lengthUnit: 'chars', markdown: 'telegram-html', perChatPerMinute: 20, buttons: true });
    expect(TELEGRAM_LIMITS.maxLength).toBe(4096);
  });

  it('draws buttons as an inline keyboard under the last piece of a long message', async () => {
    const buttons = [[{ label: '✅ Done', data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d', primary: true }], [{ label: 'Snooze 1 h', data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:s60' }]];
    const res = await h.adapter.send('-177', { text: `${'a'.repeat(4000)}\n${'b'.repeat(200)}`, buttons });
    const sent = h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === -177);
    expect(sent.length).toBe(2);
    expect(sent[0].body.reply_markup).toBeUndefined();
    expect(sent[1].body.reply_markup).toEqual({ inline_keyboard: [[{ text: '✅ Done', callback_data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d' }], [{ text: 'Snooze 1 h', callback_data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:s60' }]] });
    expect(res.messageId).toBeDefined();
  });

  it('sends HTML with &, < and > of the text escaped and returns the message id', async () => {
    const res = await h.adapter.send('-100', { text: 'if a < b && c > d <b>not bold</b>' });
    const [call] = h.fake.callsOf('sendMessage');
    expect(call.body).toMatchObject({ chat_id: -100, parse_mode: 'HTML', text: 'if a &lt; b &amp;&amp; c &gt; d &lt;b&gt;not bold&lt;/b&gt;' });
    expect(await h.sent('-100')).toEqual([{ text: 'if a < b && c > d <b>not bold</b>', mentionIds: [] }]);
    expect(res.messageId).toMatch(/^\d+$/);
  });

  it('turns a mention written as @name into a text mention link with the name escaped', async () => {
    await h.adapter.send('-100', { text: 'please @A<l>ice post the notes', mentions: [{ id: '11', name: 'A<l>ice' }] });
    const [call] = h.fake.callsOf('sendMessage');
    expect(call.body.text).toBe('please <a href="tg://user?id=11">A&lt;l&gt;ice</a> post the notes');
    expect(await h.sent('-100')).toEqual([{ text: 'please A<l>ice post the notes', mentionIds: ['11'] }]);
  });

  it('appends mentions the text does not contain', async () => {
    await h.adapter.send('-100', { text: 'Standup notes are due', mentions: [{ id: '11', name: 'Alice' }, { id: '12', name: 'Bob' }] });
    expect(await h.sent('-100')).toEqual([{ text: 'Standup notes are due Alice Bob', mentionIds: ['11', '12'] }]);
  });

  it('leaves @username mentions as plain text, which Telegram links by itself', async () => {
    await h.adapter.send('-100', { text: 'ping @carol', mentions: [{ id: '@carol', name: 'carol' }] });
    expect(h.fake.callsOf('sendMessage')[0].body.text).toBe('ping @carol');
  });

  it('ignores markdown and sends the escaped plain text', async () => {
    await h.adapter.send('-100', { text: 'plain *text*', markdown: '**bold** <script>' });
    expect(await h.sent('-100')).toEqual([{ text: 'plain *text*', mentionIds: [] }]);
  });

  it('replies to the given message', async () => {
    await h.adapter.send('-100', { text: 'ok', replyToMessageId: '77' });
    expect(h.fake.callsOf('sendMessage')[0].body.reply_parameters).toEqual({ message_id: 77, allow_sending_without_reply: true });
  });

  it('splits 10,000 characters at line breaks into messages Telegram accepts', async () => {
    const line = 'x'.repeat(99);
    const text = Array.from({ length: 100 }, () => line).join('\n'); // 100 lines, 9,999 characters
    await h.adapter.send('-100', { text, replyToMessageId: '5' });
    const sent = await h.sent('-100');
    expect(sent.length).toBe(3);
    for (const m of sent) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      expect(m.text.startsWith(line)).toBe(true);
      expect(m.text.endsWith(line)).toBe(true);
    }
    expect(sent.map((m) => m.text).join('\n')).toBe(text);
    const calls = h.fake.callsOf('sendMessage');
    expect(calls[0].body.reply_parameters).toBeDefined();
    expect(calls[1].body.reply_parameters).toBeUndefined();
  });

  it('throws TransportError with retryAfterMs when Telegram answers 429', async () => {
    h.fake.failNext('sendMessage', { kind: 'rate-limit', retryAfter: 7 });
    const err = await caught(h.adapter.send('-100', { text: 'hi' }));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).retryAfterMs).toBe(7000);
  });

  it('throws TransportError when Telegram answers 500', async () => {
    h.fake.failNext('sendMessage', { kind: 'server-error' });
    const err = await caught(h.adapter.send('-100', { text: 'hi' }));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).retryAfterMs).toBeUndefined();
  });

  it('throws TransportError when a proxy answers 502 with HTML', async () => {
    h.fake.failNext('sendMessage', { kind: 'bad-gateway' });
    expect(await caught(h.adapter.send('-100', { text: 'hi' }))).toBeInstanceOf(TransportError);
  });

  it('throws TransportError when the request times out', async () => {
    h.fake.failNext('sendMessage', { kind: 'hang' });
    const started = Date.now();
    const err = await caught(h.adapter.send('-100', { text: 'hi' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('throws TransportError when nothing listens at the API root', async () => {
    const gone = await FakeTelegramServer.start();
    const root = gone.apiRoot;
    await gone.close();
    const adapter = createTelegramAdapter({ token: h.fake.token, apiRoot: root, requestTimeoutMs: 1_000 });
    const err = await caught(adapter.send('-100', { text: 'hi' }));
    expect(err).toBeInstanceOf(TransportError);
    // node-fetch names the whole URL, token included, in this error: it must come out redacted.
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain(h.fake.token.split(':')[1]);
    expect(JSON.stringify(adapter.health())).not.toContain(h.fake.token.split(':')[1]);
    expect(adapter.health().ok).toBe(false);
  });

  it('throws PlatformError with Telegram description on 400 chat not found', async () => {
    h.fake.failNext('sendMessage', { kind: 'chat-not-found' });
    const err = await caught(h.adapter.send('-404', { text: 'hi' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).status).toBe(400);
    expect(err.message).toContain('chat not found');
  });

  it('throws PlatformError when the token is refused', async () => {
    const adapter = createTelegramAdapter({ token: '999:wrong-token-secret-part', apiRoot: h.fake.apiRoot });
    const err = await caught(adapter.send('-100', { text: 'hi' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).status).toBe(401);
    expect(err.message).not.toContain('wrong-token-secret-part');
    expect(adapter.health().ok).toBe(false);
  });

  it('puts the token in no error message, stack or log line', async () => {
    const failures = [{ kind: 'rate-limit', retryAfter: 1 }, { kind: 'server-error' }, { kind: 'bad-gateway' }, { kind: 'hang' }, { kind: 'chat-not-found' }] as const;
    const errors: Error[] = [];
    for (const f of failures) {
      h.fake.failNext('sendMessage', f);
      errors.push(await caught(h.adapter.send('-100', { text: 'hi' })));
    }
    const secret = h.fake.token.split(':')[1];
    for (const err of errors) {
      expect(`${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${String((err as { cause?: unknown }).cause)}`).not.toContain(secret);
    }
    expect(JSON.stringify(h.log.lines)).not.toContain(secret);
    expect(JSON.stringify(h.adapter.health())).not.toContain(secret);
  });

  it('reports health from the last API call', async () => {
    await h.adapter.send('-100', { text: 'hi' });
    expect(h.adapter.health().ok).toBe(true);
    h.fake.failNext('sendMessage', { kind: 'server-error' });
    await caught(h.adapter.send('-100', { text: 'hi' }));
    expect(h.adapter.health()).toMatchObject({ ok: false });
    await h.adapter.send('-100', { text: 'hi again' });
    expect(h.adapter.health().ok).toBe(true);
  });

  it('does not retry a failed send by itself', async () => {
    h.fake.failNext('sendMessage', { kind: 'server-error' });
    await caught(h.adapter.send('-100', { text: 'hi' }));
    expect(h.fake.callsOf('sendMessage')).toHaveLength(1);
  });
});
