import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { FakeWecomServer } from '../fakes/wecom-server.ts';
import { httpSink } from '../support/http-sink.ts';
import { startTestService } from '../support/service.ts';
import { runCli, waitFor } from '../support/service-process.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'e2e-webhook-secret_42';
const API_TOKEN = 'test-token-0123456789abcdef';
const ALICE = { id: 42, first_name: 'Alice', username: 'alice' };
const BOB = { id: 7, first_name: 'Bob' };
const ROBOT_KEY = 'robotkey0001';

interface NotifyBody {
  taskId: number;
  name: string;
  scheduledFor: string;
  startedAt: string;
  finishedAt: string;
  status: string;
  exitCode: number | null;
  outputTail: string | null;
}

describe('run results in chats and at notify URLs', () => {
  let fake: FakeTelegramServer;
  let wecom: FakeWecomServer;
  let sink: Awaited<ReturnType<typeof httpSink>>;
  let h: Awaited<ReturnType<typeof startTestService>>;
  let updateId = 0;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    wecom = await new FakeWecomServer().start();
    wecom.robotKeys.add(ROBOT_KEY);
    sink = await httpSink();
    h = await startTestService(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET, WECOM_API_BASE: wecom.url, CHATCRON_MIN_INTERVAL: '1s' },
      {
        admins: { telegram: [String(ALICE.id)] },
        actions: {
          report: [process.execPath, '-e', "console.log('header'); console.log('rows 42')"],
          broken: [process.execPath, '-e', "console.error('boom: disk full'); process.exit(3)"],
        },
      },
    );
  });
  afterAll(async () => {
    await h?.close();
    await sink?.close();
    await wecom?.close();
    await fake?.close();
  });

  async function say(text: string, chat: number, from: typeof ALICE | typeof BOB = ALICE): Promise<void> {
    const at = text.indexOf('Bob');
    const res = await fetch(`${h.svc.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(
        textUpdate({ updateId: ++updateId, messageId: updateId, chat: { id: chat, type: 'supergroup' }, from, text, ...(at >= 0 ? { textMentions: [{ offset: at, length: 3, user: BOB }] } : {}) }),
      ),
    });
    expect(res.status).toBe(200);
  }
  const waitMsg = (chat: number, pred: (m: ReturnType<FakeTelegramServer['deliveredTo']>[number]) => boolean, what: string) =>
    waitFor(async () => fake.deliveredTo(String(chat)).find(pred), 15_000, what);
  const api = (method: string, p: string, body?: unknown) =>
    fetch(`${h.svc.url}/api${p}`, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('message only: posts the content with the owner mentioned', async () => {
    const CHAT = -2001;
    await say('/add in 1 seconds post the standup notes Bob', CHAT);
    const m = await waitMsg(CHAT, (x) => x.text.includes('post the standup notes') && !/created/.test(x.text), 'the message');
    expect(m.mentionIds).toEqual([String(BOB.id)]);
    expect(m.text).toBe('post the standup notes Bob');
  });

  it('command only: posts the result of a configured action with its exit code and output tail', async () => {
    const CHAT = -2002;
    await say('/add in 1 seconds run report', CHAT);
    const m = await waitMsg(CHAT, (x) => x.text.includes('rows 42'), 'the command result');
    expect(m.text).toMatch(/^✅ #\d+ report succeeded/);
    expect(m.text).toMatch(/exit code 0/);
    expect(m.text).toMatch(/Output:?\s*\nheader\nrows 42/);
  });

  it('command only: a failing command posts its exit code and error output, mentioning the owner', async () => {
    const CHAT = -2003;
    await say('/add in 1 seconds run broken', CHAT);
    const m = await waitMsg(CHAT, (x) => x.text.includes('boom: disk full'), 'the failure');
    expect(m.text).toMatch(/^❌ #\d+ broken failed/);
    expect(m.text).toMatch(/exit code 3/);
    expect(m.mentionIds).toEqual([String(ALICE.id)]);
  });

  it('command only with a chase: the result of each occurrence calls the owner, who has to act on it', async () => {
    const CHAT = -2007;
    await say('/add in 1 seconds Bob run report chase every 30s', CHAT);
    const m = await waitMsg(CHAT, (x) => x.text.includes('rows 42'), 'the command result');
    expect(m.text).toMatch(/^✅ #\d+ report succeeded · Bob\n/);
    expect(m.mentionIds).toEqual([String(BOB.id)]);
    expect(m.text).toMatch(/reply "done" when it is finished/);
  });

  it('message and command: posts the content, then the result of the command, in one message', async () => {
    const CHAT = -2004;
    await say('/add in 1 seconds publish the numbers Bob run report', CHAT);
    const m = await waitMsg(CHAT, (x) => x.text.includes('rows 42'), 'the result');
    expect(m.text.split('\n')[0]).toBe('publish the numbers Bob');
    expect(m.text).toMatch(/exit code 0/);
    expect(m.mentionIds).toEqual([String(BOB.id)]);
  });

  it('posts the JSON result to a notify URL after each run, also after it answered 503 for a while', async () => {
    sink.answerWith((n) => (n <= 3 ? 503 : 200));
    const res = await api('POST', '/tasks', { name: 'nightly report', every: '1s', action: 'report', maxRuns: 3, notifyUrls: [`${sink.url}/hooks/report`] });
    expect(res.status).toBe(201);
    const task = (await res.json()) as { id: number };
    await waitFor(async () => sink.received.length >= 3, 20_000, 'three results at the notify URL');
    const bodies = sink.received.map((r) => r.body as NotifyBody);
    expect(sink.received.every((r) => r.path === '/hooks/report')).toBe(true);
    const runs = (await store.listRuns(h.svc.database.db, task.id, 10)).filter((r) => r.status === 'succeeded');
    expect(runs.length).toBe(3);
    expect(bodies.map((b) => b.scheduledFor).sort()).toEqual(runs.map((r) => new Date(r.scheduledFor).toISOString()).sort());
    for (const b of bodies) {
      expect(b).toMatchObject({ taskId: task.id, name: 'nightly report', status: 'succeeded', exitCode: 0 });
      expect(b.outputTail).toContain('rows 42');
      expect(Date.parse(b.startedAt)).toBeGreaterThanOrEqual(Date.parse(b.scheduledFor) - 250);
      expect(Date.parse(b.finishedAt)).toBeGreaterThanOrEqual(Date.parse(b.startedAt));
    }
    // The relay records a delivery just after the far side answered it.
    const rows = await waitFor(async () => {
      const all = await h.svc.database.db.selectFrom('outbox').select(['status', 'attempts']).where('targetKind', '=', 'webhook').where('target', '=', `${sink.url}/hooks/report`).execute();
      return all.length === 3 && all.every((r) => r.status === 'sent') ? all : null;
    }, 5000, 'three notify rows recorded sent');
    expect(rows.some((r) => r.attempts > 0)).toBe(true);
  }, 30_000);

  it('sets, changes and clears a chase through PATCH /api/tasks/:id', async () => {
    const created = (await (await api('POST', '/tasks', { name: 'api chase', cron: '30 17 * * 1-5', content: 'submit the daily report', owner: { id: '7', name: 'Bob' } })).json()) as { id: number; chase: unknown };
    expect(created.chase).toBeNull();
    const set = await api('PATCH', `/tasks/${created.id}`, { chase: { every: '15m', max: 4, until: '18:00', closeOnNext: false } });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { chase: unknown }).chase).toEqual({ everyMs: 15 * 60_000, maxCount: 4, until: '18:00', closeOnNext: false });
    const bad = await api('PATCH', `/tasks/${created.id}`, { chase: { every: 'often' } });
    expect(bad.status).toBe(400);
    const off = await api('PATCH', `/tasks/${created.id}`, { chase: null });
    expect(((await off.json()) as { chase: unknown }).chase).toBeNull();
    await api('DELETE', `/tasks/${created.id}`);
  });

  it('posts a robot message to a WeCom group-robot notify URL', async () => {
    const res = await api('POST', '/tasks', {
      name: 'robot report',
      at: new Date(Date.now() + 500).toISOString(),
      content: 'the numbers are in',
      notifyUrls: [`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}`],
    });
    expect(res.status).toBe(201);
    const call = await waitFor(async () => wecom.calls.find((c) => c.path === '/cgi-bin/webhook/send' && c.outcome === 'ok'), 15_000, 'the robot message');
    expect(call.query.key).toBe(ROBOT_KEY);
    expect(JSON.stringify(call.body)).toContain('the numbers are in');
  });

  it('adds a chased task from the CLI with an owner and a chat, which stops after --chase-max reminders', async () => {
    const CHAT = -2005;
    const env = { DATABASE_URL: `sqlite:${path.join(h.dir, 'db.sqlite')}`, CHATCRON_CONFIG: path.join(h.dir, 'chatcron.config.json') };
    const add = await runCli(['add', '--text', 'in 1 seconds submit the report', '--chat', `telegram:${CHAT}`, '--owner', '7:Bob', '--chase', '1s', '--chase-max', '2', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const t = JSON.parse(add.stdout) as { id: number; chase: unknown };
    expect(t.chase).toBeTruthy();
    await waitMsg(CHAT, (x) => x.text.startsWith(`⏰ #${t.id} reminder 2`), 'the second reminder');
    const [chase] = await waitFor(async () => {
      const list = await store.listChases(h.svc.database.db, t.id);
      return list[0]?.closeReason === 'max' ? list : null;
    }, 5000, 'the chase closed by its maximum');
    expect(chase.count).toBe(2);
    const reminders = fake.deliveredTo(String(CHAT)).filter((x) => x.text.startsWith(`⏰ #${t.id}`));
    expect(reminders.map((r) => r.mentionIds)).toEqual([[String(BOB.id)], [String(BOB.id)]]);
    const none = await runCli(['done', String(t.id)], env);
    expect(none.code).toBe(1);
    expect(none.stderr + none.stdout).toMatch(/no open occurrence/);
  }, 60_000);

  it('closes the open occurrence from the CLI as the operator', async () => {
    const CHAT = -2006;
    const env = { DATABASE_URL: `sqlite:${path.join(h.dir, 'db.sqlite')}`, CHATCRON_CONFIG: path.join(h.dir, 'chatcron.config.json') };
    const add = await runCli(['add', '--text', 'in 1 seconds check the backups', '--chat', `telegram:${CHAT}`, '--owner', '7:Bob', '--chase', '30m', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const id = (JSON.parse(add.stdout) as { id: number }).id;
    await waitFor(async () => (await store.findOpenChase(h.svc.database.db, id)) ?? null, 10_000, 'the open occurrence');
    const done = await runCli(['done', String(id), '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ taskId: id, closedBy: 'console', reminders: 0 });
    expect(await store.findOpenChase(h.svc.database.db, id)).toBeUndefined();
    const again = await runCli(['done', String(id)], env);
    expect(again.code).toBe(1);
    expect(again.stderr + again.stdout).toMatch(/closed by console/);
    const history = await runCli(['history', String(id), '--json'], env);
    expect(history.code, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout)).toMatchObject([{ trigger: 'schedule', status: 'succeeded', chase: { reminders: 0, closedBy: 'console', closeReason: 'done' } }]);
  }, 60_000);
});
