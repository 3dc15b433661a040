import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import * as store from '../../src/store/index.ts';
import { appEnvelope, appTextXml, botEnvelope, postCallback, WECOM_TEST } from '../fakes/wecom-harness.ts';
import { FakeWecomServer } from '../fakes/wecom-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';
import vector from '../fixtures/wecom-callback-vector.json' with { type: 'json' };

/** Tencent's published sample (see test/fixtures/README.md). */
const VECTOR = vector;

const wecomEnv = (fake: FakeWecomServer): Record<string, string> => ({
  WECOM_API_BASE: fake.url,
  WECOM_CORP_ID: WECOM_TEST.corpId,
  WECOM_AGENT_ID: WECOM_TEST.agentId,
  WECOM_SECRET: WECOM_TEST.secret,
  WECOM_TOKEN: WECOM_TEST.token,
  WECOM_AES_KEY: WECOM_TEST.aesKey,
  WECOM_BOT_TOKEN: WECOM_TEST.botToken,
  WECOM_BOT_AES_KEY: WECOM_TEST.botAesKey,
});

describe('running it from WeCom', () => {
  let fake: FakeWecomServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  const app = new WecomCrypto(WECOM_TEST.token, WECOM_TEST.aesKey, WECOM_TEST.corpId);
  const bot = new WecomCrypto(WECOM_TEST.botToken, WECOM_TEST.botAesKey, '');
  let msgSeq = 0;

  beforeAll(async () => {
    fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
    h = await startTestService(wecomEnv(fake));
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  /** An encrypted, signed app callback from `from`, as WeCom posts it. */
  async function say(text: string, from = 'alice', crypto = app): Promise<Response> {
    const xml = appTextXml({ from, text, msgId: String(6_000_000_000_000_000_000n + BigInt(++msgSeq)) });
    return postCallback(`${h.svc.url}/wecom/callback`, crypto, appEnvelope, xml);
  }
  /** Texts that really reached a member through message/send. */
  const sentTo = (user: string) => fake.succeeded('/cgi-bin/message/send').filter((c) => c.body?.touser === user).map((c) => textOf(c.body));
  const waitSent = (user: string, pred: (texts: string[]) => boolean, what: string) => waitFor(async () => pred(sentTo(user)), 15_000, what);

  it('creates a task from "/add every 2 seconds hello", confirms it through message/send, and posts hello on schedule', async () => {
    const res = await say('/add every 2 seconds hello');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    await waitSent('alice', (t) => t.some((x) => x.includes('#1') && /every 2 seconds/i.test(x)), 'the confirmation');
    const confirm = fake.succeeded('/cgi-bin/message/send').find((c) => c.body?.touser === 'alice')!;
    expect(confirm.body?.agentid).toBe(Number(WECOM_TEST.agentId));
    await waitSent('alice', (t) => t.filter((x) => x.includes('hello') && !x.includes('#1 ')).length >= 2, 'hello twice');
  });

  it('stops posting when paused', async () => {
    expect((await say('/pause 1')).status).toBe(200);
    await waitSent('alice', (t) => t.some((x) => /paused/i.test(x)), 'the pause confirmation');
    const db = h.svc.database.db;
    const before = (await store.listRuns(db, 1, 1000)).length;
    const sentBefore = sentTo('alice').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await store.listRuns(db, 1, 1000)).length).toBe(before);
    expect(sentTo('alice').length).toBe(sentBefore);
    expect((await store.findTask(db, 1))?.status).toBe('paused');
  });

  it('refuses a forged signature with 401 and creates nothing', async () => {
    const forger = new WecomCrypto('not-the-callback-token', WECOM_TEST.aesKey, WECOM_TEST.corpId);
    const tasksBefore = await h.svc.database.db.selectFrom('tasks').select('id').execute();
    const res = await say('/add every 2 seconds forged', 'mallory', forger);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.svc.database.db.selectFrom('tasks').select('id').execute()).toEqual(tasksBefore);
    expect(fake.calls.filter((c) => c.body?.touser === 'mallory')).toEqual([]);
  });

  it('delivers a reply once after WeCom answered 500 twice and then called the token expired', async () => {
    fake.failNext('/cgi-bin/message/send', { kind: 'http', status: 500 }, 2);
    fake.failNext('/cgi-bin/message/send', { kind: 'errcode', errcode: 42001, errmsg: 'access_token expired' }, 1);
    const tokensBefore = fake.tokensIssued;
    expect((await say('/tz', 'bob')).status).toBe(200);
    await waitSent('bob', (t) => t.some((x) => /timezone/i.test(x)), 'the reply after the failures');
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo('bob').filter((x) => /timezone/i.test(x))).toHaveLength(1);
    const outcomes = fake.calls.filter((c) => c.path === '/cgi-bin/message/send' && c.body?.touser === 'bob').map((c) => c.outcome);
    expect(outcomes).toEqual(['http 500', 'http 500', '42001', 'ok']);
    // The expired token was replaced by a fresh one.
    expect(fake.tokensIssued).toBe(tokensBefore + 1);
    const rows = await h.svc.database.db.selectFrom('outbox').select(['status']).where('target', '=', 'user:bob').execute();
    expect(rows).toEqual([{ status: 'sent' }]);
  });

  it("posts the AI bot's answer to /list to the message's response_url", async () => {
    const responseUrl = fake.newResponseUrl();
    const code = new URL(responseUrl).searchParams.get('response_code');
    const payload = {
      msgid: `bot-msg-${randomBytes(4).toString('hex')}`,
      aibotid: 'AIBOTID',
      chatid: 'team-room',
      chattype: 'group',
      from: { userid: 'carol' },
      response_url: responseUrl,
      msgtype: 'text',
      text: { content: '@bot /list' },
    };
    const res = await postCallback(`${h.svc.url}/wecom/bot`, bot, botEnvelope, JSON.stringify(payload), { receiveId: '' });
    expect(res.status).toBe(200);
    const answer = await waitFor(async () => fake.succeeded('/cgi-bin/aibot/response').find((c) => c.query.response_code === code), 15_000, 'the answer at response_url');
    expect(answer.body?.msgtype).toBe('markdown');
    // A new group has no tasks; the answer says so rather than showing alice's private task.
    const text = textOf(answer.body);
    expect(text).toMatch(/no tasks in this chat/i);
    expect(text).not.toContain('hello');
  });
});

