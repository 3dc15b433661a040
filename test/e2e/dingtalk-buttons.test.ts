import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { DINGTALK_TEST, FakeDingtalkServer, type DingtalkPosted } from '../fakes/dingtalk-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const ALICE = { id: 'alice01', name: 'Alice' }; // an admin
const BOB = { id: 'bob02', name: 'Bob' }; // the owner of the chased task
const CAROL = { id: 'carol03', name: 'Carol' }; // a member
const API = { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' };

describe('Done / Snooze buttons on DingTalk: message links that send the tap back to the robot', () => {
  let fake: FakeDingtalkServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeDingtalkServer().start();
    h = await startTestService({ DINGTALK_APP_KEY: DINGTALK_TEST.appKey, DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_API_BASE: fake.url }, { admins: { dingtalk: [ALICE.id] } });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const url = () => `${h.svc.url}/dingtalk/callback`;
  async function say(chat: string, text: string, others: (typeof BOB)[] = []): Promise<void> {
    expect((await FakeDingtalkServer.deliver(url(), fake.callback({ chatId: chat, group: true, from: ALICE, text, mentions: others }))).status).toBe(200);
  }
  const waitPost = (chat: string, pred: (p: DingtalkPosted) => boolean, what: string) => waitFor(async () => fake.sentTo(chat).find(pred), 15_000, what);
  async function createdId(chat: string): Promise<number> {
    const p = await waitPost(chat, (x) => /Task #\d+ created|已创建任务 #\d+/.test(x.text), 'the confirmation');
    return Number(/#(\d+)/.exec(p.text)![1]);
  }
  const chaseOf = async (id: number) => (await store.listChases(h.svc.database.db, id, 5))[0];

  it('puts the buttons under the occurrence (markdown, so that its owner is notified); a tap sends its text as the tapper, closes the occurrence and is answered in the chat', async () => {
    const G = 'cidBtnGroup0001';
    await say(G, 'in 2 seconds backup the wiki chase every 2s');
    const id = await createdId(G);
    const card = await waitPost(G, (p) => (p.buttons?.length ?? 0) > 0 && p.text.includes('backup the wiki'), 'the card');
    expect(card.msgtype).toBe('markdown');
    expect(card.mentionIds).toEqual([ALICE.id]);
    expect(card.buttons!.map((b) => b.title)).toEqual(['✅ Done', 'Snooze 15 min', 'Snooze 1 h', 'Tomorrow 09:00', 'Snooze 2 s']);
    expect(card.buttons![0].content).toMatch(/^✅ Done cc1:[A-Za-z0-9_-]{22}:d$/);

    const tap = fake.tapCallback(card, /Done/, CAROL);
    expect((await FakeDingtalkServer.deliver(url(), tap)).status).toBe(200);
    const line = await waitPost(G, (p) => p.text.startsWith('✅ Closed by Carol (dingtalk) at '), 'the status line');
    expect(line.mentionIds).toEqual([]);
    const chase = await chaseOf(id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Carol (dingtalk)' });
    // Nothing reads the tap's text as a new task.
    expect(fake.sentTo(G).some((p) => /could not read|看不懂/.test(p.text))).toBe(false);

    // DingTalk redelivers the same callback (same msgId, new signature): one action, one answer.
    const answers = fake.sentTo(G).length;
    expect((await FakeDingtalkServer.deliver(url(), tap)).status).toBe(200);
    // Another tap of a stale button of the same card: "already closed", to the tapper by name.
    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(card, /Snooze 1 h/, ALICE))).status).toBe(200);
    const already = await waitPost(G, (p) => p.text.startsWith('Already closed by Carol (dingtalk)'), 'the "already closed" answer');
    expect(already.mentionIds).toEqual([ALICE.id]);
    expect(fake.sentTo(G).length).toBe(answers + 1);
    expect(await chaseOf(id)).toEqual(chase);
  }, 40_000);

  it('refuses an unsigned tap, and answers "not valid here" for forged data or a card of another conversation', async () => {
    const A = 'cidBtnGroup0002';
    const B = 'cidBtnGroup0003';
    await say(A, 'in 2 seconds renew the cert chase every 1h');
    const id = await createdId(A);
    const card = await waitPost(A, (p) => (p.buttons?.length ?? 0) > 0 && p.text.includes('renew the cert'), 'the card');
    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(card, /Done/, CAROL), { unsigned: true })).status).toBe(401);
    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(card, /Done/, CAROL), { secret: 'not-the-secret' })).status).toBe(401);
    const forged = fake.callback({ chatId: A, group: true, from: CAROL, text: '✅ Done cc1:AAAAAAAAAAAAAAAAAAAAAA:d' });
    expect((await FakeDingtalkServer.deliver(url(), forged)).status).toBe(200);
    await waitPost(A, (p) => p.text.startsWith('This button is not valid here'), 'the refusal');
    const crossed = fake.tapCallback({ ...card, chatId: B }, /Done/, CAROL);
    expect((await FakeDingtalkServer.deliver(url(), crossed)).status).toBe(200);
    await waitPost(B, (p) => p.text.startsWith('This button is not valid here'), 'the refusal in the other group');
    expect((await chaseOf(id)).closedAt).toBeNull();
  }, 40_000);

  it('carries the buttons as links under a reminder that notifies its owner; snoozes only the next reminder; refuses a member under closers: owner', async () => {
    const G = 'cidBtnGroup0004';
    await say(G, 'in 2 seconds 提交周报 @Bob chase every 2s', [BOB]);
    const id = await createdId(G);
    expect((await fetch(`${h.svc.url}/api/tasks/${id}`, { method: 'PATCH', headers: API, body: JSON.stringify({ closers: 'owner' }) })).status).toBe(200);
    const reminder = await waitPost(G, (p) => p.text.startsWith(`⏰ #${id}`) && (p.buttons?.length ?? 0) > 0, 'a reminder with links');
    expect(reminder.msgtype).toBe('markdown');
    expect(reminder.mentionIds).toEqual([BOB.id]);
    expect(reminder.buttons!.map((b) => b.title)).toEqual(['✅ 完成', '稍后 15分钟', '稍后 1小时', '明天 09:00', '稍后 2秒']);

    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(reminder, /15分钟/, CAROL))).status).toBe(200);
    await waitPost(G, (p) => p.text === `抱歉，只有负责人 Bob可以处理 #${id}\n@Carol`, 'the refusal');
    expect((await chaseOf(id)).closedAt).toBeNull();
    const tapped = Date.now();
    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(reminder, /15分钟/, BOB))).status).toBe(200);
    await waitPost(G, (p) => p.text.startsWith('⏰ Bob (dingtalk) 已推迟到 '), 'the snooze line');
    const chase = await chaseOf(id);
    expect(chase.closedAt).toBeNull();
    expect(chase.nextChaseAt! - tapped).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(chase.nextChaseAt! - tapped).toBeLessThanOrEqual(15 * 60_000 + 5000);
  }, 40_000);

  it('Skip next on a result skips the next occurrence and history says who skipped it', async () => {
    const G = 'cidBtnGroup0005';
    await say(G, '/add every day at 06:00 water the plants');
    const id = await createdId(G);
    const db = h.svc.database.db;
    const slot = (await store.findTask(db, id))!.nextRunAt!;
    await say(G, `/run ${id}`);
    const card = await waitPost(G, (p) => (p.buttons?.length ?? 0) > 0 && p.text.includes('water the plants'), 'the result card');
    expect(card.buttons!.map((b) => b.title)).toEqual(['⏭ Skip next']);
    expect((await FakeDingtalkServer.deliver(url(), fake.tapCallback(card, /Skip/, CAROL))).status).toBe(200);
    await waitPost(G, (p) => p.text.startsWith('⏭ Carol (dingtalk) skipped the run of '), 'the skip line');
    expect((await store.findTask(db, id))!.nextRunAt).toBe(slot + 86_400_000);
    const runs = await store.listRuns(db, id, 10);
    expect(runs.find((r) => r.status === 'skipped')).toMatchObject({ scheduledFor: slot, message: 'skipped by Carol (dingtalk)' });
  }, 40_000);
});
