import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'e2e-webhook-secret_42';
const ALICE = { id: 42, first_name: 'Alice', username: 'alice' };
const BOB = { id: 7, first_name: 'Bob' }; // no username: only a text mention reaches him
const CHASE_MS = 3000;

type Say = (text: string, opts?: { from?: typeof ALICE | typeof BOB; chat?: number; replyTo?: { messageId: number; text: string } }) => Promise<number>;

/** Posts updates to a service's webhook as Telegram would, numbering them. */
function speaker(url: () => string, fake: FakeTelegramServer, defaultChat: number): Say {
  let updateId = 0;
  return async (text, opts = {}) => {
    const at = text.indexOf('Bob');
    const res = await fetch(`${url()}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(
        textUpdate({
          updateId: ++updateId,
          messageId: updateId,
          chat: { id: opts.chat ?? defaultChat, type: 'supergroup' },
          from: opts.from ?? ALICE,
          text,
          ...(at >= 0 && text.startsWith('/add') ? { textMentions: [{ offset: at, length: 3, user: BOB }] } : {}),
          ...(opts.replyTo ? { replyTo: { messageId: opts.replyTo.messageId, text: opts.replyTo.text, from: { ...fake.bot, is_bot: true } } } : {}),
        }),
      ),
    });
    return res.status;
  };
}

/** Reminders a chat received, by their count marker ("reminder 2" → 2). */
function reminderCounts(fake: FakeTelegramServer, chat: number, taskId: number): number[] {
  return fake
    .deliveredTo(String(chat))
    .map((m) => new RegExp(`^⏰ #${taskId} reminder (\\d+)`).exec(m.text))
    .filter((m): m is RegExpExecArray => m != null)
    .map((m) => Number(m[1]));
}

describe('chasing (催单) from a Telegram group', () => {
  let fake: FakeTelegramServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    h = await startTestService({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET, CHATCRON_MIN_INTERVAL: '1s' }, { admins: { telegram: [String(ALICE.id)] } });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const delivered = (chat: number) => fake.deliveredTo(String(chat));
  const waitMsg = (chat: number, pred: (m: ReturnType<typeof delivered>[number]) => boolean, what: string, timeoutMs = 15_000) =>
    waitFor(async () => delivered(chat).find(pred), timeoutMs, what);

  it('posts the occurrence and two reminders that mention the owner, stops on /done and shows it all in /history', async () => {
    const GROUP = -1001;
    const say = speaker(() => h.svc.url, fake, GROUP);
    expect(await say('/add in 2 seconds submit the report Bob chase every 3s')).toBe(200);
    const confirm = await waitMsg(GROUP, (m) => /Task #\d+ created/.test(m.text), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    expect(confirm.text).toMatch(/chase/i);

    const fired = await waitMsg(GROUP, (m) => m.text.includes('submit the report') && !m.text.includes('created') && !m.text.startsWith('⏰'), 'the occurrence');
    expect(fired.mentionIds).toEqual([String(BOB.id)]);
    const r2 = await waitMsg(GROUP, (m) => m.text.startsWith(`⏰ #${id} reminder 2`), 'the second reminder', 20_000);
    const r1 = delivered(GROUP).find((m) => m.text.startsWith(`⏰ #${id} reminder 1`))!;
    for (const [i, r] of [r1, r2].entries()) {
      expect(r.mentionIds).toEqual([String(BOB.id)]);
      expect(r.text.split('\n')[0]).toBe(`⏰ #${id} reminder ${i + 1} · Bob: submit the report @Bob`);
    }

    expect(await say(`/done ${id}`, { from: BOB })).toBe(200);
    const closed = await waitMsg(GROUP, (m) => m.text.includes(`#${id} closed by Bob`), 'the close confirmation');
    const closedAt = Date.now();
    const counted = Number(/\((\d+) reminders?\)/.exec(closed.text)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(2);

    // While two intervals pass: a second /done, /done from another chat, /history.
    expect(await say(`/done ${id}`)).toBe(200);
    await waitMsg(GROUP, (m) => m.text.includes(`task ${id} has no open occurrence`) && m.text.includes('closed by Bob'), 'the refused second close');
    const OTHER = -1009;
    expect(await say(`/done ${id}`, { chat: OTHER })).toBe(200);
    await waitMsg(OTHER, (m) => /not found/i.test(m.text), 'not found in another chat');
    expect(await say(`/history ${id}`)).toBe(200);
    const hist = await waitMsg(GROUP, (m) => m.text.startsWith(`History of #${id}`), 'the history');
    expect(hist.text).toContain(`${counted} reminders`);
    expect(hist.text).toMatch(/closed by Bob at .+ \(after [\d.]+ ?s\)/);
    expect(hist.text).toMatch(/succeeded/);

    await new Promise((r) => setTimeout(r, Math.max(0, closedAt + 2 * CHASE_MS - Date.now())));
    expect(reminderCounts(fake, GROUP, id)).toEqual(Array.from({ length: counted }, (_, i) => i + 1));
    const [chase] = await store.listChases(h.svc.database.db, id);
    expect(chase).toMatchObject({ count: counted, closeReason: 'done', closedBy: 'Bob', nextChaseAt: null });
  }, 40_000);

  it('closes the occurrence when someone replies 收到 to a reminder', async () => {
    const GROUP = -1002;
    const say = speaker(() => h.svc.url, fake, GROUP);
    await say('/add in 1 seconds check the backups Bob chase every 2s');
    const confirm = await waitMsg(GROUP, (m) => /Task #\d+ created/.test(m.text), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    const r1 = await waitMsg(GROUP, (m) => m.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder');
    expect(await say('收到', { from: BOB, replyTo: { messageId: 9999, text: r1.text } })).toBe(200);
    const closed = await waitMsg(GROUP, (m) => m.text.includes(`#${id} 已由 Bob 结单`), 'the Chinese close confirmation');
    expect(closed.text).toMatch(/用时 [\d.]+ ?秒/);
    const [chase] = await store.listChases(h.svc.database.db, id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob' });
  }, 30_000);

  it('sets a chase in English and Chinese, changes it with /edit and turns it off', async () => {
    const GROUP = -1005;
    const say = speaker(() => h.svc.url, fake, GROUP);
    const db = h.svc.database.db;
    await say('/add every weekday 17:30 submit the daily report Bob chase every 15m');
    const en = await waitMsg(GROUP, (m) => /Task #\d+ created/.test(m.text), 'the English confirmation');
    const id = Number(/#(\d+)/.exec(en.text)![1]);
    expect(en.text).toContain('Chase: @Bob every 15 min, until done');
    expect((await store.findTask(db, id))!).toMatchObject({ owner: { id: String(BOB.id), name: 'Bob' }, content: 'submit the daily report @Bob', chase: { everyMs: 15 * 60_000, maxCount: null, until: null } });

    await say(`/edit ${id} chase every 30m at most 4 times until 18:00`);
    await waitMsg(GROUP, (m) => m.text.includes(`Task #${id} updated`) && m.text.includes('at most 4 times, until done or 18:00'), 'the edit confirmation');
    expect((await store.findTask(db, id))!.chase).toMatchObject({ everyMs: 30 * 60_000, maxCount: 4, until: '18:00' });
    await say(`/edit ${id} chase off`);
    await waitMsg(GROUP, (m) => m.text.includes(`Task #${id} updated`) && m.text.includes('Chase: off'), 'chase off');
    expect((await store.findTask(db, id))!.chase).toBeNull();

    await say('/添加 每天17:30 提交日报 @张三 催单30分钟 最多4次');
    const zh = await waitMsg(GROUP, (m) => /已创建任务 #\d+/.test(m.text), 'the Chinese confirmation');
    const zid = Number(/#(\d+)/.exec(zh.text)![1]);
    expect(zh.text).toMatch(/催单：.*每 30 ?分钟，最多 4 次/);
    expect((await store.findTask(db, zid))!.chase).toMatchObject({ everyMs: 30 * 60_000, maxCount: 4 });
    await say(`/delete ${id}`);
    await say(`/delete ${zid}`);
  });

  it('holds reminders while the task is paused and sends the next one after resume', async () => {
    const GROUP = -1003;
    const say = speaker(() => h.svc.url, fake, GROUP);
    await say('/add every 30 seconds stand up Bob chase every 2s');
    const confirm = await waitMsg(GROUP, (m) => /Task #\d+ created/.test(m.text), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    // Fire it now instead of waiting 30 s: a scheduled occurrence is what opens a chase.
    await h.svc.database.db.updateTable('tasks').set({ nextRunAt: Date.now() }).where('id', '=', id).execute();
    h.svc.app.notify();
    await waitMsg(GROUP, (m) => m.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder');
    await say(`/pause ${id}`);
    await waitMsg(GROUP, (m) => m.text.includes(`Task #${id} paused`), 'the pause confirmation');
    const before = reminderCounts(fake, GROUP, id).length;
    await new Promise((r) => setTimeout(r, 2 * 2000 + 500));
    expect(reminderCounts(fake, GROUP, id).length).toBe(before);
    const [held] = await store.listChases(h.svc.database.db, id);
    expect(held.closedAt).toBeNull();
    await say(`/resume ${id}`);
    await waitMsg(GROUP, (m) => m.text.includes(`Task #${id} resumed`), 'the resume confirmation');
    await waitFor(async () => reminderCounts(fake, GROUP, id).length > before, 8000, 'a reminder after resume');
    expect(reminderCounts(fake, GROUP, id)).toEqual(Array.from({ length: before + 1 }, (_, i) => i + 1));
    await say(`/delete ${id}`);
  }, 40_000);
});

describe('chasing across a kill -9 of the real service', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-chase-'));
  const GROUP = -1004;
  let fake: FakeTelegramServer;
  let svc: ServiceProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    fs.writeFileSync(path.join(dir, 'chatcron.config.json'), JSON.stringify({}));
    env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json'),
      CHATCRON_API_TOKEN: 'test-token-0123456789abcdef',
      CHATCRON_MIN_INTERVAL: '1s',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    };
  });
  afterAll(async () => {
    svc?.child.kill('SIGKILL');
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no reminder and doubles none when the service is killed between two reminders', async () => {
    svc = await startServe(env);
    const say = speaker(() => svc!.url, fake, GROUP);
    expect(await say('/add in 2 seconds submit the report Bob chase every 3s')).toBe(200);
    const confirm = await waitFor(async () => fake.deliveredTo(String(GROUP)).find((m) => /Task #\d+ created/.test(m.text)), 15_000, 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    await waitFor(async () => reminderCounts(fake, GROUP, id).includes(1), 15_000, 'the first reminder');
    // Between two reminders: the first is recorded sent (a kill during a send is the relay's at-least-once case).
    const database = store.openDatabase(env.DATABASE_URL);
    const chaseRows = () => database.db.selectFrom('outbox').select(['dedupeKey', 'status']).where('dedupeKey', 'like', 'chase:%').orderBy('id').execute();
    await waitFor(async () => (await chaseRows()).some((r) => r.status === 'sent'), 5000, 'the first reminder recorded sent');
    svc.child.kill('SIGKILL');
    await svc.exited;
    expect(reminderCounts(fake, GROUP, id)).toEqual([1]);

    svc = await startServe(env);
    await waitFor(async () => reminderCounts(fake, GROUP, id).includes(3), 20_000, 'the third reminder after the restart');
    expect(await say(`/done ${id}`, { from: BOB })).toBe(200);
    const closed = await waitFor(async () => fake.deliveredTo(String(GROUP)).find((m) => m.text.includes(`#${id} closed by Bob`)), 15_000, 'the close');
    const counted = Number(/\((\d+) reminders?\)/.exec(closed.text)?.[1]);
    await new Promise((r) => setTimeout(r, 2 * CHASE_MS));
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(0);
    svc = undefined;
    expect(reminderCounts(fake, GROUP, id)).toEqual(Array.from({ length: counted }, (_, i) => i + 1));
    // Every reminder reached Telegram exactly once: no send was repeated after the restart.
    const sends = fake.sentTo(String(GROUP)).filter((m) => m.text.startsWith(`⏰ #${id} reminder`));
    expect(sends.length).toBe(counted);
    const rows = await chaseRows();
    await database.close();
    expect(rows.map((r) => r.status)).toEqual(Array.from({ length: counted }, () => 'sent'));
  }, 60_000);
});
