import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/index.ts';
import { chaseReminderText, createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import { extractChase } from '../../src/chat/chase-phrase.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let bugs: unknown[];
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;

// 2026-11-28 is a Saturday; 08:00 UTC is 16:00 in Shanghai.
const START = '2026-11-28T08:00:00Z';
const ADMIN = 'u-root';

beforeEach(async () => {
  h = await engineHarness({ start: START, actions: { backup: { argv: [process.execPath, '-e', 'console.log("backed up")'] }, disk: { argv: ['df', '-h'] } } });
  bugs = [];
  route = createRouter({ app: h.ctx, isAdmin: (platform, id) => platform === 'tg' && id === ADMIN, botNames: ['cronbot'], onBug: (e) => bugs.push(e) });
});
afterEach(async () => h?.close());

function message(text: string, o: Partial<ChatMessage> = {}): ChatMessage {
  return {
    platform: 'tg',
    chatId: 'chat-1',
    chatType: 'group',
    messageId: `m${++seq}`,
    userId: 'u-alice',
    userName: 'Alice',
    text,
    mentions: [],
    addressedToBot: false,
    receivedAt: h.clock.now(),
    ...o,
  };
}

/** Sends one message and returns the single reply's text. */
async function say(text: string, o: Partial<ChatMessage> = {}): Promise<string> {
  const replies = await route(message(text, o));
  expect(replies).toHaveLength(1);
  return replies[0].text;
}

async function task(id: number) {
  return (await store.findTask(h.database.db, id))!;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

describe('creating tasks', () => {
  it('answers /add with the parser description, the next three fire times and the task id', async () => {
    const reply = await say('/add every weekday 9:30 standup notes');
    expect(reply).toBe('✅ Task #1 created: every weekday at 09:30 (UTC) — standup notes\nNext: Mon 30 Nov 09:30, Tue 1 Dec 09:30, Wed 2 Dec 09:30');
    const t = await task(1);
    expect(t).toMatchObject({ content: 'standup notes', mode: 'message', chat: { platform: 'tg', chatId: 'chat-1' }, owner: { id: 'u-alice', name: 'Alice' }, chase: null });
    expect(t.schedule).toMatchObject({ kind: 'cron', expr: '30 9 * * 1-5', tz: 'UTC' });
  });

  it('creates a task from a group message that @-mentions the bot without a slash', async () => {
    const reply = await say('every day at 18:00 water the plants', { addressedToBot: true });
    expect(reply).toMatch(/^✅ Task #1 created: every day at 18:00 \(UTC\) — water the plants/);
    expect((await task(1)).content).toBe('water the plants');
  });

  it('strips an "@bot" the adapter left at the start of the text', async () => {
    const reply = await say('@cronbot every day at 18:00 water the plants', { addressedToBot: true });
    expect(reply).toMatch(/^✅ Task #1 created: every day at 18:00 \(UTC\) — water the plants/);
  });

  it('answers /添加 in Chinese with the Chinese description', async () => {
    const reply = await say('/添加 每天早上9点 提醒大家提交日报');
    expect(reply).toBe('✅ 已创建任务 #1：每天 09:00（UTC） — 提醒大家提交日报\n下次：11月28日 周六 09:00，11月29日 周日 09:00，11月30日 周一 09:00');
  });

  it('answers in Chinese when an English command carries Chinese text', async () => {
    expect(await say('/add 每天早上9点 提交日报')).toMatch(/^✅ 已创建任务 #1：/);
  });

  it('ignores group messages that are neither commands nor addressed to the bot', async () => {
    expect(await route(message('every day at 9 we have coffee'))).toEqual([]);
    expect(await store.listTasks(h.database.db, {})).toHaveLength(0);
  });

  it('treats every private message as addressed to the bot', async () => {
    const reply = await say('tomorrow at 10:00 call the bank', { chatType: 'private', chatId: 'dm-alice' });
    expect(reply).toMatch(/^✅ Task #1 created: once on 2026-11-29 at 10:00 \(UTC\) — call the bank/);
  });

  it('answers a schedule it cannot read with the parser reason in English', async () => {
    const reply = await say('/add blah blah');
    expect(reply).toContain('I could not find a time or a schedule in this message');
    expect(reply).toContain('/help');
    expect(await store.listTasks(h.database.db, {})).toHaveLength(0);
  });

  it('answers a schedule it cannot read with the parser reason in Chinese', async () => {
    const reply = await say('/添加 昨天9点 开会');
    expect(reply).toContain('这个时间已经过去了');
    expect(reply).not.toMatch(/[a-z]{4,}/);
  });

  it('asks for a schedule when /add comes alone', async () => {
    expect(await say('/add')).toContain('tell me when and what');
    expect(await say('/添加')).toContain('请写明时间和内容');
  });

  it('replies to the message that asked and in its language', async () => {
    const [r] = await route(message('/列表', { messageId: 'ask-1' }));
    expect(r).toMatchObject({ replyToMessageId: 'ask-1', lang: 'zh' });
  });
});

describe('the chat timezone', () => {
  it('sets the timezone with /tz and reads later schedules in it', async () => {
    expect(await say('/tz')).toBe('🌐 This chat\'s timezone: UTC (the default). Change it with /tz Asia/Shanghai');
    expect(await say('/tz Asia/Shanghai')).toContain('now Asia/Shanghai');
    expect(await say('/tz')).toContain('timezone: Asia/Shanghai.');
    const reply = await say('/add every day at 9:00 standup');
    expect(reply).toContain('every day at 09:00 (Asia/Shanghai)');
    const t = await task(1);
    expect(t.schedule.tz).toBe('Asia/Shanghai');
    expect(iso(t.nextRunAt)).toBe('2026-11-29T01:00:00.000Z');
  });

  it('keeps the timezone per chat', async () => {
    await say('/tz Asia/Tokyo');
    await say('/add every day at 9:00 standup', { chatId: 'chat-2' });
    expect((await task(1)).schedule.tz).toBe('UTC');
  });

  it('sets and shows the timezone with /时区 in Chinese', async () => {
    expect(await say('/时区 Europe/Berlin')).toContain('本群时区已设为 Europe/Berlin');
    expect(await say('/时区')).toContain('本群时区：Europe/Berlin');
  });

  it('refuses an unknown timezone in the writer language', async () => {
    expect(await say('/tz Mars/Olympus')).toContain('unknown timezone "Mars/Olympus"');
    expect(await say('/时区 Mars/Olympus')).toContain('未知时区');
    expect((await store.getChat(h.database.db, 'tg', 'chat-1')).timezone).toBeNull();
  });
});

describe('command tasks from chat', () => {
  it('refuses a command task to someone who is not an admin', async () => {
    expect(await say('/add every day at 2am run backup')).toBe('⛔ only admins may create or change command tasks');
    expect(await say('/添加 每天凌晨2点 执行 backup')).toBe('⛔ 只有管理员可以创建或修改命令任务');
    expect(await store.listTasks(h.database.db, {})).toHaveLength(0);
  });

  it('creates a command task for an admin naming a configured action', async () => {
    const reply = await say('/add every day at 2am run backup', { userId: ADMIN });
    expect(reply).toContain('✅ Task #1 created: every day at 02:00 (UTC)');
    expect(reply).toContain('Action: command backup');
    expect(await task(1)).toMatchObject({ mode: 'command', action: { name: 'backup' }, content: '' });
  });

  it('creates a message-and-command task when text remains besides the action', async () => {
    await say('/添加 每天凌晨2点 备份数据库 执行 backup', { userId: ADMIN });
    expect(await task(1)).toMatchObject({ mode: 'message+command', action: { name: 'backup' }, content: '备份数据库' });
  });

  it('refuses an unknown action and lists the configured ones', async () => {
    expect(await say('/add every day at 2am run nosuch', { userId: ADMIN })).toBe('⚠️ no action named "nosuch"; configured: backup, disk');
    expect(await say('/添加 每天凌晨2点 执行 nosuch', { userId: ADMIN })).toBe('⚠️ 没有名为“nosuch”的操作；已配置：backup、disk');
  });

  it('keeps "run" with an unknown name inside ordinary text as a message', async () => {
    await say('/add every day at 17:00 remember to run tests');
    expect(await task(1)).toMatchObject({ mode: 'message', action: null, content: 'remember to run tests' });
  });
});

describe('chase and owner', () => {
  it('reads the owner and an English chase phrase, keeping the mention in the content and the chase phrase out', async () => {
    const reply = await say('/add every weekday 17:30 submit the daily report @bob chase every 15m', { mentions: [{ id: 'u-bob', name: 'bob' }] });
    expect(reply).toContain('Chase: @bob every 15 min, until done');
    expect(await task(1)).toMatchObject({
      content: 'submit the daily report @bob',
      owner: { id: 'u-bob', name: 'bob' },
      chase: { everyMs: 900_000, maxCount: null, until: null, closeOnNext: false },
    });
  });

  it('reads "at most N times" and "until HH:MM" after the chase phrase', async () => {
    await say('/add every day at 17:00 file the timesheet, chase every 10 minutes at most 3 times until 18:00');
    expect(await task(1)).toMatchObject({ content: 'file the timesheet', chase: { everyMs: 600_000, maxCount: 3, until: '18:00' }, owner: { id: 'u-alice' } });
  });

  it('answers in English when only the mentioned name is Chinese', async () => {
    const reply = await say('/add every day at 17:00 report @张三 chase every 15m', { mentions: [{ id: 'u-zhang', name: '张三' }] });
    expect(reply).toContain('Chase: @张三 every 15 min, until done');
    expect((await task(1)).content).toBe('report @张三');
  });

  it('reads a Chinese chase phrase and the mentioned owner', async () => {
    const reply = await say('每天17:30 提交日报 @张三 催单30分钟 最多4次', { addressedToBot: true, mentions: [{ id: 'u-zhang', name: '张三' }] });
    expect(reply).toContain('催单：@张三 每 30分钟，最多 4 次，直到结单');
    expect(await task(1)).toMatchObject({ content: '提交日报 @张三', owner: { id: 'u-zhang', name: '张三' }, chase: { everyMs: 1_800_000, maxCount: 4, until: null } });
  });

  it('reads "催单每15分钟 到18:00为止"', async () => {
    await say('/添加 每天17:00 交周报 催单每15分钟 到18:00为止');
    expect(await task(1)).toMatchObject({ content: '交周报', chase: { everyMs: 900_000, until: '18:00' } });
  });

  it('does not take the bot for the owner', async () => {
    await say('@cronbot every day at 9:00 check mail chase every 1h', { addressedToBot: true, mentions: [{ id: 'bot-id', name: 'cronbot' }] });
    expect((await task(1)).owner).toEqual({ id: 'u-alice', name: 'Alice' });
  });

  it('changes the chase with /edit and removes it with /修改 … 催单 关闭', async () => {
    await say('/add every day at 17:00 report chase every 15m');
    expect(await say('/edit 1 chase every 30m')).toContain('Chase: @Alice every 30 min');
    expect((await task(1)).chase).toMatchObject({ everyMs: 1_800_000 });
    expect(await say('/修改 1 催单 关闭')).toContain('催单：已关闭');
    expect((await task(1)).chase).toBeNull();
    expect((await task(1)).content).toBe('report');
  });

  it('changes the owner with /edit and a mention', async () => {
    await say('/add every day at 17:00 report');
    await say('/edit 1 @carol', { mentions: [{ id: 'u-carol', name: 'carol' }] });
    expect((await task(1)).owner).toEqual({ id: 'u-carol', name: 'carol' });
    expect((await task(1)).content).toBe('report');
  });
});

describe('managing tasks', () => {
  beforeEach(async () => {
    await say('/add every weekday 9:30 standup notes');
  });

  it('lists the chat tasks with id, status, description and next run', async () => {
    await say('/add every day at 18:00 water the plants');
    await say('/pause 2');
    expect(await say('/list')).toBe(
      'Tasks in this chat (2):\n#1 [active] every weekday at 09:30 (UTC) — standup notes · next Mon 30 Nov 09:30\n#2 [paused] every day at 18:00 (UTC) — water the plants',
    );
    expect(await say('/列表')).toContain('#2 [已暂停] 每天 18:00（UTC） — water the plants');
  });

  it('does not list tasks of another chat', async () => {
    expect(await say('/list', { chatId: 'chat-2' })).toContain('No tasks in this chat yet');
  });

  it('truncates a long list with "… and N more"', async () => {
    for (let i = 0; i < 40; i++) await say(`/add every day at 10:00 ${'a very long task description '.repeat(4)}${i}`);
    const reply = await say('/list');
    expect(reply.length).toBeLessThanOrEqual(3500);
    expect(reply).toMatch(/… and \d+ more$/);
  });

  it('shows one task with /show and /详情', async () => {
    const en = await say('/show 1');
    expect(en).toContain('Task #1: every weekday at 09:30 (UTC) — standup notes');
    expect(en).toContain('Status: active');
    expect(en).toContain('Next run: Mon 30 Nov 09:30');
    expect(en).toContain('Owner: Alice');
    expect(await say('/详情 #1')).toContain('状态：运行中');
  });

  it('lists the next five fire times with /next and /下次', async () => {
    expect(await say('/next 1')).toBe('Next runs of #1 (UTC):\n1. Mon 30 Nov 09:30\n2. Tue 1 Dec 09:30\n3. Wed 2 Dec 09:30\n4. Thu 3 Dec 09:30\n5. Fri 4 Dec 09:30');
    expect(await say('/下次 1')).toContain('5. 12月4日 周五 09:30');
  });

  it('pauses and resumes with /pause, /resume, /暂停 and /恢复', async () => {
    expect(await say('/pause 1')).toContain('⏸ Task #1 paused');
    expect((await task(1)).status).toBe('paused');
    expect(await say('/resume 1')).toBe('▶️ Task #1 resumed. Next: Mon 30 Nov 09:30');
    expect((await task(1)).status).toBe('active');
    expect(await say('/暂停 1')).toContain('⏸ 已暂停任务 #1');
    expect((await task(1)).status).toBe('paused');
    expect(await say('/恢复 1')).toContain('▶️ 已恢复任务 #1');
    expect((await task(1)).status).toBe('active');
  });

  it('queues a run now with /run and /执行', async () => {
    expect(await say('/run 1')).toContain('Task #1 will run now');
    expect(await say('/执行 1')).toContain('任务 #1 马上执行');
    const runs = await store.listRuns(h.database.db, 1, 10);
    expect(runs.map((r) => r.trigger)).toEqual(['manual', 'manual']);
  });

  it('edits the schedule and the text with /edit and /修改', async () => {
    expect(await say('/edit 1 every day at 10:00')).toBe('✏️ Task #1 updated: every day at 10:00 (UTC) — standup notes\nNext: Sat 28 Nov 10:00, Sun 29 Nov 10:00, Mon 30 Nov 10:00');
    expect(await say('/修改 1 站会纪要')).toContain('✏️ 已修改任务 #1：每天 10:00（UTC） — 站会纪要');
    expect(await task(1)).toMatchObject({ content: '站会纪要', schedule: { expr: '0 10 * * *' } });
  });

  it('keeps the task text when an edit only says what it does ("改成", "change to")', async () => {
    expect(await say('/修改 1 改成每周二10点')).toContain('每周二 10:00（UTC） — standup notes');
    expect(await say('/edit 1 change to every wednesday at 11am')).toContain('every Wednesday at 11:00 (UTC) — standup notes');
    expect(await say('/edit 1 reschedule to every friday at 9am')).toContain('— standup notes');
    expect(await task(1)).toMatchObject({ content: 'standup notes', schedule: { expr: '0 9 * * 5' } });
    // a text that only starts like a verb is the new text
    expect(await say('/修改 1 改作业 每天9点')).toContain('每天 09:00（UTC） — 改作业');
  });

  it('asks what to change when /edit has nothing after the number', async () => {
    expect(await say('/edit 1')).toContain('tell me what to change');
  });

  it('deletes with /delete and /删除', async () => {
    await say('/add every day at 18:00 water the plants');
    expect(await say('/delete 1')).toBe('🗑 Task #1 deleted: standup notes');
    expect(await say('/删除 2')).toBe('🗑 已删除任务 #2：water the plants');
    expect(await store.listTasks(h.database.db, {})).toHaveLength(0);
  });

  it('answers /help and /帮助 in the matching language', async () => {
    expect(await say('/help')).toContain('/add <when> <what>');
    expect(await say('/帮助')).toContain('/添加 <时间> <内容>');
  });

  it('answers an unknown command and points to /help', async () => {
    expect(await say('/frobnicate 1')).toBe("I don't know the command /frobnicate. Send /help to see what I can do.");
    expect(await say('/不存在')).toBe('不认识命令 /不存在。发送 /帮助 查看可用命令。');
  });

  it('asks for the task number when it is missing', async () => {
    expect(await say('/show')).toBe('⚠️ please give a task number, e.g. /show 12');
    expect(await say('/暂停 abc')).toBe('⚠️ 请给出任务编号，例如 /暂停 12');
  });

  it('treats a task of another chat as not found for every command', async () => {
    await h.database.db.insertInto('chases').values({ taskId: 1, runId: null, scheduledFor: 1, openedAt: 1, nextChaseAt: null, count: 0, closedAt: null, closedBy: null, closeReason: null }).execute();
    for (const cmd of ['/show 1', '/next 1', '/pause 1', '/resume 1', '/run 1', '/delete 1', '/done 1', '/edit 1 every day at 8:00', '/history 1']) {
      expect(await say(cmd, { chatId: 'chat-2' }), cmd).toBe('⚠️ task 1 not found (see /list)');
    }
    expect(await say('/详情 1', { chatId: 'chat-2' })).toBe('⚠️ 未找到任务 1（发送 /列表 查看本群的任务）');
    const t = await task(1);
    expect(t).toMatchObject({ status: 'active', version: 1 });
    expect(await store.listRuns(h.database.db, 1, 10)).toHaveLength(0);
    expect(await store.findOpenChase(h.database.db, 1)).toBeDefined();
  });

  it('refuses a non-admin pausing or deleting a command task', async () => {
    await say('/add every day at 2am run backup', { userId: ADMIN });
    expect(await say('/delete 2')).toBe('⛔ only admins may delete command tasks');
    expect(await say('/暂停 2')).toBe('⛔ 只有管理员可以修改命令任务');
  });
});

describe('closing occurrences', () => {
  async function openOccurrence(id: number, reminders = 0) {
    const scheduledFor = h.clock.now();
    const ch = (await store.openChase(h.database.db, { taskId: id, runId: null, scheduledFor, openedAt: scheduledFor, nextChaseAt: scheduledFor + 900_000 }))!;
    if (reminders) await store.advanceChase(h.database.db, ch.id, reminders, scheduledFor + 900_000);
    return ch;
  }

  beforeEach(async () => {
    await say('/add every weekday 17:30 submit the daily report chase every 15m');
  });

  it('closes the open occurrence with /done and says there is nothing open the second time', async () => {
    await openOccurrence(1, 2);
    h.clock.set(h.clock.now() + 12 * 60_000);
    expect(await say('/done 1')).toBe('✅ #1 closed by Alice after 12 min (2 reminders) — submit the daily report');
    expect(await store.findOpenChase(h.database.db, 1)).toBeUndefined();
    expect(await say('/done 1')).toBe('⚠️ task 1 has no open occurrence: the last one was closed by Alice');
  });

  it('closes with /结单 and /完成 in Chinese', async () => {
    await openOccurrence(1);
    h.clock.set(h.clock.now() + 5 * 60_000);
    expect(await say('/结单 1', { userName: '李四' })).toBe('✅ #1 已由 李四 结单，用时 5分钟：submit the daily report');
    await openOccurrence(1);
    expect(await say('/完成 1')).toMatch(/^✅ #1 已由 Alice 结单/);
  });

  it('closes the occurrence when someone replies "收到" to a reminder', async () => {
    await openOccurrence(1, 1);
    const reminder = chaseReminderText(await task(1), 1, 'zh');
    const reply = await say('收到', { userName: '王五', replyTo: { messageId: 'bot-9', text: reminder.text } });
    expect(reply).toMatch(/^✅ #1 已由 王五 结单/);
    expect(await store.findLastChase(h.database.db, 1)).toMatchObject({ closeReason: 'done', closedBy: '王五' });
  });

  it('closes the occurrence when someone replies "done" to an English reminder', async () => {
    await openOccurrence(1);
    const reminder = chaseReminderText(await task(1), 1, 'en');
    expect(await say('done', { replyTo: { messageId: 'bot-9', text: reminder.text } })).toMatch(/^✅ #1 closed by Alice/);
  });

  it('ignores "done" replying to a message without a task marker in a group', async () => {
    await openOccurrence(1);
    expect(await route(message('done', { replyTo: { messageId: 'x', text: 'lunch?' } }))).toEqual([]);
    expect(await store.findOpenChase(h.database.db, 1)).toBeDefined();
  });

  it('does not close a reminder of another chat', async () => {
    await openOccurrence(1);
    const reminder = chaseReminderText(await task(1), 1, 'en');
    expect(await say('done', { chatId: 'chat-2', replyTo: { messageId: 'bot-9', text: reminder.text } })).toBe('⚠️ task 1 not found (see /list)');
    expect(await store.findOpenChase(h.database.db, 1)).toBeDefined();
  });
});

describe('history', () => {
  it('shows per occurrence when it fired, its result, the reminders sent and who closed it', async () => {
    await say('/add every day at 9:00 run backup chase every 15m', { userId: ADMIN, userName: 'Root' });
    await h.at('2026-11-28T09:00:00Z');
    const [run] = await store.listRuns(h.database.db, 1, 1);
    expect(run.status).toBe('succeeded');
    const ch = (await store.openChase(h.database.db, { taskId: 1, runId: run.id, scheduledFor: run.scheduledFor, openedAt: run.scheduledFor, nextChaseAt: null }))!;
    await store.advanceChase(h.database.db, ch.id, 3, null);
    h.clock.set(Date.parse('2026-11-28T09:42:00Z'));
    await say('/done 1', { userName: 'Bob' });
    await h.at('2026-11-29T09:00:00Z');

    const reply = await say('/history 1');
    const lines = reply.split('\n');
    expect(lines[0]).toBe('History of #1 (2 of 2 runs, times in UTC):');
    expect(lines[1]).toMatch(/^• Sun 29 Nov 09:00 — succeeded · exit 0 · /);
    expect(lines[1]).not.toContain('reminder');
    expect(lines[2]).toMatch(/^• Sat 28 Nov 09:00 — succeeded · exit 0 · .* · 3 reminders · closed by Bob at Sat 28 Nov 09:42 \(after 42 min\)$/);

    const zh = await say('/历史 1 1');
    expect(zh.split('\n')).toHaveLength(2);
    expect(zh).toContain('11月29日 周日 09:00 — 成功 · 退出码 0');
  });

  it('says so when a task has not run yet', async () => {
    await say('/add every day at 9:00 standup');
    expect(await say('/history 1')).toBe('Task #1 has not run yet.');
  });
});

describe('unexpected errors', () => {
  it('answers a short apology and hands the error to onBug', async () => {
    const broken: AppContext = { ...h.ctx, database: { ...h.ctx.database, db: undefined as never } };
    const r = createRouter({ app: broken, isAdmin: () => false, onBug: (e) => bugs.push(e) });
    const [reply] = await r(message('/list'));
    expect(reply.text).toBe('😵 Sorry, something went wrong on my side. The operators can find the details in the log.');
    expect(bugs).toHaveLength(1);
    expect(bugs[0]).toBeInstanceOf(TypeError);
  });
});

describe('chase phrases', () => {
  it.each([
    ['report chase every 15m until done', { text: 'report', chase: { every: '15m' } }],
    ['report, chase every hour', { text: 'report', chase: { every: '1h' } }],
    ['report chase every 30m until 6pm', { text: 'report', chase: { every: '30m', until: '18:00' } }],
    ['日报 每隔半小时催一次 直到下午6点', { text: '日报', chase: { every: '30m', until: '18:00' } }],
    ['日报 催单1小时 直到18点半为止', { text: '日报', chase: { every: '1h', until: '18:30' } }],
    ['chase off', { text: '', chase: null }],
    ['every day at 9 until 18:00', { text: 'every day at 9 until 18:00' }],
  ])('reads %j', (text, expected) => {
    expect(extractChase(text)).toEqual(expected);
  });
});
