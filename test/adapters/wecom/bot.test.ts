import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { WecomCrypto } from '../../../adapters/wecom/index.ts';
import { botEnvelope, postCallback, startWecomRig, WECOM_TEST, type WecomRig } from '../../fakes/wecom-harness.ts';

let rig: WecomRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const botCrypto = new WecomCrypto(WECOM_TEST.botToken, WECOM_TEST.botAesKey, '');
const botUrl = (r: WecomRig) => `${r.edge.url}/wecom/bot`;

function groupText(r: WecomRig, f: { msgid: string; text: string; chatid?: string; userid?: string; responseUrl?: string }) {
  return JSON.stringify({
    msgid: f.msgid,
    aibotid: 'AIBOTID',
    chatid: f.chatid ?? 'wrTeam',
    chattype: 'group',
    from: { userid: f.userid ?? 'alice' },
    response_url: f.responseUrl ?? r.fake.newResponseUrl(),
    msgtype: 'text',
    text: { content: f.text },
  });
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('WeCom AI bot callbacks', () => {
  it('answers URL verification with the decrypted echostr (receive id "")', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const echostr = botCrypto.encrypt('8361953049274735');
    const q = new URLSearchParams({ msg_signature: botCrypto.sign('1700000000', 'n', echostr), timestamp: '1700000000', nonce: 'n', echostr });
    const res = await fetch(`${botUrl(rig)}?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('8361953049274735');
  });

  it('hands a group @-mention on as a group message with the mention stripped', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const res = await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'm1', text: '@RobotA /list' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(rig.received).toMatchObject([
      { platform: 'wecom-bot', chatId: 'chat:wrTeam', chatType: 'group', messageId: 'm1', userId: 'alice', text: '/list', addressedToBot: true },
    ]);
  });

  it('hands a one-to-one message on under user:<userid>', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const single = JSON.stringify({ msgid: 's1', aibotid: 'A', chattype: 'single', from: { userid: 'bob' }, response_url: rig.fake.newResponseUrl(), msgtype: 'text', text: { content: 'hello' } });
    await postCallback(botUrl(rig), botCrypto, botEnvelope, single);
    expect(rig.received).toMatchObject([{ chatId: 'user:bob', chatType: 'private', text: 'hello' }]);
  });

  it('hands a msgid on only once, however often WeCom retries it', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const body = groupText(rig, { msgid: 'dup', text: '@bot hi' });
    for (const nonce of ['a', 'b', 'c']) {
      expect((await postCallback(botUrl(rig), botCrypto, botEnvelope, body, { nonce })).status).toBe(200);
    }
    const enc = botCrypto.encrypt(body);
    const ts = String(Math.floor(Date.now() / 1000));
    const url = `${botUrl(rig)}?${new URLSearchParams({ msg_signature: botCrypto.sign(ts, 'z', enc), timestamp: ts, nonce: 'z' })}`;
    await fetch(url, { method: 'POST', body: botEnvelope(enc) });
    const replay = await fetch(url, { method: 'POST', body: botEnvelope(enc) });
    expect([replay.status, await replay.text()]).toEqual([200, '']);
    expect(rig.received).toHaveLength(1);
  });

  it('refuses a callback encrypted with a corpid as receive id, and a forged signature', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const wrongId = await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'x1', text: 'hi' }), { receiveId: 'wwcorp' });
    expect(wrongId.status).toBe(400);
    const enc = botCrypto.encrypt(groupText(rig, { msgid: 'x2', text: 'hi' }));
    const ts = String(Math.floor(Date.now() / 1000));
    const forged = await fetch(`${botUrl(rig)}?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=n`, { method: 'POST', body: botEnvelope(enc) });
    expect(forged.status).toBe(401);
    const notJson = await fetch(`${botUrl(rig)}?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=n`, { method: 'POST', body: '{"encrypt":' });
    expect(notJson.status).toBe(400);
    expect(rig.received).toHaveLength(0);
  });

  it('acknowledges non-text callbacks without handing them on', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const stream = JSON.stringify({ msgid: 'st', aibotid: 'A', chattype: 'single', from: { userid: 'bob' }, msgtype: 'stream', stream: { id: 'S' } });
    expect((await postCallback(botUrl(rig), botCrypto, botEnvelope, stream)).status).toBe(200);
    expect(rig.received).toHaveLength(0);
  });
});

describe('WeCom AI bot replies', () => {
  it('posts markdown with <@userid> mentions to the chat\'s latest response_url', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r1', text: '@bot /next' }));
    await rig.adapter.send('chat:wrTeam', { text: 'next: 09:30', mentions: [{ id: 'alice', name: 'Alice' }] });
    expect(rig.fake.succeeded('/cgi-bin/aibot/response').map((c) => c.body)).toEqual([
      { msgtype: 'markdown', markdown: { content: 'next: 09:30\n<@alice>' } },
    ]);
  });

  it('refuses with PlatformError when the chat has no response_url, or its one use is spent', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    expect(await caught(rig.adapter.send('chat:wrNobody', { text: 'x' }))).toBeInstanceOf(PlatformError);
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r2', text: '@bot hi' }));
    await rig.adapter.send('chat:wrTeam', { text: 'first' });
    const second = await caught(rig.adapter.send('chat:wrTeam', { text: 'second' }));
    expect(second).toBeInstanceOf(PlatformError);
    expect(second.message).not.toContain('response_code');
  });

  it('refuses with PlatformError once the response_url is older than its lifetime', async () => {
    let now = Date.now();
    rig = await startWecomRig('wecom-bot', { robot: false, now: () => now, responseUrlTtlMs: 60_000 });
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r3', text: '@bot hi' }));
    now += 61_000;
    expect(await caught(rig.adapter.send('chat:wrTeam', { text: 'late' }))).toBeInstanceOf(PlatformError);
    expect(rig.fake.calls.filter((c) => c.path === '/cgi-bin/aibot/response')).toHaveLength(0);
  });

  it('keeps the response_url for a retry after a transport failure', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r4', text: '@bot hi' }));
    rig.fake.failNext('/cgi-bin/aibot/response', { kind: 'http', status: 503 });
    expect(await caught(rig.adapter.send('chat:wrTeam', { text: 'answer' }))).toBeInstanceOf(TransportError);
    expect(rig.adapter.health().ok).toBe(false);
    await rig.adapter.send('chat:wrTeam', { text: 'answer' });
    expect(rig.fake.succeeded('/cgi-bin/aibot/response')).toHaveLength(1);
    expect(rig.adapter.health()).toEqual({ ok: true });
  });

  it('uses the newest response_url when a chat writes again', async () => {
    rig = await startWecomRig('wecom-bot', { robot: false });
    const older = rig.fake.newResponseUrl();
    const newer = rig.fake.newResponseUrl();
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r5', text: '@bot a', responseUrl: older }));
    await postCallback(botUrl(rig), botCrypto, botEnvelope, groupText(rig, { msgid: 'r6', text: '@bot b', responseUrl: newer }));
    await rig.adapter.send('chat:wrTeam', { text: 'answer' });
    expect(rig.fake.succeeded('/cgi-bin/aibot/response')[0].query.response_code).toBe(new URL(newer).searchParams.get('response_code'));
  });
});
