import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, createTapHandler, issueButtons, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

// Who may close a task's occurrences, said in chat: when adding ("closers: owner",
// "仅负责人可结单"), with /closers N (/结单人 N), and kept by the owner and the admins alone.

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;
const ADMIN = { userId: 'u-root', userName: 'Root' };
const ALICE = { userId: 'u-alice', userName: 'Alice' };
const BOB = { userId: 'u-bob', userName: 'Bob' };
const isAdmin = (platform: string, id: string) => platform === 'tg' && id === ADMIN.userId;

beforeEach(async () => {
  h = await engineHarness({ start: '2026-11-28T08:00:00Z' });
  route = createRouter({ app: h.ctx, isAdmin, botNames: ['cronbot'], onBug: (e) => { throw e; } });
});
afterEach(async () => h?.close());

async function say(text: string, who = ALICE, o: Partial<ChatMessage> = {}): Promise<string> {
  const replies = await route({ platform: 'tg', chatId: 'chat-1', chatType: 'group', messageId: `m${++seq}`, ...who, text, mentions: [], addressedToBot: false, receivedAt: h.clock.now(), ...o });
  expect(replies).toHaveLength(1);
  return replies[0].text;
}
const closersOf = async (id: number) => (await store.findTask(h.database.db, id))!.closers ?? 'anyone';

