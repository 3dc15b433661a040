import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { WecomApiError } from '../../../adapters/wecom/index.ts';
import { startWecomRig, WECOM_TEST, type WecomRig } from '../../fakes/wecom-harness.ts';

let rig: WecomRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function expectNoSecrets(text: string, r: WecomRig): void {
  expect(text).not.toContain(WECOM_TEST.secret);
  expect(text).not.toMatch(/fake-access-token/);
  expect(text).not.toContain(r.fake.url);
}

describe('WeCom app sends', () => {
  it('sends text to a user with message/send and returns the msgid', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const res = await rig.adapter.send('user:alice', { text: 'standup in 5' });
    expect(res.messageId).toMatch(/^msg-/);
    const [call] = rig.fake.succeeded('/cgi-bin/message/send');
    expect(call.body).toEqual({ touser: 'alice', agentid: 1000002, msgtype: 'text', text: { content: 'standup in 5' } });
  });

  it('sends to a group chat with appchat/send', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('chat:wrOps', { text: 'deploy done' });
    expect(rig.fake.succeeded('/cgi-bin/appchat/send').map((c) => c.body)).toEqual([
      { chatid: 'wrOps', msgtype: 'text', text: { content: 'deploy done' } },
    ]);
  });

  it('turns markdown and mentions into a markdown message with <@userid> tags', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('chat:wrOps', { text: 'plain', markdown: '**due**', mentions: [{ id: 'bob', name: 'Bob' }] });
    expect(rig.fake.succeeded('/cgi-bin/appchat/send')[0].body).toEqual({
      chatid: 'wrOps',
      msgtype: 'markdown',
      markdown: { content: '**due**\n<@bob>' },
    });
  });

  it('fetches the access token once and reuses it while it is valid', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('user:alice', { text: 'one' });
    await rig.adapter.send('user:alice', { text: 'two' });
    await Promise.all([rig.adapter.send('user:bob', { text: 'three' }), rig.adapter.send('user:bob', { text: 'four' })]);
    expect(rig.fake.tokensIssued).toBe(1);
    const gettoken = rig.fake.calls.find((c) => c.path === '/cgi-bin/gettoken');
    expect(gettoken?.query).toEqual({ corpid: WECOM_TEST.corpId, corpsecret: WECOM_TEST.secret });
  });

  it('refreshes the token shortly before expires_in runs out', async () => {
    let now = 1_700_000_000_000;
    rig = await startWecomRig('wecom', { robot: false, now: () => now, tokenRefreshMarginMs: 60_000 });
    rig.fake.expiresIn = 600;
    await rig.adapter.send('user:alice', { text: 'one' });
    now += 530_000; // 70 s before expiry: outside the one-minute margin
    await rig.adapter.send('user:alice', { text: 'two' });
    expect(rig.fake.tokensIssued).toBe(1);
    now += 20_000; // inside the one-minute margin
    await rig.adapter.send('user:alice', { text: 'three' });
    expect(rig.fake.tokensIssued).toBe(2);
  });

  it('refreshes the token once and resends when WeCom says it expired (42001)', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('user:alice', { text: 'one' });
    rig.fake.expireTokens();
    await rig.adapter.send('user:alice', { text: 'two' });
    expect(rig.fake.tokensIssued).toBe(2);
    expect(rig.fake.calls.filter((c) => c.path === '/cgi-bin/message/send').map((c) => c.outcome)).toEqual(['ok', '42001', 'ok']);
  });

  it('refreshes only once: a second invalid-token answer is a PlatformError', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'errcode', errcode: 40014, errmsg: 'invalid access_token' }, 2);
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(WecomApiError);
    expect((err as WecomApiError).errcode).toBe(40014);
    expect(rig.fake.tokensIssued).toBe(2);
  });

  it('maps HTTP 500 to a TransportError', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'http', status: 500 });
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toContain('HTTP 500');
    expectNoSecrets(err.message, rig);
  });

  it('maps a hanging call to a TransportError after timeoutMs', async () => {
    rig = await startWecomRig('wecom', { robot: false, timeoutMs: 150 });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'hang' });
    const started = Date.now();
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expectNoSecrets(err.message, rig);
  });

  it('maps a network failure to a TransportError', async () => {
    rig = await startWecomRig('wecom', { robot: false, apiBase: 'http://127.0.0.1:1' });
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(TransportError);
  });

  it('maps the rate limit (45009) to a TransportError with retryAfterMs', async () => {
    rig = await startWecomRig('wecom', { robot: false, rateLimitRetryMs: 30_000 });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'errcode', errcode: 45009, errmsg: 'api freq out of limit' });
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).retryAfterMs).toBe(30_000);
  });

  it('maps a permanent errcode to a PlatformError carrying errcode and errmsg but no secret', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'errcode', errcode: 40003, errmsg: `invalid userid, hint: [${WECOM_TEST.secret}]` });
    const err = await caught(rig.adapter.send('user:ghost', { text: 'x' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as WecomApiError).errcode).toBe(40003);
    expect(err.message).toContain('40003');
    expect(err.message).toContain('invalid userid');
    expectNoSecrets(err.message, rig);
  });

  it('refuses a wrong secret at gettoken without repeating it', async () => {
    rig = await startWecomRig('wecom', { robot: false, secret: 'wrong-secret-value' });
    const err = await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.message).toContain('40001');
    expect(err.message).not.toContain('wrong-secret-value');
  });

  it('refuses chat ids without the user: or chat: prefix before calling WeCom', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    expect(await caught(rig.adapter.send('alice', { text: 'x' }))).toBeInstanceOf(PlatformError);
    expect(rig.fake.calls).toHaveLength(0);
  });

  it('refuses content over 2048 bytes as a PlatformError', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    expect(rig.adapter.limits).toEqual({ maxLength: 2048, lengthUnit: 'bytes', markdown: 'wecom-markdown', perChatPerMinute: 20, buttons: true });
    await rig.adapter.send('user:alice', { text: '字'.repeat(682) }); // 2046 bytes
    expect(await caught(rig.adapter.send('user:alice', { text: '字'.repeat(683) }))).toBeInstanceOf(PlatformError);
  });

  it('reports in health whether the last API call worked', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('user:alice', { text: 'ok' });
    expect(rig.adapter.health()).toEqual({ ok: true });
    rig.fake.failNext('/cgi-bin/message/send', { kind: 'http', status: 502 });
    await caught(rig.adapter.send('user:alice', { text: 'x' }));
    expect(rig.adapter.health().ok).toBe(false);
    expect(rig.adapter.health().detail).toContain('HTTP 502');
    await rig.adapter.send('user:alice', { text: 'ok again' });
    expect(rig.adapter.health()).toEqual({ ok: true });
  });
});
