import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'e2e-webhook-secret_42';
const GROUP = -1001;
const OTHER_GROUP = -2002;
const ADMIN = { id: 42, first_name: 'Alice', username: 'alice' };
const MEMBER = { id: 7, first_name: 'Bob', username: 'bob' };

describe('running it from a Telegram group', () => {
  let fake: FakeTelegramServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  let updateId = 0;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    h = await startTestService(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET },
      { admins: { telegram: [String(ADMIN.id)] }, actions: { disk: [process.execPath, '-e', "console.log('disk ok 42%')"] } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  async function say(text: string, from = ADMIN, chat = GROUP, secret = SECRET): Promise<number> {
    const res = await fetch(`${h.svc.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(textUpdate({ updateId: ++updateId, messageId: updateId, chat: { id: chat, type: 'supergroup' }, from, text })),
    });
    return res.status;
  }
  const sent = (chat = GROUP) => fake.deliveredTo(String(chat)).map((m) => m.text);
  const waitSent = (pred: (texts: string[]) => boolean, what: string, chat = GROUP) => waitFor(async () => pred(sent(chat)), 15_000, what);

  it('creates a task from "/add every 2 seconds hello", confirms it, and posts hello on schedule', async () => {
    expect(await say('/add every 2 seconds hello')).toBe(200);
    await waitSent((t) => t.some((x) => x.includes('#1') && /every 2 seconds/i.test(x)), 'the confirmation');
    await waitSent((t) => t.filter((x) => x.includes('hello') && !x.includes('#1 ')).length >= 2, 'hello twice');
  });

  it('stops posting when paused and starts again when resumed', async () => {
    expect(await say('/pause 1')).toBe(200);
    await waitSent((t) => t.some((x) => /paused/i.test(x)), 'the pause confirmation');
    const db = h.svc.database.db;
    const before = (await store.listRuns(db, 1, 1000)).length;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await store.listRuns(db, 1, 1000)).length).toBe(before);
    expect(await say('/resume 1')).toBe(200);
    await waitFor(async () => (await store.listRuns(db, 1, 1000)).length > before, 5000, 'a run after resume');
  });

  it('lists the runs in /history', async () => {
    expect(await say('/history 1')).toBe(200);
    await waitSent((t) => t.some((x) => /succeeded|✅|ok/i.test(x) && x.includes('#1')), 'the history');
    // Quiet the group: two posts every 2 s would outrun Telegram's 20 a minute per group.
    await say('/pause 1');
    await waitSent((t) => t.filter((x) => /paused/i.test(x)).length >= 2, 'the second pause');
  });

  it('posts the result of an admin command task into the group', async () => {
    expect(await say('/add every 2 seconds run disk')).toBe(200);
    await waitSent((t) => t.some((x) => x.includes('disk ok 42%')), 'the command output');
    await waitSent((t) => t.some((x) => /exit/i.test(x) && x.includes('disk ok 42%')), 'the exit code with the output');
    await say('/delete 2');
    await waitSent((t) => t.some((x) => /deleted/i.test(x) && x.includes('#2')), 'the deletion');
  });

  it('refuses a command task to a member who is not an admin', async () => {
    expect(await say('/add every day at 2am run disk', MEMBER)).toBe(200);
    await waitSent((t) => t.some((x) => /only admins/i.test(x)), 'the refusal');
  });

  it('answers an unknown command and a bad schedule with a reason', async () => {
    await say('/frobnicate');
    await waitSent((t) => t.some((x) => /don't know the command \/frobnicate/i.test(x) && x.includes('/help')), 'the unknown-command reply');
    await say('/add every 0 minutes hi');
    await waitSent((t) => t.some((x) => /⚠️/.test(x) && /zero|0/.test(x)), 'the parser reason');
  });

  it('keeps a task invisible from another chat', async () => {
    await say('/show 1', ADMIN, OTHER_GROUP);
    await waitSent((t) => t.some((x) => /not found/i.test(x)), 'not found in the other chat', OTHER_GROUP);
    await say('/delete 1', ADMIN, OTHER_GROUP);
    await waitSent((t) => t.filter((x) => /not found/i.test(x)).length >= 2, 'delete refused as not found', OTHER_GROUP);
    expect(await store.findTask(h.svc.database.db, 1)).toBeDefined();
  });

  it('rejects a forged webhook without a trace of it in the chat', async () => {
    const count = sent().length;
    expect(await say('/list', ADMIN, GROUP, 'wrong-secret')).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent().filter((x) => /tasks/i.test(x)).length).toBe(sent().slice(0, count).filter((x) => /tasks/i.test(x)).length);
  });

  it('delivers each reply once after the platform answered 500 and 502 for a while', async () => {
    const QUIET = -3003;
    fake.failNext('sendMessage', { kind: 'server-error' }, 1);
    fake.failNext('sendMessage', { kind: 'bad-gateway' }, 1);
    await say('/tz', ADMIN, QUIET);
    await waitSent((t) => t.some((x) => /this chat's timezone/i.test(x)), 'the reply after the failures', QUIET);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent(QUIET).filter((x) => /this chat's timezone/i.test(x)).length).toBe(1);
    const attempts = fake.sentTo(String(QUIET)).filter((m) => /this chat's timezone/i.test(m.text)).length;
    const row = await h.svc.database.db.selectFrom('outbox').select(['attempts', 'status']).where('target', '=', String(QUIET)).execute();
    expect(row).toEqual([{ attempts: attempts - 1, status: 'sent' }]);
  });
});
