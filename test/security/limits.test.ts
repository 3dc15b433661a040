import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import type { AppContext } from '../../src/app/index.ts';
import { createRouter, runResultText, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import { configSchema } from '../../src/config/index.ts';
import { Executor } from '../../src/exec/index.ts';
import { parseDuration } from '../../src/schedule/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabase } from '../support/databases.ts';

// Limits a chat cannot talk its way past, each refused with a clear reply in the writer's language.
// Covered elsewhere: the API's 64 KiB body limit (test/http/api.test.ts, "answers 413 to a body
// over 64 KiB"); webhook bodies over the edge and WeCom caps (test/security/fuzz-webhooks.test.ts, 413).

let db: Awaited<ReturnType<typeof freshDatabase>>;
let now: number;
let ctx: AppContext;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;

function setup(limits: Partial<app.AppLimits> = {}, minInterval = configSchema.parse({}).minInterval) {
  ctx = { database: db.database, now: () => now, defaultTz: 'UTC', minIntervalMs: parseDuration(minInterval), actionNames: [], notify: () => {}, limits };
  route = createRouter({ app: ctx, isAdmin: () => false });
}

beforeEach(async () => {
  db = await freshDatabase('sqlite');
  now = Date.parse('2026-11-28T08:00:00Z');
  setup();
});
afterEach(async () => db?.drop());

async function replies(text: string, o: Partial<ChatMessage> = {}): Promise<string[]> {
  const out = await route({ platform: 'telegram', chatId: 'g1', chatType: 'group', messageId: `m${++seq}`, userId: 'alice', userName: 'Alice', text, mentions: [], addressedToBot: true, receivedAt: now, ...o });
  return out.map((r) => r.text);
}
async function say(text: string, o: Partial<ChatMessage> = {}): Promise<string> {
  const r = await replies(text, o);
  expect(r).toHaveLength(1);
  return r[0];
}

describe('tasks per chat', () => {
  it('refuses the task past the chat\'s maximum in the writer\'s language, counting paused tasks but not another chat\'s', async () => {
    setup({ tasksPerChat: 3 });
    for (let i = 1; i <= 3; i++) expect(await say(`/add every day at 9:00 task ${i}`)).toContain(`#${i} created`);
    await say('/pause 3');
    expect(await say('/add every day at 9:00 one too many')).toMatch(/⚠️ this chat already has 3 tasks, the most it may hold; delete one/);
    expect(await say('/添加 每天9点 再来一个')).toMatch(/⚠️ 本群已有 3 个任务，已达上限/);
    expect(await store.listTasks(db.database.db, { chat: { platform: 'telegram', chatId: 'g1' } })).toHaveLength(3);
    expect(await say('/add every day at 9:00 elsewhere', { chatId: 'g2' })).toContain('created');
    await say('/delete 1');
    expect(await say('/add every day at 9:00 room again')).toContain('created');
  });

  it('does not count finished tasks, and does not limit the operator', async () => {
    setup({ tasksPerChat: 1 });
    await say('/add every day at 9:00 first');
    await store.updateTask(db.database.db, 1, { status: 'finished' }, now, (await store.findTask(db.database.db, 1))!.version);
    expect(await say('/add every day at 9:00 second')).toContain('created');
    const chat = { platform: 'telegram', chatId: 'g1' };
    await expect(app.createTask(ctx, app.OPERATOR, app.parseTaskInput({ every: '1h', content: 'from the API', chat }))).resolves.toMatchObject({ chat });
  });

  it('defaults to 100 tasks a chat', () => {
    expect(configSchema.parse({}).limits).toEqual({ tasksPerChat: 100, commandsPerUserPerMinute: 20, commandsPerChatPerMinute: 60, maxMessageChars: 4000 });
    expect(app.DEFAULT_LIMITS.tasksPerChat).toBe(100);
  });
});

describe('commands per minute', () => {
  beforeEach(() => setup({ commandsPerUserPerMinute: 5, commandsPerChatPerMinute: 8 }));

  it('answers a person past their limit once, then drops their commands quietly until the minute has passed', async () => {
    for (let i = 0; i < 5; i++) expect(await say('/help')).toMatch(/\/add/);
    expect(await say('/help')).toBe('⏳ Too many commands: at most 5 a minute per person. Try again in a minute.');
    expect(await replies('/help')).toEqual([]);
    expect(await replies('/list')).toEqual([]);
    now += 30_000;
    expect(await replies('/help')).toEqual([]);
    now += 30_001;
    expect(await say('/help')).toMatch(/\/add/);
  });

  it('answers in Chinese to a Chinese writer', async () => {
    for (let i = 0; i < 5; i++) await say('/帮助');
    expect(await say('/帮助')).toBe('⏳ 命令太频繁：每人每分钟最多 5 条，请一分钟后再试。');
  });

  it('limits the whole chat too, while other chats go on', async () => {
    for (let i = 0; i < 4; i++) await say('/help', { userId: 'alice' });
    for (let i = 0; i < 4; i++) await say('/help', { userId: 'bob' });
    expect(await say('/help', { userId: 'carol' })).toBe('⏳ Too many commands in this chat: at most 8 a minute. Try again in a minute.');
    expect(await replies('/help', { userId: 'dave' })).toEqual([]);
    expect(await say('/help', { userId: 'carol', chatId: 'g2' })).toMatch(/\/add/);
  });

  it('does not count group chatter that is not for the bot', async () => {
    for (let i = 0; i < 50; i++) expect(await replies(`just chatting ${i}`, { addressedToBot: false })).toEqual([]);
    expect(await say('/help')).toMatch(/\/add/);
  });

  it('defaults to 20 a person and 60 a chat when the composition root hands the configured limits', () => {
    const l = configSchema.parse({}).limits;
    expect([l.commandsPerUserPerMinute, l.commandsPerChatPerMinute]).toEqual([20, 60]);
  });
});

describe('message size', () => {
  it('refuses a message over 4,000 characters with its length, in the writer\'s language', async () => {
    expect(await say(`/add every day at 9:00 ${'x'.repeat(4001)}`)).toBe('⚠️ That message is too long (4024 characters); I read at most 4000.');
    expect(await say(`/添加 每天9点 ${'好'.repeat(4001)}`)).toBe('⚠️ 消息太长（4010 个字符），最多 4000 个字符。');
    expect(await store.listTasks(db.database.db, {})).toEqual([]);
  });

  it('reads a message of exactly the limit (whatever the parser then makes of it)', async () => {
    const text = `/add every day at 9:00 ${'x'.repeat(4000 - 23)}`;
    expect(text).toHaveLength(4000);
    expect(await say(text)).not.toMatch(/That message is too long/);
  });
});

describe('the minimum interval of chat-created schedules and chases', () => {
  it('defaults to one minute', () => {
    expect(configSchema.parse({}).minInterval).toBe('1m');
    expect(ctx.minIntervalMs).toBe(60_000);
  });

  it('refuses schedules that fire more often, by interval and by cron, and takes one that does not', async () => {
    expect(await say('/add every 30 seconds ping')).toMatch(/⚠️ tasks from chat may fire at most once every 60s/);
    expect(await say('/add */10 * * * * * ping')).toMatch(/⚠️ tasks from chat may fire at most once every 60s|⚠️/);
    expect(await say('/添加 每隔10秒 提醒')).toMatch(/⚠️ 聊天中创建的任务最短间隔为 60s/);
    expect(await say('/add every 2 minutes ping')).toContain('created');
    expect(await store.listTasks(db.database.db, {})).toHaveLength(1);
  });

  it('refuses a chase that repeats more often, when adding and when editing', async () => {
    expect(await say('/add every day at 9:00 report chase every 10s')).toMatch(/⚠️ chases from chat may repeat at most once every 60s/);
    const id = Number(/#(\d+)/.exec(await say('/add every day at 9:00 report chase every 5m'))![1]);
    expect(await say(`/edit ${id} every 20 seconds`)).toMatch(/⚠️ tasks from chat may fire at most once every 60s/);
    expect(await say(`/edit ${id} chase every 10s`)).toMatch(/⚠️ chases from chat may repeat at most once every 60s/);
    expect((await store.findTask(db.database.db, id))!.chase).toMatchObject({ everyMs: 300_000 });
    expect((await store.findTask(db.database.db, id))!.schedule.kind).toBe('cron');
  });

  it('follows CHATCRON_MIN_INTERVAL when the operator sets it', async () => {
    setup({}, '10m');
    expect(await say('/add every 5 minutes ping')).toMatch(/at most once every 600s/);
    expect(await say('/add every 15 minutes ping')).toContain('created');
  });
});

describe('command output', () => {
  it('keeps at most exec.outputLimitBytes of output, and posts only its tail', async () => {
    const ex = new Executor({ actions: { loud: { argv: [process.execPath, '-e', "process.stdout.write('y'.repeat(2_000_000)); console.log('\\nTHE END')"] } }, env: {}, outputLimitBytes: 2048, secrets: [] });
    const task = { id: 1, mode: 'command', action: { name: 'loud' }, content: '', name: 'loud', owner: null, chase: null, schedule: { kind: 'every', expr: '1h', tz: 'UTC', anchor: 0, text: 'every 1h' }, policies: { timeoutMs: 10_000 } } as unknown as Parameters<Executor['execute']>[0];
    const run = { id: 1, taskId: 1, scheduledFor: now, trigger: 'manual', attempt: 1, status: 'running', startedAt: now } as unknown as Parameters<Executor['execute']>[1];
    const out = await ex.execute(task, run);
    expect(out.status).toBe('succeeded');
    expect(Buffer.byteLength(out.output!)).toBeLessThanOrEqual(2048);
    expect(out.output).toContain('THE END');
    const posted = runResultText(task, { ...run, status: 'succeeded', exitCode: 0, output: out.output, finishedAt: now + 1 } as never, 'en');
    expect(posted.text.length).toBeLessThan(2200);
  });
});
