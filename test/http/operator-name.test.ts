import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import * as store from '../../src/store/index.ts';
import { runCli } from '../support/service-process.ts';
import { ADMIN, READER, startTestService, waitFor } from './service.ts';

type Svc = Awaited<ReturnType<typeof startTestService>>;

// A named admin token: where a token's name is shown today (console closes, stops, deletes), it still wins.
const NAMED = 'alice-laptop-token-0123456789abcdef';
const WEB = { platform: 'web', chatId: 'status-page' };

describe('the operator’s one name, from the configuration', { timeout: 60_000 }, () => {
  let s: Svc;
  beforeAll(async () => {
    s = await startTestService({
      config: {
        minInterval: '1s',
        operator: { name: 'ops-desk' },
        apiTokens: [
          { token: ADMIN, role: 'admin' },
          { token: READER, role: 'read' },
          { token: NAMED, role: 'admin', name: 'alice-laptop' },
        ],
      },
    });
  });
  afterAll(async () => s?.close());

  async function openOccurrence(name: string, chat = WEB): Promise<number> {
    const r = await s.call('POST', '/api/tasks', { body: { name, every: '1d', content: `${name} now`, chat, chase: { every: '1h' } } });
    expect(r.status, r.text).toBe(201);
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: r.json.id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 3_600_000 });
    return r.json.id as number;
  }
  const transcript = async () => (await s.call('GET', '/api/chat/messages')).json.messages as { kind: string; text: string; from: string | null }[];

  it('records a task made through the API as created by the configured name, and a console close as closed by it, told to the chat by that name', async () => {
    const id = await openOccurrence('weekly report');
    expect((await s.call('GET', `/api/tasks/${id}`)).json.createdBy).toBe('ops-desk');
    const done = await s.call('POST', `/api/tasks/${id}/done`);
    expect(done.status, done.text).toBe(200);
    expect(done.json.closedBy).toBe('ops-desk');
    expect((await s.call('GET', `/api/tasks/${id}/chases`)).json.chases[0]).toMatchObject({ closedBy: 'ops-desk', closeReason: 'done' });
    const notice = await waitFor(async () => (await transcript()).find((m) => m.kind === 'notice' && m.text.includes(`#${id}`)), 10_000, 'the closing notice');
    expect(notice.text).toBe(`✅ Task #${id} “weekly report” was closed from the console by ops-desk; no more reminders.`);
    expect(notice.text).not.toContain('@');
  });

  it('says it in Chinese to a Chinese chat', async () => {
    const chat = { platform: 'web', chatId: 'status-page' };
    await store.setChat(s.svc.database.db, chat.platform, chat.chatId, { lang: 'zh' }, Date.now());
    try {
      const id = await openOccurrence('周报', chat);
      expect((await s.call('POST', `/api/tasks/${id}/done`)).json.closedBy).toBe('ops-desk');
      const notice = await waitFor(async () => (await transcript()).find((m) => m.kind === 'notice' && m.text.includes(`#${id}`)), 10_000, 'the closing notice');
      expect(notice.text).toBe(`✅ 任务 #${id}「周报」已由 ops-desk 在控制台结单，不再提醒。`);
    } finally {
      await store.setChat(s.svc.database.db, chat.platform, chat.chatId, { lang: null }, Date.now());
    }
  });

  it('lets a named API token’s name win where it did: the close is by the token, the task stays created by the operator', async () => {
    const id = await openOccurrence('token close');
    const done = await s.call('POST', `/api/tasks/${id}/done`, { token: NAMED });
    expect(done.json.closedBy).toBe('alice-laptop');
    const notice = await waitFor(async () => (await transcript()).find((m) => m.kind === 'notice' && m.text.includes(`#${id}`)), 10_000, 'the closing notice');
    expect(notice.text).toContain('was closed from the console by alice-laptop');
    expect((await s.call('GET', `/api/tasks/${id}`)).json.createdBy).toBe('ops-desk');
  });

  it('stops a run as the configured name', async () => {
    const r = await s.call('POST', '/api/tasks', { body: { name: 'loop', every: '1d', command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'], timeoutMs: 300_000 } });
    const run = (await s.call('POST', `/api/tasks/${r.json.id}/run`)).json;
    await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.status === 'running', 10_000, 'the run to start');
    const stop = await s.call('POST', `/api/runs/${run.id}/stop`);
    expect(stop.json.stoppedBy).toBe('ops-desk');
    const ended = await waitFor(async () => {
      const x = (await s.call('GET', `/api/runs/${run.id}`)).json;
      return x.status !== 'running' ? x : null;
    }, 10_000, 'the run to end');
    expect(ended).toMatchObject({ status: 'stopped', error: 'stopped by ops-desk' });
  });

  it('shows the console chat box’s lines as said by the configured name, and its "done" as closed by it', async () => {
    const id = await openOccurrence('box close');
    // Only this chat's open occurrence is left open: the others were closed above.
    const reply = (await s.call('POST', '/api/chat', { body: { text: 'done', lang: 'en' } })).json.replies[0].text;
    expect(reply).toContain(`#${id} closed by ops-desk`);
    expect(reply).not.toContain('@ops-desk');
    const said = (await transcript()).filter((m) => m.kind === 'said');
    expect(said.at(-1)).toMatchObject({ text: 'done', from: 'ops-desk' });
    expect((await s.call('GET', `/api/tasks/${id}/chases`)).json.chases[0].closedBy).toBe('ops-desk');
  });

  it('records a task made in the chat box as created by the configured name, and /show and /详情 say so', async () => {
    const say = async (text: string, lang: 'en' | 'zh') => (await s.call('POST', '/api/chat', { body: { text, lang } })).json.replies[0].text as string;
    const made = await say('/add every day at 9:00 check the backups', 'en');
    const id = Number(/#(\d+)/.exec(made)![1]);
    expect((await s.call('GET', `/api/tasks/${id}`)).json.createdBy).toBe('ops-desk');
    expect(await say(`/show ${id}`, 'en')).toMatch(/^Created by: ops-desk$/m);
    expect(await say(`/详情 ${id}`, 'zh')).toMatch(/^创建者：ops-desk$/m);
    // Made through the API for this chat: the same one name.
    const api = (await s.call('POST', '/api/tasks', { body: { name: 'api made', every: '1d', content: 'x', chat: WEB } })).json.id;
    expect(await say(`/show ${api}`, 'en')).toMatch(/^Created by: ops-desk$/m);
  });

  it('takes the name from CHATCRON_OPERATOR_NAME in the CLI: created and closed by it', async () => {
    const env = { DATABASE_URL: s.dbUrl, CHATCRON_OPERATOR_NAME: 'night-shift' };
    const add = await runCli(['add', '--name', 'cli task', '--every', '1d', '--message', 'hello', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const task = JSON.parse(add.stdout);
    expect(task.createdBy).toBe('night-shift');
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: task.id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 3_600_000 });
    const done = await runCli(['done', String(task.id), '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).closedBy).toBe('night-shift');
  });
});

describe('the operator name setting', () => {
  it('defaults to console, and reads operator.name from CHATCRON_OPERATOR_NAME', () => {
    expect(loadConfig({}, '/nonexistent').operator.name).toBe('console');
    expect(loadConfig({ CHATCRON_OPERATOR_NAME: '值班台' }, '/nonexistent').operator.name).toBe('值班台');
  });

  it('refuses a name that would be read as an @-mention, naming the variable', () => {
    expect(() => loadConfig({ CHATCRON_OPERATOR_NAME: '@ops' }, '/nonexistent')).toThrow(/operator\.name \(from CHATCRON_OPERATOR_NAME\): no @/);
  });
});
