import { afterEach, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../../adapters/wecom/index.ts';
import vector from '../../fixtures/wecom-callback-vector.json' with { type: 'json' };
import { appEnvelope, appTextXml, postCallback, startWecomRig, WECOM_TEST, type WecomRig } from '../../fakes/wecom-harness.ts';

const v = vector;
let rig: WecomRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const appCrypto = new WecomCrypto(WECOM_TEST.token, WECOM_TEST.aesKey, WECOM_TEST.corpId);
const callbackUrl = (r: WecomRig) => `${r.edge.url}/wecom/callback`;
const sendText = (r: WecomRig, text: string, msgId: string, opts: Parameters<typeof postCallback>[4] = {}) =>
  postCallback(callbackUrl(r), appCrypto, appEnvelope, appTextXml({ from: 'alice', text, msgId }), opts);

describe('WeCom app callback URL verification', () => {
  it('answers the published vector with exactly the decrypted echostr as text/plain', async () => {
    rig = await startWecomRig('wecom', { corpId: v.receiveId, token: v.token, aesKey: v.encodingAESKey, robot: false });
    const q = new URLSearchParams(v.verifyUrl as unknown as Record<string, string>);
    const res = await fetch(`${callbackUrl(rig)}?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(v.verifyUrl.expectedReply);
  });

  it('reads a "+" in echostr that the caller left unescaped', async () => {
    rig = await startWecomRig('wecom', { corpId: v.receiveId, token: v.token, aesKey: v.encodingAESKey, robot: false });
    const q = v.verifyUrl;
    expect(q.echostr).toContain('+');
    const res = await fetch(`${callbackUrl(rig)}?msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}&echostr=${q.echostr.replace(/=/g, '%3D')}`);
    expect(await res.text()).toBe(q.expectedReply);
  });

  it('answers 401 with a short body when the signature is forged', async () => {
    rig = await startWecomRig('wecom', { corpId: v.receiveId, token: v.token, aesKey: v.encodingAESKey, robot: false });
    const q = new URLSearchParams({ ...(v.verifyUrl as unknown as Record<string, string>), msg_signature: '0'.repeat(40) });
    const res = await fetch(`${callbackUrl(rig)}?${q}`);
    expect(res.status).toBe(401);
    expect((await res.text()).length).toBeLessThan(40);
  });

  it('answers 400 when parameters are missing', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const res = await fetch(`${callbackUrl(rig)}?timestamp=1&nonce=2`);
    expect(res.status).toBe(400);
  });
});

describe('WeCom app callback messages', () => {
  it('decrypts the published message vector and hands on a private ChatMessage', async () => {
    const now = Number(v.message.timestamp) * 1000;
    rig = await startWecomRig('wecom', { corpId: v.receiveId, token: v.token, aesKey: v.encodingAESKey, agentId: '218', robot: false, now: () => now });
    const envelope = `<xml><ToUserName><![CDATA[${v.receiveId}]]></ToUserName><Encrypt><![CDATA[${v.message.encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
    const q = new URLSearchParams({ msg_signature: v.message.msg_signature, timestamp: v.message.timestamp, nonce: v.message.nonce });
    const res = await fetch(`${callbackUrl(rig)}?${q}`, { method: 'POST', body: envelope });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    expect(rig.received).toEqual([
      {
        platform: 'wecom',
        chatId: 'user:mycreate',
        chatType: 'private',
        messageId: '4561255354251345929',
        userId: 'mycreate',
        userName: 'mycreate',
        text: 'hello',
        mentions: [],
        addressedToBot: true,
        receivedAt: Number(v.message.timestamp) * 1000,
      },
    ]);
  });

  it('refuses a forged signature with 401 and hands nothing on', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const enc = appCrypto.encrypt(appTextXml({ from: 'mallory', text: 'rm -rf', msgId: '1' }));
    const ts = String(Math.floor(Date.now() / 1000));
    const q = new URLSearchParams({ msg_signature: 'f'.repeat(40), timestamp: ts, nonce: 'n1' });
    const res = await fetch(`${callbackUrl(rig)}?${q}`, { method: 'POST', body: appEnvelope(enc) });
    expect(res.status).toBe(401);
    expect(rig.received).toHaveLength(0);
  });

  it('refuses a message encrypted for another corpid with 400', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const res = await sendText(rig, 'hi', '2', { receiveId: 'wwanothercorp' });
    expect(res.status).toBe(400);
    expect(rig.received).toHaveLength(0);
  });

  it('refuses bad base64 in Encrypt with 400, never 500', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const ts = String(Math.floor(Date.now() / 1000));
    const bad = '%%%not-base64%%%';
    const q = new URLSearchParams({ msg_signature: appCrypto.sign(ts, 'n2', bad), timestamp: ts, nonce: 'n2' });
    const res = await fetch(`${callbackUrl(rig)}?${q}`, { method: 'POST', body: appEnvelope(bad) });
    expect(res.status).toBe(400);
  });

  it('hands a replayed request on only once', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const enc = appCrypto.encrypt(appTextXml({ from: 'alice', text: 'once', msgId: '3' }));
    const ts = String(Math.floor(Date.now() / 1000));
    const url = `${callbackUrl(rig)}?${new URLSearchParams({ msg_signature: appCrypto.sign(ts, 'n3', enc), timestamp: ts, nonce: 'n3' })}`;
    const first = await fetch(url, { method: 'POST', body: appEnvelope(enc) });
    const second = await fetch(url, { method: 'POST', body: appEnvelope(enc) });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(rig.received.map((m) => m.text)).toEqual(['once']);
  });

  it('hands a message id on only once even when re-signed with a new nonce', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await sendText(rig, 'same', '4', { nonce: 'a1' });
    const again = await sendText(rig, 'same', '4', { nonce: 'a2' });
    expect(again.status).toBe(200);
    expect(rig.received).toHaveLength(1);
  });

  it('refuses a timestamp more than five minutes away', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    // Whole seconds, as WeCom sends them, rounded away from now: a timestamp floored to the second
    // and 301 s ahead is only 300.0xx s ahead by the time the request arrives, inside the window.
    const old = String(Math.floor(Date.now() / 1000) - 301);
    const future = String(Math.ceil(Date.now() / 1000) + 301);
    expect((await sendText(rig, 'late', '5', { timestamp: old })).status).toBe(400);
    expect((await sendText(rig, 'early', '6', { timestamp: future })).status).toBe(400);
    expect(rig.received).toHaveLength(0);
  });

  it('answers 413 to a body over the cap', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const huge = appEnvelope('A'.repeat(70 * 1024));
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${callbackUrl(rig)}?msg_signature=x&timestamp=${ts}&nonce=n`, { method: 'POST', body: huge });
    expect(res.status).toBe(413);
  });

  it('refuses an envelope with a DOCTYPE and entities without expanding them', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<xml><Encrypt>&b;</Encrypt></xml>';
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${callbackUrl(rig)}?msg_signature=x&timestamp=${ts}&nonce=n`, { method: 'POST', body: bomb });
    expect(res.status).toBe(400);
  });

  it('refuses a signed plaintext with a DOCTYPE and leaves other entities unexpanded', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const withDoctype = `<!DOCTYPE xml [<!ENTITY x "boom">]>${appTextXml({ from: 'alice', text: '&x;', msgId: '7' })}`;
    const refused = await postCallback(callbackUrl(rig), appCrypto, appEnvelope, withDoctype);
    expect(refused.status).toBe(400);
    const plain = appTextXml({ from: 'alice', text: 'x', msgId: '8' }).replace('<![CDATA[x]]>', 'a &lt; b &amp; c');
    const ok = await postCallback(callbackUrl(rig), appCrypto, appEnvelope, plain);
    expect(ok.status).toBe(200);
    expect(rig.received.map((m) => m.text)).toEqual(['a &lt; b &amp; c']);
  });

  it('acknowledges non-text messages and events without handing them on', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    const image = appTextXml({ from: 'alice', text: '', msgId: '9' }).replace('<![CDATA[text]]>', '<![CDATA[image]]>');
    const event = `<xml><ToUserName><![CDATA[${WECOM_TEST.corpId}]]></ToUserName><FromUserName><![CDATA[alice]]></FromUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>${WECOM_TEST.agentId}</AgentID></xml>`;
    for (const xml of [image, event]) {
      const res = await postCallback(callbackUrl(rig), appCrypto, appEnvelope, xml);
      expect(res.status).toBe(200);
    }
    expect(rig.received).toHaveLength(0);
  });

  it('asks WeCom to retry when handling fails, and accepts the retry', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    let fail = true;
    const received: string[] = [];
    await rig.adapter.start({
      async onMessage(m) {
        if (fail) throw new Error('database is locked');
        received.push(m.text);
      },
      lease: { acquire: async () => true, release: async () => {} },
      log: { info() {}, warn() {}, error() {} },
    });
    const enc = appCrypto.encrypt(appTextXml({ from: 'alice', text: 'retry me', msgId: '10' }));
    const ts = String(Math.floor(Date.now() / 1000));
    const url = `${callbackUrl(rig)}?${new URLSearchParams({ msg_signature: appCrypto.sign(ts, 'r1', enc), timestamp: ts, nonce: 'r1' })}`;
    expect((await fetch(url, { method: 'POST', body: appEnvelope(enc) })).status).toBe(503);
    fail = false;
    expect((await fetch(url, { method: 'POST', body: appEnvelope(enc) })).status).toBe(200);
    expect(received).toEqual(['retry me']);
  });

  it('answers 200 in time when handling outlasts the acknowledgement timeout', async () => {
    rig = await startWecomRig('wecom', { robot: false, ackTimeoutMs: 50 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await rig.adapter.start({
      onMessage: () => gate,
      lease: { acquire: async () => true, release: async () => {} },
      log: { info() {}, warn() {}, error() {} },
    });
    const started = Date.now();
    const res = await sendText(rig, 'slow', '11');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    release();
  });
});
