import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { READER, startTestService, waitFor } from './service.ts';

const SQL_PASSWORD = 'pw-4f9c2e7a';

describe('the console API', () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  const make = async (body: object) => {
    const r = await s.call('POST', '/api/tasks', { body });
    expect(r.status, r.text).toBe(201);
    return r.json;
  };
  const say = async (text: string, lang = 'en') => (await s.call('POST', '/api/chat', { body: { text, lang } })).json.replies.map((r: { text: string }) => r.text).join('\n');

  beforeAll(async () => {
    s = await startTestService({
      config: {
        minInterval: '1s',
        tz: 'Europe/Berlin',
        actions: { disk: ['df', '-h'] },
        // Nothing connects to these here: the URLs carry a password that must never reach the console.
        sql: { connections: { reports: { url: `mysql://reader:${SQL_PASSWORD}@db.internal:3306/shop`, write: false }, local: { url: 'sqlite:/nonexistent/app.db', write: false } }, maxRows: 1000, chatRows: 10 },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('previews a schedule in words with its next fire times in the chat zone, and says why it cannot read one in the reader language', async () => {
    await s.call('POST', '/api/chat', { body: { text: '/tz Asia/Shanghai' } });
    const p = await s.call('GET', `/api/preview?text=${encodeURIComponent('every weekday at 9:30')}&chat=web:status-page&count=3`);
    expect(p.status, p.text).toBe(200);
    expect(p.json).toMatchObject({ kind: 'cron', tz: 'Asia/Shanghai', description: { en: expect.stringContaining('weekday') } });
    expect(p.json.next).toHaveLength(3);
    for (const n of p.json.next) expect(n).toMatch(/T09:30:00\+08:00$/);
    const made = await make({ name: 'zoned', text: 'every weekday at 9:30 stand up', chat: { platform: 'web', chatId: 'status-page' } });
    expect(made.schedule.tz).toBe('Asia/Shanghai');
    expect(made.nextRunAt).toBe(p.json.next[0]);
    const other = await s.call('GET', `/api/preview?every=2h&count=2`);
    expect(other.json.tz).toBe('Europe/Berlin');
    const bad = await s.call('GET', `/api/preview?cron=${encodeURIComponent('61 * * * *')}&lang=zh`);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/[\u4e00-\u9fff]/);
  });

  it('filters tasks by chat, platform, status, owner, mode and text, and pages them with a total', async () => {
    for (let i = 0; i < 7; i++) await make({ name: `pager ${i}`, every: '1h', content: 'fill', chat: { platform: 'wecom', chatId: 'pages' }, owner: i % 2 ? { id: 'u-bob', name: 'Bob' } : null });
    const page = (q: string) => s.call('GET', `/api/tasks?${q}`).then((r) => r.json);
    const first = await page('chat=wecom:pages&limit=5');
    expect(first.total).toBe(7);
    expect(first.tasks.map((t: { name: string }) => t.name)).toEqual(['pager 0', 'pager 1', 'pager 2', 'pager 3', 'pager 4']);
    expect((await page('chat=wecom:pages&limit=5&offset=5')).tasks.map((t: { name: string }) => t.name)).toEqual(['pager 5', 'pager 6']);
    expect((await page('chat=wecom:pages&owner=Bob')).total).toBe(3);
    expect((await page('chat=wecom:pages&owner=u-bob')).total).toBe(3);
    expect((await page('platform=wecom&mode=command')).total).toBe(0);
    await s.call('POST', `/api/tasks/${first.tasks[0].id}/pause`);
    expect((await page('platform=wecom&status=paused')).tasks.map((t: { name: string }) => t.name)).toEqual(['pager 0']);
    expect((await page('text=pager%206')).total).toBe(1);
    const facets = (await s.call('GET', '/api/console')).json;
    expect(facets.chats).toContainEqual({ platform: 'wecom', chatId: 'pages', tasks: 7 });
    expect(facets.owners).toContainEqual({ id: 'u-bob', name: 'Bob' });
    const zh = await s.call('GET', '/api/tasks?status=nope&lang=zh');
    expect(zh.status).toBe(400);
    expect(zh.json.error).toBe('状态：应为 active、paused、finished 之一');
  });

  it('refuses every change from a read-only token with 403, whatever the page shows', async () => {
    const t = await make({ name: 'guarded', every: '1h', content: 'x' });
    for (const [m, p] of [['POST', `/api/tasks/${t.id}/done`], ['DELETE', `/api/tasks/${t.id}`], ['PATCH', `/api/tasks/${t.id}`], ['POST', '/api/tasks'], ['POST', '/api/chat']] as const) {
      expect((await s.call(m, p, { token: READER, body: { text: 'x' } })).status, `${m} ${p}`).toBe(403);
    }
    expect((await s.call('GET', `/api/tasks/${t.id}/summary`, { token: READER })).status).toBe(200);
    expect((await s.call('GET', `/api/tasks/${t.id}`)).status).toBe(200);
  });

  it('tells the task chat when a task is deleted, through the outbox', async () => {
    const t = await make({ name: 'doomed', every: '1h', content: 'x', chat: { platform: 'telegram', chatId: '-42' } });
    expect((await s.call('DELETE', `/api/tasks/${t.id}`)).status).toBe(200);
    const sent = await store.listOutbox(s.svc.database.db, '-42');
    expect(sent.map((m) => JSON.parse(m.body).text)).toEqual([`🗑 Task #${t.id} “doomed” was deleted from the console; it will not run again.`]);
  });

  it('counts a manual run in /show and the summary as the history does, and does not invite a done it would refuse', async () => {
    const t = await make({ name: 'chased', every: '1d', content: 'file the report', chat: { platform: 'web', chatId: 'status-page' }, chase: { every: '1h' } });
    const run = (await s.call('POST', `/api/tasks/${t.id}/run`)).json;
    await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.finishedAt, 10_000, 'the manual run');
    const history = (await s.call('GET', `/api/tasks/${t.id}/runs`)).json;
    const summary = (await s.call('GET', `/api/tasks/${t.id}/summary`)).json;
    expect(history.total).toBe(1);
    expect(summary.runs).toEqual({ all: 1, scheduled: 0, manual: 1, retries: 0, chained: 0 });
    expect(summary.can).toEqual({ pause: true, resume: false, run: true, done: false });
    expect(await say(`/show ${t.id}`)).toMatch(/Runs so far: 1 \(1 run now\)/);
    const result = await waitFor(async () => (await s.call('GET', '/api/chat/messages')).json.messages.find((m: { kind: string; text: string }) => m.kind === 'result' && m.text.includes('file the report')), 10_000, 'the result in the transcript');
    expect(result.text).not.toMatch(/done/);
  });

  it('keeps the chat box conversation: what was said, the replies, @mentions as the owner, and a plain "done" closing the latest reminder', async () => {
    const reply = await say('every day at 9:00 @alice post the standup notes');
    expect(reply).toMatch(/created/);
    const created = (await s.call('GET', '/api/tasks?chat=web:status-page&text=standup')).json.tasks[0];
    expect(created).toMatchObject({ content: '@alice post the standup notes', owner: { id: 'alice', name: 'alice' } });
    const t = await make({ name: 'report', at: new Date(Date.now() + 1000).toISOString(), content: 'submit the report', chat: { platform: 'web', chatId: 'status-page' }, chase: { every: '1s' } });
    const reminder = await waitFor(async () => (await s.call('GET', '/api/chat/messages')).json.messages.find((m: { kind: string; text: string }) => m.kind === 'reminder' && m.text.startsWith(`⏰ #${t.id}`)), 15_000, 'a reminder in the transcript');
    expect(reminder.text).toMatch(/submit the report/);
    expect(await say('done')).toMatch(new RegExp(`✅ #${t.id} closed by console`));
    const chases = (await s.call('GET', `/api/tasks/${t.id}/chases`)).json.chases;
    expect(chases[0]).toMatchObject({ open: false, closeReason: 'done', closedBy: 'console' });
    const all = (await s.call('GET', '/api/chat/messages')).json.messages;
    const kinds = all.map((m: { kind: string; text: string }) => `${m.kind}:${m.text.split('\n')[0]}`);
    expect(kinds).toContain('said:done');
    expect(kinds.indexOf('said:done')).toBeGreaterThan(kinds.findIndex((k: string) => k.startsWith(`reminder:⏰ #${t.id}`)));
    const after = all[all.length - 1].id;
    expect((await s.call('GET', `/api/chat/messages?after=${after}`)).json.messages).toEqual([]);
  });

  it('marks a chase done from the console, recorded as closed from the console', async () => {
    const t = await make({ name: 'to close', every: '1d', content: 'x', chase: { every: '1h' } });
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: t.id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 3_600_000 });
    expect((await s.call('GET', `/api/tasks/${t.id}/summary`)).json.can.done).toBe(true);
    const r = await s.call('POST', `/api/tasks/${t.id}/done`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.closedBy).toBe('console');
    expect((await s.call('GET', `/api/tasks/${t.id}/chases`)).json.chases[0]).toMatchObject({ open: false, closedBy: 'console', closeReason: 'done' });
    const again = await s.call('POST', `/api/tasks/${t.id}/done?lang=zh`);
    expect(again.status).toBe(400);
    expect(again.json.error).toMatch(/已由 console 结单/);
  });

  it('names in the summary what a task starts and what starts it, and in the history the task a chained run came from', async () => {
    const next = await make({ name: 'after the export', every: '1d', content: 'tell the team' });
    const first = await make({ name: 'export', every: '1d', content: 'export', then: next.id, jitter: '2s' });
    expect(first.jitterMs).toBe(2000);
    expect((await s.call('GET', `/api/tasks/${first.id}/summary`)).json.chain).toEqual({ then: { id: next.id, name: 'after the export' }, onFailure: null, from: [] });
    expect((await s.call('GET', `/api/tasks/${next.id}/summary`, { token: READER })).json.chain).toEqual({ then: null, onFailure: null, from: [{ id: first.id, name: 'export', on: 'then' }] });
    const run = (await s.call('POST', `/api/tasks/${first.id}/run`)).json;
    const chained = await waitFor(async () => (await s.call('GET', `/api/tasks/${next.id}/runs`)).json.runs.find((r: { trigger: string; finishedAt: string | null }) => r.trigger === 'chain' && r.finishedAt), 10_000, 'the chained run');
    expect(chained).toMatchObject({ parentRunId: run.id, parentTaskId: first.id, status: 'succeeded' });
    expect((await s.call('GET', `/api/tasks/${first.id}/runs`)).json.runs[0]).toMatchObject({ trigger: 'manual', parentRunId: null, parentTaskId: null });
    expect((await s.call('GET', `/api/tasks/${next.id}/summary`)).json.runs.chained).toBe(1);
  });

  it('serves the console shell at /runners, and lists runners to a read-only token while only an admin may add or revoke', async () => {
    const page = await fetch(`${s.url}/runners?lang=zh`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="zh">');
    expect((await s.call('POST', '/api/runners', { token: READER, body: { name: 'r-read' } })).status).toBe(403);
    const added = await s.call('POST', '/api/runners', { body: { name: 'r-console', labels: ['db'] } });
    expect(added.status, added.text).toBe(201);
    expect(added.json.token).toMatch(/^ccr\./);
    const listed = (await s.call('GET', '/api/runners', { token: READER })).json.runners;
    expect(listed).toContainEqual(expect.objectContaining({ name: 'r-console', labels: ['db'], state: 'offline', lastSeenAt: null }));
    expect(JSON.stringify(listed)).not.toContain(added.json.token);
    expect((await s.call('POST', '/api/runners/r-console/revoke', { token: READER })).status).toBe(403);
    expect((await s.call('POST', '/api/runners/r-console/revoke')).status).toBe(200);
    expect((await s.call('GET', '/api/runners')).json.runners.find((r: { name: string }) => r.name === 'r-console').state).toBe('revoked');
  });

  it('offers the configured action and SQL connection names as choices, and no connection URL or password', async () => {
    const r = await s.call('GET', '/api/console', { token: READER });
    expect(r.status).toBe(200);
    expect(r.json.actions).toEqual(['disk']);
    expect(r.json.connections).toEqual(['reports', 'local']);
    expect(r.text).not.toContain(SQL_PASSWORD);
    expect(r.text).not.toContain('db.internal');
    expect(r.text).not.toContain('sqlite:');
  });

  it('switches a task between a command, a SQL statement and back with the PATCH bodies the console form sends', async () => {
    const patch = (id: number, body: object) => s.call('PATCH', `/api/tasks/${id}`, { body });
    const sqlTask = await make({ name: 'orders', every: '1d', mode: 'message+command', content: 'orders today', sql: 'select 1 as n', connection: 'reports' });
    expect(sqlTask).toMatchObject({ mode: 'message+command', action: { sql: 'select 1 as n', connection: 'reports' }, runOn: null });
    // Saved unchanged, as the edit form sends it: the statement, connection and mode stay.
    const same = await patch(sqlTask.id, { name: 'orders', mode: 'message+command', sql: 'select 1 as n', connection: 'reports', runOn: null });
    expect(same.status, same.text).toBe(200);
    expect(same.json).toMatchObject({ mode: 'message+command', action: { sql: 'select 1 as n', connection: 'reports' }, runOn: null });
    // To a command line: the statement is replaced, not kept beside it.
    const toCommand = await patch(sqlTask.id, { mode: 'command', command: ['echo', 'hi'], runOn: null });
    expect(toCommand.status, toCommand.text).toBe(200);
    expect(toCommand.json).toMatchObject({ mode: 'command', action: { argv: ['echo', 'hi'] } });
    // A command on a runner, then back to SQL: the console clears the runner label with it.
    expect((await patch(sqlTask.id, { mode: 'command', action: 'backup', runOn: 'db-hosts' })).json).toMatchObject({ action: { name: 'backup' }, runOn: 'db-hosts' });
    const kept = await patch(sqlTask.id, { mode: 'command', sql: 'select 2', connection: 'local' });
    expect([kept.status, kept.json.field]).toEqual([400, 'sql']);
    expect(kept.json.error).toMatch(/no action, command or runOn/);
    const given = await patch(sqlTask.id, { mode: 'command', sql: 'select 2', connection: 'local', runOn: 'db-hosts' });
    expect(given.status).toBe(400);
    expect((await patch(sqlTask.id, { mode: 'command', sql: 'select 2', connection: 'local', action: 'disk', runOn: null })).status).toBe(400);
    const back = await patch(sqlTask.id, { mode: 'command', sql: 'select 2', connection: 'local', runOn: null });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({ mode: 'command', action: { sql: 'select 2', connection: 'local' }, runOn: null });
    // To a named action on this server.
    expect((await patch(sqlTask.id, { mode: 'command', action: 'disk', runOn: null })).json).toMatchObject({ mode: 'command', action: { name: 'disk' }, runOn: null });
    const unknown = await patch(sqlTask.id, { mode: 'command', sql: 'select 3', connection: 'elsewhere', runOn: null });
    expect([unknown.status, unknown.json.field]).toEqual([400, 'connection']);
  });

  it('takes a chat message of 4,000 characters and refuses a longer one in the reader language', async () => {
    const ok = await s.call('POST', '/api/chat', { body: { text: `/help ${'x'.repeat(3994)}` } });
    expect(ok.status).toBe(200);
    const long = await s.call('POST', '/api/chat?lang=zh', { body: { text: 'x'.repeat(4001) } });
    expect(long.status).toBe(400);
    expect(long.json.error).toBe('文本：最多 4000 个字符');
  });
});