describe('closers from chat', () => {
  it('reads "closers: owner" and "only admins can close" when adding, and says so in the reply', async () => {
    const a = await say('/add every day at 17:30 submit the daily report chase every 30m closers: owner');
    expect(a).toMatch(/^✅ Task #1 created: every day at 17:30 \(UTC\) — submit the daily report$/m);
    expect(a).toContain('↪ only its owner Alice (or an admin) can close it');
    expect(await closersOf(1)).toBe('owner');
    expect((await store.findTask(h.database.db, 1))!.content).toBe('submit the daily report');
    const b = await say('/add every monday at 9:00 renew the certificates, only admins can close');
    expect(b).toContain('↪ only an admin can close it');
    expect(await closersOf(2)).toBe('admins');
    expect((await store.findTask(h.database.db, 2))!.content).toBe('renew the certificates');
  });

  it('reads "仅负责人可结单" and "结单人：管理员" when adding, and answers in Chinese', async () => {
    const a = await say('/添加 每天17:30 提交日报 催单30分钟 仅负责人可结单');
    expect(a).toMatch(/^✅ 已创建任务 #1：每天 17:30（UTC） — 提交日报$/m);
    expect(a).toContain('↪ 仅负责人 Alice（或管理员）可结单');
    expect(await closersOf(1)).toBe('owner');
    expect((await store.findTask(h.database.db, 1))!.content).toBe('提交日报');
    await say('/添加 每周一9点 续期证书 结单人：管理员');
    expect(await closersOf(2)).toBe('admins');
    expect((await store.findTask(h.database.db, 2))!.content).toBe('续期证书');
  });

  it('shows and sets closers with /closers N, by the owner, in English', async () => {
    await say('/add every day at 17:30 submit the daily report');
    expect(await say('/closers 1')).toBe('🔒 Task #1 can be closed by anyone in this chat. Change it with /closers 1 owner|admins|anyone');
    expect(await say('/closers 1 owner')).toBe('🔒 Task #1 can now be closed by only its owner Alice (or an admin).');
    expect(await closersOf(1)).toBe('owner');
    expect(await say('/closers #1 admins')).toBe('🔒 Task #1 can now be closed by only an admin.');
    expect(await closersOf(1)).toBe('admins');
  });

  it('sets closers with /结单人 N 负责人, in Chinese, and refuses a value that is not a choice in the asker\'s language', async () => {
    await say('/添加 每天17:30 提交日报');
    expect(await say('/结单人 1 负责人')).toBe('🔒 任务 #1 的结单人已改为：仅负责人 Alice（或管理员）。');
    expect(await say('/结单人 1')).toBe('🔒 任务 #1 的结单人：仅负责人 Alice（或管理员）。用 /结单人 1 负责人|管理员|任何人 修改');
    expect(await say('/结单人 1 老板')).toMatch(/“老板”不是可选值：请用 负责人、管理员 或 任何人，例如 \/结单人 1 负责人/);
    expect(await say('/closers 1 boss')).toMatch(/"boss" is not a choice: use owner, admins or anyone, e.g. \/closers 1 owner/);
    expect(await say('/closers')).toMatch(/please give a task number, e\.g\. \/closers 12 owner/);
    expect(await closersOf(1)).toBe('owner');
  });

  it('lets only the owner or an admin change it: another member is refused politely, in their language, and nothing changes', async () => {
    await say('/add every day at 17:30 submit the daily report closers: owner');
    expect(await say('/closers 1 anyone', BOB)).toMatch(/only the owner Alice or an admin may change who closes task 1/);
    expect(await say('/结单人 1 任何人', BOB)).toMatch(/只有负责人 Alice 或管理员可以修改任务 1 的结单人/);
    // Nor through /edit's phrase.
    expect(await say('/edit 1 anyone can close', BOB)).toMatch(/only the owner Alice or an admin may change who closes task 1/);
    expect(await closersOf(1)).toBe('owner');
    expect(await say('/closers 1 anyone', ADMIN)).toBe('🔒 Task #1 can now be closed by anyone in this chat.');
    expect(await closersOf(1)).toBe('anyone');
    expect(await say('/edit 1 closers: admins')).toMatch(/^✏️ Task #1 updated: .*\n↪ only an admin can close it$/m);
    expect(await closersOf(1)).toBe('admins');
  });

  it('keeps a task only its owner may close from changing hands by a member: /edit N @someone is refused, an admin may', async () => {
    await say('/add every day at 17:30 submit the daily report closers: owner');
    const bob = { id: BOB.userId, name: BOB.userName };
    expect(await say('/edit 1 @Bob', BOB, { mentions: [bob] })).toMatch(/only the owner Alice or an admin may change who closes task 1/);
    expect((await store.findTask(h.database.db, 1))!.owner).toEqual({ id: ALICE.userId, name: ALICE.userName });
    expect(await say('/show 1')).toMatch(/^Who may close: only its owner Alice \(or an admin\)$/m);
    expect(await say('/详情 1')).toMatch(/^结单人：仅负责人 Alice（或管理员）$/m);
    await say('/edit 1 @Bob', ADMIN, { mentions: [bob] });
    expect((await store.findTask(h.database.db, 1))!.owner).toEqual(bob);
  });

  it('keeps a task of another chat hidden: /closers on it is "not found"', async () => {
    await say('/add every day at 17:30 submit the daily report');
    const other = await say('/closers 1 owner', ALICE, { chatId: 'chat-2' });
    expect(other).toMatch(/not found|no task/i);
    expect(await closersOf(1)).toBe('anyone');
  });

  it('applies what was set: under closers owner a member\'s /done and Done tap are refused, the owner\'s are taken', async () => {
    await say('/add every day at 17:30 submit the daily report chase every 30m 仅负责人可结单');
    const now = h.clock.now();
    const chase = await store.openChase(h.database.db, { taskId: 1, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 1_800_000 });
    expect(await say('/done 1', BOB)).toContain('Sorry, only its owner Alice can close task 1');
    const task = (await store.findTask(h.database.db, 1))!;
    const buttons = await h.database.write((tx) => issueButtons(tx, { task, chat: { platform: 'tg', chatId: 'chat-1' }, kind: 'chase', chaseId: chase!.id, runId: null }, 'en', now));
    const done = buttons!.flat().find((b) => /Done/.test(b.label))!.data;
    const tap = createTapHandler({ app: h.ctx, isAdmin });
    const refused = await tap({ platform: 'tg', chatId: 'chat-1', userId: BOB.userId, userName: BOB.userName, data: done, receivedAt: now });
    expect(refused).toMatchObject({ toast: 'Sorry, only its owner Alice can close #1' });
    expect((await store.findOpenChase(h.database.db, 1))).toBeDefined();
    const taken = await tap({ platform: 'tg', chatId: 'chat-1', userId: ALICE.userId, userName: ALICE.userName, data: done, receivedAt: now });
    expect(taken.toast).toBe('Done: #1 is closed');
    expect(await store.findOpenChase(h.database.db, 1)).toBeUndefined();
  });
});
