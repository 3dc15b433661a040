import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeFeishuServer, FEISHU_TEST, type FeishuPosted } from '../fakes/feishu-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const GROUP = 'oc_ops0group';
const ALICE = { id: 'ou_alice', name: 'Alice' };
const BOB = { id: 'ou_bob', name: 'Bob' };
const BOT = { id: FEISHU_TEST.botOpenId, name: 'chatcron' };
const ROBOT_SECRET = 'custom-bot-signing-secret';
const API = { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' };

describe('running it from a Feishu group', () => {
  let fake: FakeFeishuServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeFeishuServer().start();
    fake.users.set(ALICE.id, ALICE.name).set(BOB.id, BOB.name);
    fake.hooks.set('tok-ops', ROBOT_SECRET).set('tok-other', 'the-real-secret');
    const robots = {
      ops: { webhook: `${fake.url}/open-apis/bot/v2/hook/tok-ops`, secret: ROBOT_SECRET },
      misconfigured: { webhook: `${fake.url}/open-apis/bot/v2/hook/tok-other`, secret: 'a-wrong-secret' },
    };
    h = await startTestService(
      {
        FEISHU_APP_ID: FEISHU_TEST.appId,
        FEISHU_APP_SECRET: FEISHU_TEST.appSecret,
        FEISHU_VERIFICATION_TOKEN: FEISHU_TEST.verificationToken,
        FEISHU_ENCRYPT_KEY: FEISHU_TEST.encryptKey,
        FEISHU_API_BASE: fake.url,
      },
      { admins: { feishu: [ALICE.id] }, actions: { disk: [process.execPath, '-e', "console.log('disk ok 42%')"] }, feishu: { robots } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const url = () => `${h.svc.url}/feishu/events`;
  /** A group message that @-mentions the bot (and whoever else `others` names), encrypted and signed. */
  async function say(text: string, opts: { from?: typeof ALICE; chat?: string; others?: (typeof BOB)[]; parentId?: string; mentionBot?: boolean } = {}): Promise<number> {
    const mentionBot = opts.mentionBot ?? true;
    const event = fake.messageEvent({
      chatId: opts.chat ?? GROUP,
      from: (opts.from ?? ALICE).id,
      text: mentionBot ? `@${BOT.name} ${text}` : text,
      mentions: [...(mentionBot ? [BOT] : []), ...(opts.others ?? [])],
      ...(opts.parentId ? { parentId: opts.parentId } : {}),
    });
    return (await FakeFeishuServer.deliver(url(), event)).status;
  }
  const sent = (chat = GROUP) => fake.sentTo(chat);
  const waitPost = (pred: (p: FeishuPosted) => boolean, what: string, chat = GROUP, timeoutMs = 15_000) => waitFor(async () => sent(chat).find(pred), timeoutMs, what);
  const taskCount = async () => (await h.svc.database.db.selectFrom('tasks').select('id').execute()).length;

  it('answers the encrypted URL verification challenge, and not with the wrong token', async () => {
    const ok = await FakeFeishuServer.deliver(url(), { challenge: 'ajls384kdjx98XX', token: FEISHU_TEST.verificationToken, type: 'url_verification' }, { unsigned: true });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
    const bad = await FakeFeishuServer.deliver(url(), { challenge: 'ajls384kdjx98XX', token: 'someone-elses-token', type: 'url_verification' }, { unsigned: true });
    expect(bad.status).toBe(401);
  });

  it('creates a task from a group message that mentions the bot and posts its command result as rich text', async () => {
    expect(await say('every 2 seconds run disk')).toBe(200);
    const confirm = await waitPost((p) => /Task #1 created/.test(p.text), 'the confirmation');
    expect(confirm.text).toMatch(/every 2 seconds/i);
    const result = await waitPost((p) => p.text.includes('disk ok 42%') && /exit code 0/.test(p.text), 'the command result');
    expect(result.msgType).toBe('post');
    expect(await taskCount()).toBe(1);
    await say('/delete 1');
    await waitPost((p) => /deleted/i.test(p.text) && p.text.includes('#1'), 'the deletion');
    // Every call so far ran under the one tenant access token the SDK cached.
    expect(fake.tokensIssued).toBe(1);
  });

  it('chases the mentioned owner with an <at> mention until a reply 完成 closes it', async () => {
    expect(await say('in 1 seconds check the backups @Bob chase every 2s', { others: [BOB] })).toBe(200);
    const confirm = await waitPost((p) => /Task #\d+ created/.test(p.text) && p.text.includes('backups'), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    const reminder = await waitPost((p) => p.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder', GROUP, 20_000);
    expect(reminder.mentionIds).toEqual([BOB.id]);
    expect(reminder.text).toContain('@Bob');
    // Bob replies to the reminder (Feishu's reply: parent_id), without mentioning the bot.
    expect(await say('完成', { from: BOB, parentId: reminder.messageId, mentionBot: false })).toBe(200);
    await waitPost((p) => p.text.includes(`#${id} 已由 Bob 结单`), 'the Chinese close confirmation');
    const [chase] = await store.listChases(h.svc.database.db, id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob', nextChaseAt: null });
  }, 30_000);

  it('refuses a forged signature, a stale timestamp, an unsigned event and a wrong verification token with 401', async () => {
    const before = await taskCount();
    const ev = () => fake.messageEvent({ chatId: 'oc_evil', from: 'ou_mallory', text: '@chatcron every 2 seconds forged', mentions: [BOT] });
    expect((await FakeFeishuServer.deliver(url(), ev(), { signKey: 'not-the-encrypt-key' })).status).toBe(401);
    expect((await FakeFeishuServer.deliver(url(), ev(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await FakeFeishuServer.deliver(url(), ev(), { unsigned: true })).status).toBe(401);
    const wrongToken = fake.messageEvent({ chatId: 'oc_evil', from: 'ou_mallory', text: '@chatcron every 2 seconds forged', mentions: [BOT], token: 'guessed' });
    expect((await FakeFeishuServer.deliver(url(), wrongToken)).status).toBe(401);
    // Encrypted under another key: refused with the same answer as a bad signature.
    expect((await FakeFeishuServer.deliver(url(), ev(), { encryptKey: 'another-key', signKey: FEISHU_TEST.encryptKey })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await taskCount()).toBe(before);
    expect(sent('oc_evil')).toEqual([]);
  });

  it('acknowledges a replayed event but acts on it once', async () => {
    const before = await taskCount();
    const event = fake.messageEvent({ chatId: 'oc_replay', from: ALICE.id, text: '@chatcron every day at 9 post the standup notes', mentions: [BOT] });
    const body = JSON.stringify({ encrypt: FakeFeishuServer.encrypt(JSON.stringify(event)) });
    const headers = { 'content-type': 'application/json', ...FakeFeishuServer.sign(body) };
    expect((await fetch(url(), { method: 'POST', headers, body })).status).toBe(200);
    await waitPost((p) => /Task #\d+ created/.test(p.text), 'the confirmation', 'oc_replay');
    expect((await fetch(url(), { method: 'POST', headers, body })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await taskCount()).toBe(before + 1);
    expect(sent('oc_replay').filter((p) => /created/.test(p.text))).toHaveLength(1);
  });

  it('replaces a tenant token Feishu calls invalid and retries a reply refused with 429', async () => {
    const issued = fake.tokensIssued;
    fake.expireTokens();
    fake.failNext('/open-apis/im/v1/messages', { kind: 'http', status: 429, code: 99991400, reset: 1 });
    expect(await say('/tz', { chat: 'oc_flaky' })).toBe(200);
    await waitPost((p) => /timezone/i.test(p.text), 'the reply', 'oc_flaky');
    const outcomes = fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages' && c.body?.receive_id === 'oc_flaky').map((c) => c.outcome);
    expect(outcomes).toEqual(['http 429', '99991663', 'ok']);
    expect(fake.tokensIssued).toBe(issued + 1);
  });

  it('posts a task to a signed custom group bot by its configured name, and records a bad secret as a refusal', async () => {
    const create = (chatId: string, text: string) => fetch(`${h.svc.url}/api/tasks`, { method: 'POST', headers: API, body: JSON.stringify({ name: 'daily', text, chat: { platform: 'feishu-robot', chatId } }) });
    expect((await create('ops', 'in 1 seconds 提醒大家提交日报')).status).toBe(201);
    const got = await waitPost((p) => p.text.includes('提醒大家提交日报'), 'the bot post', 'hook:tok-ops');
    expect(got.msgType).toBe('text');
    expect((await create('misconfigured', 'in 1 seconds this one is refused')).status).toBe(201);
    const failed = await waitFor(async () => {
      const r = await h.svc.database.db.selectFrom('outbox').select(['status', 'lastError']).where('platform', '=', 'feishu-robot').where('target', '=', 'misconfigured').executeTakeFirst();
      return r?.status === 'failed' ? r : undefined;
    }, 15_000, 'the refusal recorded');
    expect(failed.lastError).toContain('code 19021');
    expect(failed.lastError).not.toContain('tok-other');
    expect(failed.lastError).not.toContain('a-wrong-secret');
    expect(sent('hook:tok-other')).toEqual([]);
  });
});
