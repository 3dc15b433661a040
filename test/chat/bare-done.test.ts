import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import { chatFromRouter } from '../../src/http/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

// A bare "done" (no reply-to) closes the one open occurrence of the chat, asks which when several
// are open, and says when none is: never a schedule error. Both languages; on a platform and in
// the console's chat box, where a bot reply after the reminder used to turn "done" into a new task.

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;

beforeEach(async () => {
  h = await engineHarness({ start: '2026-11-28T08:00:00Z' });
  route = createRouter({ app: h.ctx, isAdmin: () => false, botNames: ['cronbot'] });
});
afterEach(async () => h?.close());

const message = (text: string, o: Partial<ChatMessage> = {}): ChatMessage => ({
  platform: 'tg',
  chatId: 'chat-1',
  chatType: 'group',
  messageId: `m${++seq}`,
  userId: 'u-alice',
  userName: 'Alice',
  text,
  mentions: [],
  addressedToBot: true,
  receivedAt: h.clock.now(),
  ...o,
});

async function say(text: string, o: Partial<ChatMessage> = {}): Promise<string> {
  const replies = await route(message(text, o));
  expect(replies).toHaveLength(1);
  return replies[0].text;
}

/** Creates a chased task in the chat and opens an occurrence of it, as the engine would. */
async function openTask(text: string, o: Partial<ChatMessage> = {}): Promise<number> {
  const reply = await say(text, o);
  const id = Number(/#(\d+)/.exec(reply)![1]);
  const now = h.clock.now();
  await store.openChase(h.database.db, { taskId: id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
  return id;
}

const open = async (id: number) => (await store.listOpenChases(h.database.db, id)).length;

describe('a bare "done" without a reply-to', () => {
  for (const word of ['done', 'ok done', 'Done!']) {
    it(`closes the one open occurrence of the chat: "${word}"`, async () => {
      const id = await openTask('/add every day at 17:30 submit the daily report chase every 15m');
      await say('/list'); // another bot message after the reminder
      expect(await say(word)).toMatch(new RegExp(`^✅ #${id} closed by Alice after 0.0 s — submit the daily report`));
      expect(await open(id)).toBe(0);
    });
  }

  for (const word of ['完成', '收到', '好了']) {
    it(`closes the one open occurrence in Chinese: "${word}"`, async () => {
      const id = await openTask('/添加 每天17:30 提交日报 催单30分钟');
      await say('/列表');
      expect(await say(word)).toMatch(new RegExp(`^✅ #${id} 已由 Alice 结单`));
      expect(await open(id)).toBe(0);
    });
  }

  it('asks which when several are open, listing each with its /done N', async () => {
    const a = await openTask('/add every day at 17:30 submit the daily report chase every 15m');
    const b = await openTask('/add every day at 18:00 water the plants chase every 15m');
    const reply = await say('done');
    expect(reply).toBe(`Several occurrences are open in this chat; which one is done?\n• #${a} submit the daily report — /done ${a}\n• #${b} water the plants — /done ${b}`);
    expect(await open(a)).toBe(1);
    expect(await open(b)).toBe(1);
  });

  it('asks which in Chinese, with /结单 N', async () => {
    const a = await openTask('/添加 每天17:30 提交日报 催单30分钟');
    const b = await openTask('/添加 每天18:00 浇花 催单30分钟');
    expect(await say('完成')).toBe(`本群有多个待结单的事项，请指明是哪一个：\n• #${a} 提交日报 —— /结单 ${a}\n• #${b} 浇花 —— /结单 ${b}`);
  });

  it('says so when nothing is open, in both languages, never a schedule error', async () => {
    await say('/add every day at 17:30 submit the daily report chase every 15m');
    expect(await say('done')).toBe('Nothing in this chat is waiting to be closed.');
    expect(await say('收到')).toBe('本群当前没有待结单的事项。');
    expect(await store.listTasks(h.database.db, {})).toHaveLength(1);
  });

  it('does not see the open occurrences of another chat', async () => {
    await openTask('/add every day at 17:30 submit the daily report chase every 15m', { chatId: 'chat-2' });
    expect(await say('done')).toBe('Nothing in this chat is waiting to be closed.');
  });

  it('stays quiet in a group when the bot is not addressed', async () => {
    await openTask('/add every day at 17:30 submit the daily report chase every 15m');
    expect(await route(message('done', { addressedToBot: false }))).toEqual([]);
  });
});

describe('a bare "done" in the console chat box', () => {
  it('closes the one open occurrence after other bot messages, and asks which when several are open', async () => {
    const box = chatFromRouter(route, () => h.clock.now(), { database: h.database });
    const say1 = async (t: string) => (await box(t, 'en')).map((r) => r.text).join('\n');
    const a = Number(/#(\d+)/.exec(await say1('every day at 17:30 submit the daily report chase every 15m'))![1]);
    const now = h.clock.now();
    await store.openChase(h.database.db, { taskId: a, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
    await say1('/help');
    // the latest notice is the result of another task, which has nothing open
    const other = Number(/#(\d+)/.exec(await say1('every day at 20:00 lock the doors'))![1]);
    await h.database.write((tx) => store.recordChatLine(tx, { platform: 'web', chatId: 'status-page', body: JSON.stringify({ text: `lock the doors\n#${other}` }), dedupeKey: `run:${other}:1`, now }));
    expect(await say1('done')).toMatch(new RegExp(`^✅ #${a} closed by `));
    const b = Number(/#(\d+)/.exec(await say1('every day at 18:00 water the plants chase every 15m'))![1]);
    const c = Number(/#(\d+)/.exec(await say1('每天19:00 浇花 催单30分钟'))![1]);
    for (const id of [b, c]) await store.openChase(h.database.db, { taskId: id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
    expect(await say1('完成')).toBe(`本群有多个待结单的事项，请指明是哪一个：\n• #${b} water the plants —— /结单 ${b}\n• #${c} 浇花 —— /结单 ${c}`);
  });
});
