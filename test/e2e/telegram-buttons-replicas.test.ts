import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// Two replicas on one MariaDB schema behind one bot: Telegram delivers a tap to one of them,
// but a retried or duplicated delivery (a load balancer, a webhook retry) can reach both at
// once. Exactly one applies it; the other answers what the first did.
const hasMysql = await mysqlAvailable();
const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'e2e-webhook-secret_42';
const ALICE = { id: 42, first_name: 'Alice', username: 'alice' };
const CAROL = { id: 9, first_name: 'Carol', username: 'carol' };

describe.skipIf(!hasMysql)('one tap delivered to two replicas on MariaDB', () => {
  let fake: FakeTelegramServer;
  let db: { url: string; drop(): Promise<void> };
  let a: Awaited<ReturnType<typeof startTestService>>;
  let b: Awaited<ReturnType<typeof startTestService>>;
  let updateId = 0;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    db = await freshDatabaseUrl('mysql');
    const env = { DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET };
    a = await startTestService(env, { admins: { telegram: [String(ALICE.id)] } });
    b = await startTestService(env, { admins: { telegram: [String(ALICE.id)] } });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
    await db?.drop();
  });

  const post = (url: string, update: object) =>
    fetch(`${url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) }).then((r) => r.status);

  it('closes each occurrence once and edits its message once', async () => {
    const chats = [-7001, -7002, -7003];
    for (const chat of chats) {
      expect(await post(a.svc.url, textUpdate({ updateId: ++updateId, messageId: updateId, chat: { id: chat, type: 'supergroup' }, from: ALICE, text: '/add in 2 seconds close the books chase every 10m' }))).toBe(200);
    }
    for (const chat of chats) {
      const result = await waitFor(async () => [...fake.messages.values()].find((m) => m.chatId === String(chat) && m.text.includes('close the books') && m.keyboard !== undefined), 20_000, 'the occurrence with its buttons');
      const id = Number(/#(\d+)/.exec([...fake.messages.values()].find((m) => m.chatId === String(chat) && /Task #\d+ created/.test(m.text))!.text)![1]);
      const update = { ...fake.tapUpdate({ chatId: chat, messageId: result.messageId, from: CAROL, data: result.keyboard![0][0].callback_data }), update_id: ++updateId };
      const qid = (update as unknown as { callback_query: { id: string } }).callback_query.id;
      // The same update, to both replicas at once.
      expect(await Promise.all([post(a.svc.url, update), post(b.svc.url, update)])).toEqual([200, 200]);
      const answers = fake.callsOf('answerCallbackQuery').filter((c) => c.body.callback_query_id === qid);
      expect(answers.length).toBe(2);
      const texts = answers.map((c) => String(c.body.text));
      expect(texts.filter((t) => t === `Done: #${id} is closed`)).toHaveLength(1);
      expect(texts.filter((t) => /^Already closed by Carol \(telegram\) at /.test(t))).toHaveLength(1);
      await waitFor(async () => fake.message(chat, result.messageId)!.edits > 0, 10_000, 'the edit');
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.message(chat, result.messageId)!.edits).toBe(1);
      expect(fake.callsOf('editMessageText').filter((c) => String(c.body.chat_id) === String(chat)).length).toBe(1);
      const chases = await store.listChases(a.svc.database.db, id, 5);
      expect(chases).toHaveLength(1);
      expect(chases[0]).toMatchObject({ closeReason: 'done', closedBy: 'Carol (telegram)' });
      const used = await store.listUsedActions(a.svc.database.db, id);
      expect(used.map((t) => t.used?.byName)).toEqual(['Carol (telegram)']);
    }
  }, 90_000);
});