describe('verifying the WeCom callback URL through the service', () => {
  let fake: FakeWecomServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeWecomServer({ corpId: VECTOR.receiveId, secret: WECOM_TEST.secret }).start();
    h = await startTestService({
      ...wecomEnv(fake),
      WECOM_CORP_ID: VECTOR.receiveId,
      WECOM_TOKEN: VECTOR.token,
      WECOM_AES_KEY: VECTOR.encodingAESKey,
    });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it("answers exactly the decrypted echostr of Tencent's published sample", async () => {
    const v = VECTOR.verifyUrl;
    const q = new URLSearchParams({ msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr });
    const res = await fetch(`${h.svc.url}/wecom/callback?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(v.expectedReply);
  });

  it('refuses the sample with one character of its signature changed', async () => {
    const v = VECTOR.verifyUrl;
    const bad = (v.msg_signature[0] === '0' ? '1' : '0') + v.msg_signature.slice(1);
    const q = new URLSearchParams({ msg_signature: bad, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr });
    const res = await fetch(`${h.svc.url}/wecom/callback?${q}`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(v.expectedReply);
  });
});

function textOf(body: Record<string, unknown> | undefined): string {
  // A result with buttons (Skip next on a repeating task) is a template card: its title and text.
  if (body?.msgtype === 'template_card') {
    const card = body.template_card as { main_title?: { title?: string }; sub_title_text?: string };
    return [card.main_title?.title, card.sub_title_text].filter(Boolean).join('\n');
  }
  const type = String(body?.msgtype);
  const part = body?.[type] as { content?: unknown } | undefined;
  return typeof part?.content === 'string' ? part.content : '';
}
