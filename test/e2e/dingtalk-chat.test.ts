import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { DINGTALK_TEST, FakeDingtalkServer, type DingtalkPosted } from '../fakes/dingtalk-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const GROUP = 'cidOpsGroup0001';
const ALICE = { id: 'alice01', name: 'Alice' };
const BOB = { id: 'bob02', name: 'Bob' };
const ROBOT_SECRET = 'SECcustom-robot-signing-secret';
const API = { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' };

describe('running it from a DingTalk group', () => {
  let fake: FakeDingtalkServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeDingtalkServer().start();
    fake.robots.set('at-ops', ROBOT_SECRET).set('at-other', 'SECthe-real-secret');
    const robots = {
      ops: { webhook: `${fake.url}/robot/send?access_token=at-ops`, secret: ROBOT_SECRET },
      misconfigured: { webhook: `${fake.url}/robot/send?access_token=at-other`, secret: 'SECa-wrong-secret' },
    };
    h = await startTestService(
      { DINGTALK_APP_KEY: DINGTALK_TEST.appKey, DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_API_BASE: fake.url },
      { admins: { dingtalk: [ALICE.id] }, actions: { disk: [process.execPath, '-e', "console.log('disk ok 42%')"] }, dingtalk: { robots } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const url = () => `${h.svc.url}/dingtalk/callback`;
  /** A group message that @-mentions the robot (and `others`), signed, as DingTalk calls back. */
  async function say(text: string, opts: { from?: typeof ALICE; chat?: string; others?: (typeof BOB)[]; sessionTtlMs?: number } = {}): Promise<number> {
    const cb = fake.callback({ chatId: opts.chat ?? GROUP, group: true, from: opts.from ?? ALICE, text, mentions: opts.others ?? [], ...(opts.sessionTtlMs !== undefined ? { sessionTtlMs: opts.sessionTtlMs } : {}) });
    return (await FakeDingtalkServer.deliver(url(), cb)).status;
  }
  const sent = (chat = GROUP) => fake.sentTo(chat);
  const waitPost = (pred: (p: DingtalkPosted) => boolean, what: string, chat = GROUP, timeoutMs = 15_000) => waitFor(async () => sent(chat).find(pred), timeoutMs, what);
  const taskCount = async () => (await h.svc.database.db.selectFrom('tasks').select('id').execute()).length;

  it('creates a task from a group message that @-mentions the robot and posts its command result as markdown, in an ActionCard with Skip next', async () => {
    expect(await say('every 2 seconds run disk')).toBe(200);
    const confirm = await waitPost((p) => /Task #1 created/.test(p.text), 'the confirmation');
    expect(confirm.via).toBe('session');
    const result = await waitPost((p) => p.text.includes('disk ok 42%') && /exit code 0/.test(p.text), 'the command result');
    // A repeating task's result offers Skip next; nobody is mentioned, so it is an ActionCard (markdown text).
    expect(result.msgtype).toBe('actionCard');
    expect(result.buttons!.map((b) => b.title)).toEqual(['⏭ Skip next']);
    expect(await taskCount()).toBe(1);
    await say('/delete 1');
    await waitPost((p) => /deleted/i.test(p.text) && p.text.includes('#1'), 'the deletion');
  });

  it('chases the mentioned owner, notifying them, until they answer /结单', async () => {
    expect(await say('in 1 seconds check the backups @Bob chase every 2s', { others: [BOB] })).toBe(200);
    const confirm = await waitPost((p) => /Task #\d+ created/.test(p.text) && p.text.includes('backups'), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    const reminder = await waitPost((p) => p.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder', GROUP, 20_000);
    expect(reminder.mentionIds).toEqual([BOB.id]);
    expect(reminder.text).toContain('@Bob');
    expect(await say(`/结单 ${id}`, { from: BOB })).toBe(200);
    await waitPost((p) => p.text.includes(`#${id} 已由 Bob 结单`), 'the Chinese close confirmation');
    const [chase] = await store.listChases(h.svc.database.db, id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob', nextChaseAt: null });
  }, 30_000);

  it('speaks through the robot API once the session webhook has ended, under one cached access token', async () => {
    expect(await say('/tz', { chat: 'cidLateGroup', sessionTtlMs: 10_000 })).toBe(200);
    const reply = await waitPost((p) => /timezone/i.test(p.text), 'the reply', 'cidLateGroup');
    expect(reply.via).toBe('group');
    // A session DingTalk ended before the expiry it announced: refused there, delivered by the robot API.
    const cb = fake.callback({ chatId: 'cidEndedGroup', group: true, from: ALICE, text: '/tz', sessionEndedEarly: true });
    expect((await FakeDingtalkServer.deliver(url(), cb)).status).toBe(200);
    const late = await waitPost((p) => /timezone/i.test(p.text), 'the answer after the refusal', 'cidEndedGroup');
    expect(late.via).toBe('group');
    expect(fake.calls.filter((c) => c.path === '/robot/sendBySession' && c.outcome === '300001')).toHaveLength(1);
    const calls = fake.calls.filter((c) => c.path === '/v1.0/robot/groupMessages/send');
    expect(calls.every((c) => c.headers['x-acs-dingtalk-access-token'] === 'dt-token-1')).toBe(true);
    expect(fake.tokensIssued).toBe(1);
  });

  it('refuses a forged sign, a timestamp older than an hour and an unsigned callback with 401', async () => {
    const before = await taskCount();
    const cb = () => fake.callback({ chatId: 'cidEvil', group: true, from: { id: 'mallory', name: 'Mallory' }, text: 'every 2 seconds forged' });
    expect((await FakeDingtalkServer.deliver(url(), cb(), { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await FakeDingtalkServer.deliver(url(), cb(), { timestamp: Date.now() - 61 * 60_000 })).status).toBe(401);
    expect((await FakeDingtalkServer.deliver(url(), cb(), { unsigned: true })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await taskCount()).toBe(before);
    expect(sent('cidEvil')).toEqual([]);
  });

  it('acknowledges a replayed callback but acts on it once', async () => {
    const before = await taskCount();
    const body = JSON.stringify(fake.callback({ chatId: 'cidReplay', group: true, from: ALICE, text: 'every day at 9 post the standup notes' }));
    const headers = { 'content-type': 'application/json', ...FakeDingtalkServer.sign() };
    expect((await fetch(url(), { method: 'POST', headers, body })).status).toBe(200);
    await waitPost((p) => /Task #\d+ created/.test(p.text), 'the confirmation', 'cidReplay');
    expect((await fetch(url(), { method: 'POST', headers, body })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await taskCount()).toBe(before + 1);
    expect(sent('cidReplay').filter((p) => /created/.test(p.text))).toHaveLength(1);
  });

  it('retries a robot API 503 and replaces an access token DingTalk calls invalid', async () => {
    fake.expireTokens();
    fake.failNext('/v1.0/robot/groupMessages/send', { kind: 'http', status: 503 });
    expect(await say('/tz', { chat: 'cidFlaky', sessionTtlMs: 0 })).toBe(200);
    await waitPost((p) => /timezone/i.test(p.text), 'the reply', 'cidFlaky');
    const outcomes = fake.calls.filter((c) => c.path === '/v1.0/robot/groupMessages/send' && c.body?.openConversationId === 'cidFlaky').map((c) => c.outcome);
    expect(outcomes).toEqual(['http 503', 'InvalidAuthentication', 'ok']);
    expect(fake.tokensIssued).toBe(2);
  });

  it('posts a task to a signed custom group robot by its configured name, and records a bad secret as a refusal', async () => {
    const create = (chatId: string, text: string) => fetch(`${h.svc.url}/api/tasks`, { method: 'POST', headers: API, body: JSON.stringify({ name: 'daily', text, chat: { platform: 'dingtalk-robot', chatId } }) });
    expect((await create('ops', 'in 1 seconds 提醒大家提交日报')).status).toBe(201);
    await waitPost((p) => p.text.includes('提醒大家提交日报'), 'the robot post', 'robot:at-ops');
    expect((await create('misconfigured', 'in 1 seconds this one is refused')).status).toBe(201);
    const failed = await waitFor(async () => {
      const r = await h.svc.database.db.selectFrom('outbox').select(['status', 'lastError']).where('platform', '=', 'dingtalk-robot').where('target', '=', 'misconfigured').executeTakeFirst();
      return r?.status === 'failed' ? r : undefined;
    }, 15_000, 'the refusal recorded');
    expect(failed.lastError).toContain('310000');
    expect(failed.lastError).not.toContain('at-other');
    expect(failed.lastError).not.toContain('SECa-wrong-secret');
    expect(sent('robot:at-other')).toEqual([]);
  });
});
