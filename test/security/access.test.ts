import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/index.ts';
import { createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabase } from '../support/databases.ts';
import { waitFor } from '../http/service.ts';
import { startHostileService } from './hostile-service.ts';

// Who may see and change what. Covered elsewhere, not repeated here:
// - the API refuses missing, wrong and read-only tokens for writes: test/http/api.test.ts
//   ("answers 401 with one and the same body…", "lets a read-only token read but answers 403 to every write");
// - forged callbacks are refused: test/adapters/wecom/app-callback.test.ts and bot.test.ts
//   ("refuses a forged signature with 401…"), test/adapters/telegram/webhook.test.ts ("answers 401 … wrong secret")
//   and test/e2e/telegram-chat.test.ts ("rejects a forged webhook without a trace of it in the chat");
// - no secret in any log line of the real process: test/security/access-logs.test.ts.

const ADMIN = 'root';
const MEMBER = 'bob';

describe('tasks of one chat seen from another', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let route: (msg: ChatMessage) => Promise<Outgoing[]>;
  let seq = 0;
  const bugs: unknown[] = [];

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const ctx: AppContext = { database: db.database, now: () => Date.now(), defaultTz: 'UTC', minIntervalMs: 60_000, actionNames: ['echo'], notify: () => {} };
    route = createRouter({ app: ctx, isAdmin: (_p, id) => id === ADMIN, onBug: (e) => bugs.push(e) });
  });
  afterAll(async () => db?.drop());

  async function say(text: string, o: Partial<ChatMessage> = {}): Promise<string> {
    const replies = await route({ platform: 'telegram', chatId: 'home', chatType: 'group', messageId: `m${++seq}`, userId: ADMIN, userName: 'Root', text, mentions: [], addressedToBot: true, receivedAt: Date.now(), ...o });
    expect(replies).toHaveLength(1);
    return replies[0].text;
  }

  /** Everything a command could change about the task: its row, its runs, its chases. */
  async function snapshot(id: number) {
    const d = db.database.db;
    return { task: await store.findTask(d, id), runs: await store.listRuns(d, id, 100), chases: await store.listChases(d, id, 100) };
  }

  let message = 0;
  let command = 0;
  beforeEach(async () => {
    message = Number(/#(\d+)/.exec(await say('/add every day at 9:00 water the plants chase every 30m'))![1]);
    command = Number(/#(\d+)/.exec(await say('/add every day at 2:00 run echo'))![1]);
    // An open occurrence, so that /done has something it could close.
    const run = await store.insertRun(db.database.db, { taskId: message, scheduledFor: Date.now() - 1000, trigger: 'schedule', attempt: 1, status: 'succeeded', dueAt: Date.now() - 1000, startedAt: Date.now() - 1000, instance: null });
    await store.openChase(db.database.db, { taskId: message, runId: run!.id, scheduledFor: run!.scheduledFor, openedAt: Date.now() - 1000, nextChaseAt: Date.now() + 60_000 });
  });

  const COMMANDS_WITH_ID = ['show', 'next', 'pause', 'resume', 'run', 'history', 'edit', 'delete', 'done', '详情', '下次', '暂停', '恢复', '执行', '历史', '修改', '删除', '结单'];
  const others: [string, Partial<ChatMessage>][] = [
    ['another group, same platform', { chatId: 'elsewhere' }],
    ['a private chat of the same admin', { chatId: ADMIN, chatType: 'private' }],
    ['the same chat id on another platform', { platform: 'wecom' }],
  ];

  for (const [where, o] of others) {
    it(`answers every command that takes an id with "not found" from ${where}, and changes nothing`, async () => {
      for (const id of [message, command]) {
        const before = await snapshot(id);
        for (const cmd of COMMANDS_WITH_ID) {
          const extra = cmd === 'edit' || cmd === '修改' ? ' every day at 10:00 hacked' : '';
          const reply = await say(`/${cmd} ${id}${extra}`, o);
          expect(reply, `/${cmd} ${id}`).toMatch(/not found|未找到/i);
          expect(reply).not.toContain('water the plants');
        }
        expect(await snapshot(id), `task ${id} after every command from ${where}`).toEqual(before);
      }
      expect(bugs).toEqual([]);
    });
  }

  it('does not let a reply "done" to a reminder close another chat\'s occurrence', async () => {
    const before = await snapshot(message);
    const replies = await route({ platform: 'telegram', chatId: 'elsewhere', chatType: 'group', messageId: `m${++seq}`, userId: MEMBER, userName: 'Bob', text: 'done', mentions: [], addressedToBot: false, replyTo: { messageId: 'x', text: `⏰ #${message} reminder 1: water the plants` }, receivedAt: Date.now() });
    expect(replies.map((r) => r.text).join()).toMatch(/not found/i);
    expect(await snapshot(message)).toEqual(before);
  });

  it('does not list another chat\'s tasks', async () => {
    expect(await say('/list', { chatId: 'elsewhere' })).not.toContain('water the plants');
  });

  it('refuses a member who is not an admin every way to a command task, and changes nothing', async () => {
    const before = await snapshot(command);
    const asMember = { userId: MEMBER, userName: 'Bob' };
    expect(await say('/add every day at 3:00 run echo', asMember)).toMatch(/⛔.*only admins/i);
    expect(await say(`/edit ${message} run echo`, asMember)).toMatch(/⛔.*only admins/i);
    for (const cmd of ['edit', 'run', 'pause', 'resume', 'delete']) {
      const extra = cmd === 'edit' ? ' every day at 10:00' : '';
      expect(await say(`/${cmd} ${command}${extra}`, asMember), `/${cmd}`).toMatch(/⛔.*only admins/i);
    }
    expect(await say('/添加 每天3点 执行 echo', asMember)).toMatch(/⛔.*只有管理员/);
    expect(await snapshot(command)).toEqual(before);
    expect((await store.findTask(db.database.db, message))!.mode).toBe('message');
    expect(await store.listTasks(db.database.db, { chat: { platform: 'telegram', chatId: 'home' }, limit: 1000 })).not.toContainEqual(expect.objectContaining({ createdBy: `telegram:${MEMBER}`, mode: 'command' }));
  });

  it('refuses an action that is not configured even to an admin, and arbitrary argv from chat altogether', async () => {
    // "run rm" is not an action: it is task text, so the task stays a message task.
    const reply = await say('/add every day at 4:00 run rm -rf /');
    const id = Number(/#(\d+)/.exec(reply)?.[1]);
    if (Number.isFinite(id)) expect((await store.findTask(db.database.db, id))!.mode).toBe('message');
    else expect(reply).toMatch(/⚠️|⛔/);
  });
});

describe('secrets in what a command posts and stores', () => {
  const CONFIGURED = 'hunter2-configured-secret';
  const EXEC_KEY = 'sk-live-exec-env-0123456789';
  const SERVICE_ONLY = 'service-only-token-abcdef012345';
  let h: Awaited<ReturnType<typeof startHostileService>>;

  beforeAll(async () => {
    // A secret-looking variable of the service's own environment: masked, and not handed to commands.
    process.env.CHATCRON_TEST_SERVICE_TOKEN = SERVICE_ONLY;
    h = await startHostileService({
      secrets: [CONFIGURED],
      exec: { env: { MY_API_KEY: EXEC_KEY }, outputLimitBytes: 60_000, defaultTimeoutMs: 10_000 },
      actions: {
        leak: [process.execPath, '-e', `console.log('key=' + process.env.MY_API_KEY); console.log('service=' + (process.env.CHATCRON_TEST_SERVICE_TOKEN ?? 'absent')); console.error('configured=${CONFIGURED}')`],
      },
    });
  });
  afterAll(async () => {
    delete process.env.CHATCRON_TEST_SERVICE_TOKEN;
    await h?.close();
  });

  it('masks configured secrets and the command environment\'s secret-looking values in the chat post and in history', async () => {
    const res = await fetch(`${h.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': h.creds.telegramSecret },
      body: JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: -77, type: 'supergroup', title: 'T' }, from: { id: 42, is_bot: false, first_name: 'Root' }, text: '/add every day at 3:00 run leak' } }),
    });
    expect(res.status).toBe(200);
    const task = await waitFor(async () => (await store.listTasks(h.svc.database.db, { chat: { platform: 'telegram', chatId: '-77' } }))[0], 10_000, 'the task');
    const run = await h.call('POST', `/api/tasks/${task.id}/run`);
    expect(run.status).toBe(202);
    const done = await waitFor(async () => {
      const r = await h.call('GET', `/api/runs/${run.json.id}`);
      return r.json.status === 'succeeded' && r.json;
    }, 10_000, 'the run');
    const posted = await waitFor(async () => h.fake.sentTo('-77').find((m) => m.text.includes('key=')), 10_000, 'the posted result');
    for (const text of [JSON.stringify(done), posted.text]) {
      expect(text).toContain('key=***');
      expect(text).toContain('configured=***');
      expect(text).toContain('service=absent');
      for (const s of [CONFIGURED, EXEC_KEY, SERVICE_ONLY]) expect(text).not.toContain(s);
    }
    const stored = await store.findRun(h.svc.database.db, run.json.id);
    for (const s of [CONFIGURED, EXEC_KEY]) expect(stored!.output).not.toContain(s);
  });
});
