import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { buildWeb } from '../../web/build.ts';
import { ADMIN, READER, startTestService, waitFor } from './service.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-output/screenshots');
const AXE = path.resolve('node_modules/axe-core/axe.min.js');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`CI is set but Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`);
  console.warn(`\n*** Chromium not found at ${CHROMIUM}: console browser tests are SKIPPED (apt-get install -y chromium) ***\n`);
}

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const LONG_URL = `https://example.com/${'very-long-path-segment/'.repeat(4)}report?query=${'x'.repeat(5)}`; // 130 characters
const LONG_NAME = `Nightly export of the quarterly finance reconciliation spreadsheet ${LONG_URL}`;

/**
 * A full-page screenshot as a tall screen would show it: the viewport grows to the document,
 * so the chat column sits where it belongs instead of over the middle of the page.
 */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, height), 6000) });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize(size);
}

/** No sideways scrolling: the document is no wider than the window. */
async function expectNoOverflow(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, 'document.scrollWidth').toBeLessThanOrEqual(inner);
}

/** axe-core's serious and critical findings on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(found).toEqual([]);
}

describe.skipIf(!haveChromium)('the web console in headless Chromium', { timeout: 150_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const ids: Record<string, number> = {};
  const errors: string[] = [];
  // The database a SQL task reads (a SQLite file, opened read-only by the task).
  const shopDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-page-sql-'));
  const shopFile = path.join(shopDir, 'shop.db');

  /** A page whose tab already holds the token (as after the one-time prompt). */
  async function signedIn(viewport = DESKTOP, lang: 'en' | 'zh' = 'en', tokenValue = ADMIN): Promise<Page> {
    // CSP is bypassed only so that axe-core can be injected; the page's own code needs no exception (see the CSP test).
    const context = await browser.newContext({ viewport, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', deviceScaleFactor: 1, bypassCSP: true });
    contexts.push(context);
    await context.addInitScript((token) => sessionStorage.setItem('chatcron.token', token), tokenValue);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => errors.push(String(e)));
    return page;
  }
  const task = async (id: number) => (await s.call('GET', `/api/tasks/${id}`)).json;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // The bundle is built here, from web/src, so no earlier manual build is needed.
    await buildWeb();
    const shop = new Database(shopFile);
    shop.exec("create table orders (id integer primary key, status text); insert into orders (status) values ('paid'), ('paid'), ('shipped')");
    shop.close();
    s = await startTestService({ config: { minInterval: '1s', tz: 'Asia/Shanghai', sql: { connections: { shop: { url: `sqlite:${shopFile}`, write: false } }, maxRows: 1000, chatRows: 10 } } });
    const make = async (body: object) => {
      const r = await s.call('POST', '/api/tasks', { body });
      if (r.status !== 201) throw new Error(r.text);
      return r.json.id as number;
    };
    ids.standup = await make({ name: 'Standup notes', cron: '30 9 * * 1-5', tz: 'Asia/Shanghai', content: 'post the standup notes', chat: { platform: 'telegram', chatId: '-1001234' }, owner: { id: 'u1', name: 'Alice' }, chase: { every: '15m' } });
    ids.report = await make({ name: '日报', text: '每天早上9点 提醒大家提交日报', chat: { platform: 'wecom', chatId: 'wr-team' } });
    ids.evil = await make({ name: '<img src=x onerror="window.__xss=1">', every: '6h', content: '<b>not bold</b>' });
    ids.paused = await make({ name: 'Backup check', every: '1d', content: 'check the backup', chat: { platform: 'wecom', chatId: 'wr-team' } });
    ids.long = await make({ name: LONG_NAME, every: '1d', content: `Open ${LONG_URL} and compare ${LONG_URL}`, notifyUrls: [LONG_URL], command: ['node', '-e', `console.log(${JSON.stringify(`${LONG_URL} `.repeat(4))}); console.log("${'#'.repeat(300)}")`], chat: { platform: 'telegram', chatId: `-100${'9'.repeat(60)}` }, owner: { id: 'u-long', name: `Maximilian ${'Longname'.repeat(8)}` } });
    for (let i = 1; i <= 22; i++) ids[`fill${i}`] = await make({ name: `Filler ${String(i).padStart(2, '0')}`, every: '1h', content: 'filler', chat: { platform: 'wecom', chatId: 'room-fill' } });
    await s.call('POST', `/api/tasks/${ids.paused}/pause`);
    for (const id of [ids.standup, ids.standup, ids.standup, ids.long]) {
      const run = (await s.call('POST', `/api/tasks/${id}/run`)).json;
      await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.finishedAt, 10_000, 'a manual run to finish');
    }
    // Twelve runs of the standup for paging the history, and one chase that ran out of reminders.
    const db = s.svc.database.db;
    const base = Date.parse('2026-01-05T01:30:00Z');
    for (let i = 0; i < 12; i++) await store.insertRun(db, { taskId: ids.standup, scheduledFor: base + i * 86_400_000, trigger: 'schedule', attempt: 1, status: 'succeeded', dueAt: null, startedAt: base + i * 86_400_000, instance: null });
    const old = await store.openChase(db, { taskId: ids.standup, runId: null, scheduledFor: base, openedAt: base, nextChaseAt: null });
    await store.closeChase(db, old!.id, base + 3_600_000, 'max', null);
    // launch() gives every run a fresh temporary profile (its own user-data-dir).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
    fs.rmSync(shopDir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it('serves the console with a CSP that allows no inline code, and runs under it', async () => {
    const res = await fetch(s.url + '/');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|nonce-/);
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    await page.goto(s.url + '/');
    await page.locator('#token-form').waitFor();
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('#token-form button');
    await page.getByText('That token was refused.').waitFor();
    await page.fill('#token', ADMIN);
    await page.click('#token-form button');
    await page.locator(`tr[data-id="${ids.standup}"]`).waitFor();
    expect(violations.filter((v) => /Content Security Policy/.test(v))).toEqual([]);
  });

  it('lists tasks with the chat named, the schedule in words, status, next run with its zone and the last result', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/');
    const row = page.locator(`tr[data-id="${ids.standup}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Telegram · -1001234');
    expect(text).toContain('30 9 * * 1-5');
    expect(text).toContain('(Asia/Shanghai)');
    expect(await row.locator("td").nth(4).innerText()).toMatch(/ 09:30 GMT\+8$/);
    expect(await row.locator('[data-status="active"]').innerText()).toBe('active');
    expect(await row.locator('[data-status="succeeded"]').count()).toBe(1);
    expect(await page.locator('h2#tasks-title').innerText()).toBe('Tasks (27)');
    expect(await page.locator('table.tasks tbody tr').count()).toBe(20);
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'list-desktop.png');
  });

  it('filters by chat, platform, status, owner, mode and text, and pages through the rest', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/');
    await page.locator('table.tasks').waitFor();
    await page.selectOption('#f-chat', 'wecom:room-fill');
    await expect.poll(() => page.locator('#tasks-pager .where').innerText()).toBe('1–20 of 22');
    await page.click('#tasks-pager .next');
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(2);
    expect(await page.locator('table.tasks tbody').innerText()).toContain('Filler 22');
    expect(page.url()).toContain('offset=20');
    await page.click('#clear-filters');
    await page.selectOption('#f-platform', 'wecom');
    await page.selectOption('#f-status', 'paused');
    await expect.poll(() => page.locator('table.tasks tbody').innerText()).toContain('Backup check');
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
    await page.click('#clear-filters');
    await page.selectOption('#f-owner', 'u1');
    // The paused filter's one row may still be on screen until the owner's list arrives.
    await expect.poll(() => page.locator('table.tasks tbody').innerText()).toContain('Standup notes');
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
    await page.click('#clear-filters');
    await page.selectOption('#f-mode', 'command');
    // Until the filtered list arrives, the one row of the owner filter may still be on screen.
    await expect.poll(() => page.locator('table.tasks tbody').innerText()).toContain('Nightly export');
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
    await page.click('#clear-filters');
    await page.fill('#f-text', '<img');
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
    expect(await page.locator('table.tasks img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('creates a task from the form, reading the schedule and its next fire times in the task zone as one types', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/tasks/new');
    await page.locator('#task-form').waitFor();
    await page.fill('#t-tz', 'America/New_York');
    await page.fill('#t-expr', 'every weekday at 9:30');
    await expect.poll(() => page.locator('#preview-reading').textContent()).toContain('every weekday at 09:30');
    const next = await page.locator('#preview-next li').allInnerTexts();
    expect(next).toHaveLength(5);
    for (const n of next) expect(n).toMatch(/09:30:00 GMT-[45] \(America\/New_York\)/);
    await page.fill('#t-expr', 'every blue moon');
    await page.locator('#preview-error').waitFor();
    await page.fill('#t-expr', 'every weekday at 9:30');
    await page.locator('#preview-reading').waitFor();
    await page.fill('#t-name', 'Form-made standup');
    await page.fill('#t-content', 'post the notes');
    await page.fill('#t-ownerId', 'u-carol');
    await page.fill('#t-ownerName', 'Carol');
    await page.selectOption('#t-misfire', 'once');
    await page.fill('#t-retries', '2');
    await page.fill('#t-notifyUrls', 'https://hooks.example.com/a');
    await page.check('#t-chaseOn');
    await page.fill('#t-chaseEvery', '20m');
    await page.fill('#t-chaseMax', '3');
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'form-desktop.png');
    await page.click('#save');
    await page.locator('#task').waitFor();
    await page.getByText(/Task #\d+ created\./).waitFor();
    const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
    ids.formMade = id;
    expect(await task(id)).toMatchObject({
      name: 'Form-made standup',
      content: 'post the notes',
      chat: { platform: 'web', chatId: 'status-page' },
      owner: { id: 'u-carol', name: 'Carol' },
      schedule: { kind: 'cron', tz: 'America/New_York', text: 'every weekday at 9:30' },
      policies: { misfire: 'once', retries: 2 },
      notifyUrls: ['https://hooks.example.com/a'],
      chase: { everyMs: 1_200_000, maxCount: 3 },
    });
    expect(await page.locator('#upcoming li').count()).toBe(5);
    expect(await page.locator('#upcoming li').first().innerText()).toMatch(/09:30:00 GMT-[45] \(America\/New_York\)/);
  });

  it('edits a task: the form opens with its values, and a new schedule and name are saved', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.formMade}`);
    await page.click('#edit');
    await page.locator('#task-form').waitFor();
    expect(await page.inputValue('#t-name')).toBe('Form-made standup');
    expect(await page.inputValue('#t-expr')).toBe('every weekday at 9:30');
    await page.check('#kind-cron');
    await page.fill('#t-expr', '0 10 * * 1');
    await expect.poll(() => page.locator('#preview-next li').count()).toBe(5);
    expect(await page.locator('#preview-next li').first().innerText()).toMatch(/Mon.*10:00:00/);
    await page.fill('#t-name', 'Monday review');
    await expectAccessible(page);
    await page.click('#save');
    await page.getByText('Task saved.').waitFor();
    expect(await task(ids.formMade)).toMatchObject({ name: 'Monday review', schedule: { kind: 'cron', expr: '0 10 * * 1', tz: 'America/New_York' }, owner: { name: 'Carol' }, chase: { everyMs: 1_200_000 } });
  });

  it('shows a task page: next fire times in its zone, paged history with output, chases, and only the controls that apply', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.standup}`);
    await page.locator('#runs').waitFor();
    expect(await page.locator('#run-counts').innerText()).toBe('15 in history (12 scheduled, 3 run now, 0 retries, 0 chained)');
    expect(await page.locator('#history-title').innerText()).toBe('History (15)');
    expect(await page.locator('#runs tr.run').count()).toBe(10);
    await page.click('#runs-pager .next');
    await expect.poll(() => page.locator('#runs tr.run').count()).toBe(5);
    expect(await page.locator('#upcoming li').first().innerText()).toMatch(/09:30:00 GMT\+8 \(Asia\/Shanghai\)/);
    expect(await page.locator('#chases').innerText()).toContain('reminder limit reached');
    expect(await page.locator('#pause').count()).toBe(1);
    expect(await page.locator('#resume').count()).toBe(0);
    await page.goto(s.url + `/tasks/${ids.long}`);
    await page.locator('#runs .show-output').first().click();
    await page.locator('#runs tr.out pre').waitFor();
    expect(await page.locator('#runs tr.out pre').innerText()).toContain('very-long-path-segment');
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'task-desktop.png');
  });

  it('pauses from the task page with a toast that says so, and a finished task offers no resume', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.report}`);
    await page.click('#pause');
    await page.getByText('Task paused.').waitFor();
    await page.locator('#resume').waitFor();
    expect((await task(ids.report)).status).toBe('paused');
    await page.click('#resume');
    await page.locator('#pause').waitFor();
    const once = (await s.call('POST', '/api/tasks', { body: { name: 'one shot', at: new Date(Date.now() + 500).toISOString(), content: 'once' } })).json.id;
    await waitFor(async () => (await task(once)).status === 'finished', 10_000, 'the one-shot task to finish');
    await page.goto(s.url + `/tasks/${once}`);
    await page.locator('#controls').waitFor();
    expect(await page.locator('#resume').count()).toBe(0);
    expect(await page.locator('#pause').count()).toBe(0);
    expect(await page.locator('#upcoming').count()).toBe(0);
  });

  it('marks an open chase done, recorded as closed from the console', async () => {
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: ids.standup, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 3_600_000 });
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.standup}`);
    await page.locator('#chases .mark-done').click();
    await page.getByText('Marked done by console.').waitFor();
    await expect.poll(() => page.locator('#chases li').first().innerText()).toContain('by console');
    expect((await s.call('GET', `/api/tasks/${ids.standup}/chases`)).json.chases[0]).toMatchObject({ open: false, closeReason: 'done', closedBy: 'console' });
  });

  it('deletes only after confirmation, and the task chat is told', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.fill22}`);
    await page.click('#delete');
    await page.locator('dialog#confirm').waitFor();
    expect(await page.locator('#confirm-text').innerText()).toBe(`Delete task #${ids.fill22} “Filler 22” and its history? Its chat will be told.`);
    await expectAccessible(page);
    await page.click('#confirm-no');
    await expect.poll(() => page.locator('dialog#confirm').count()).toBe(0);
    expect((await s.call('GET', `/api/tasks/${ids.fill22}`)).status).toBe(200);
    await page.click('#delete');
    await page.click('#confirm-yes');
    await page.getByText(`Task #${ids.fill22} deleted; its chat was told.`).waitFor();
    expect((await s.call('GET', `/api/tasks/${ids.fill22}`)).status).toBe(404);
    const told = await store.listOutbox(s.svc.database.db, 'room-fill');
    expect(told.map((m) => JSON.parse(m.body).text)).toContain(`🗑 Task #${ids.fill22} “Filler 22” was deleted from the console; it will not run again.`);
  });

  it('keeps a conversation in the chat box: commands, @mentions as owner, a reminder arriving, and a plain "done" closing it', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/');
    await page.locator('#transcript').waitFor();
    await page.fill('#chat-text', '/help');
    await page.click('#chat-form button');
    await page.locator('#transcript .line.reply', { hasText: '/done' }).first().waitFor();
    await page.fill('#chat-text', 'every day at 18:00 @bob water the plants');
    await page.press('#chat-text', 'Enter');
    await page.locator('#transcript .line.reply', { hasText: 'water the plants' }).waitFor();
    const planted = (await s.call('GET', '/api/tasks?chat=web:status-page&text=water')).json.tasks[0];
    expect(planted.owner).toEqual({ id: 'bob', name: 'bob' });
    const due = (await s.call('POST', '/api/tasks', { body: { name: 'report', at: new Date(Date.now() + 1000).toISOString(), content: 'submit the weekly report', chat: { platform: 'web', chatId: 'status-page' }, chase: { every: '1s' } } })).json.id;
    await page.locator('#transcript .line.reminder', { hasText: `#${due}` }).first().waitFor({ timeout: 15_000 });
    await page.fill('#chat-text', 'done');
    await page.press('#chat-text', 'Enter');
    await page.locator('#transcript .line.reply', { hasText: `✅ #${due} closed by console` }).waitFor();
    expect((await s.call('GET', `/api/tasks/${due}/chases`)).json.chases[0]).toMatchObject({ open: false, closeReason: 'done' });
    const said = await page.locator('#transcript .line.said').allInnerTexts();
    expect(said.map((x) => x.split('\n').pop())).toEqual(['/help', 'every day at 18:00 @bob water the plants', 'done']);
    await expectAccessible(page);
    await shoot(page, 'chat-desktop.png');
    await page.reload();
    await page.locator('#transcript .line.said', { hasText: 'done' }).waitFor();
  });

  it('speaks Chinese throughout: no English values, toasts with words, validator errors translated, and 收到 closes a reminder', async () => {
    const page = await signedIn(DESKTOP, 'zh');
    await page.goto(s.url + '/');
    await page.locator('table.tasks').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh');
    const list = await page.locator('main').innerText();
    for (const english of ['active', 'paused', 'succeeded', 'message', 'schedule', 'Next run']) expect(list).not.toContain(english);
    expect(list).toContain('下次执行');
    await expectAccessible(page);
    await page.goto(s.url + `/tasks/${ids.standup}?lang=zh`);
    await page.locator('#runs').waitFor();
    const detail = await page.locator('main').innerText();
    for (const english of ['max', 'manual', 'schedule', 'message', 'skip ']) expect(detail).not.toMatch(new RegExp(`\\b${english}`));
    expect(detail).toContain('达到提醒次数上限');
    expect(detail).toContain('计划 12 次，手动 3 次');
    expect(detail).toContain('按计划');
    await page.click('#pause');
    await page.getByText('任务已暂停。').waitFor();
    await page.click('#resume');
    await page.getByText('任务已恢复。').waitFor();
    await shoot(page, 'task-desktop-zh.png');
    await page.goto(s.url + '/tasks/new?lang=zh');
    await page.fill('#t-expr', '每天早上9点');
    await expect.poll(() => page.locator('#preview-reading').textContent()).toContain('每天 09:00');
    await page.check('#kind-every');
    await page.fill('#t-expr', '5x');
    await page.locator('#preview-error').waitFor();
    await page.click('#save');
    await expect.poll(() => page.locator('#form-error').innerText()).toBe('间隔：应为时长，例如 30s、2m、1h 或 7d');
    await shoot(page, 'form-desktop-zh.png');
    const due = (await s.call('POST', '/api/tasks', { body: { name: '周报', at: new Date(Date.now() + 1000).toISOString(), content: '提交周报', chat: { platform: 'web', chatId: 'status-page' }, chase: { every: '1s' } } })).json.id;
    await page.locator('#transcript .line.reminder', { hasText: `#${due}` }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator('#transcript .line.reminder').last().innerText()).toContain('催单');
    await page.fill('#chat-text', '收到');
    await page.press('#chat-text', 'Enter');
    await page.locator('#transcript .line.reply', { hasText: `✅ #${due} 已由 console 结单` }).waitFor();
    await page.fill('#chat-text', '长'.repeat(4001));
    expect(await page.locator('#chat-count').innerText()).toBe('最多 4000 个字符。');
    expect(await page.locator('#chat-form button').isDisabled()).toBe(true);
  });

  it('refuses changes from a read-only token with the API 403, said in words', async () => {
    const page = await signedIn(DESKTOP, 'en', READER);
    await page.goto(s.url + `/tasks/${ids.paused}`);
    await page.locator('#resume').click();
    await page.locator('#note .msg.err', { hasText: 'This token may only read' }).waitFor();
    expect((await task(ids.paused)).status).toBe('paused');
  });

  const runnerRow = (page: Page, name: string) => page.locator(`#runners tr[data-runner="${name}"]`);
  const runners = async () => (await s.call('GET', '/api/runners')).json.runners as { name: string; state: string; labels: string[] }[];

  it('lists runners with their state in words, labels, version and last heartbeat (relative, and absolute in the service zone), after saying how to start one', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/runners');
    await page.locator('#no-runners').waitFor();
    expect(await page.locator('#no-runners').innerText()).toContain(`No runners yet.`);
    expect(await page.locator('#start-example').innerText()).toBe(`npx chatcron runner --server ${s.url} --token TOKEN`);
    expect(await page.locator('#nav-runners').getAttribute('aria-current')).toBe('page');
    await expectAccessible(page);
    const one = (await s.call('POST', '/api/runners', { body: { name: 'db-1', labels: ['db-hosts', 'eu'] } })).json;
    expect((await s.call('POST', '/api/runners', { body: { name: 'db-2', labels: ['db-hosts'] } })).status).toBe(201);
    const polled = await s.call('POST', '/runner/poll', { token: one.token, body: { waitMs: 0, version: '0.1.0', host: 'db-host-1.internal' } });
    expect(polled.status, polled.text).toBe(200);
    await page.reload();
    await runnerRow(page, 'db-1').waitFor();
    expect(await page.locator('#runners-title').innerText()).toBe('Runners (2)');
    const online = runnerRow(page, 'db-1');
    expect(await online.locator('[data-status]').innerText()).toBe('online');
    expect(await online.locator('td').nth(1).innerText()).toMatch(/db-hosts\s+eu/);
    expect(await online.locator('td').nth(3).innerText()).toBe('0.1.0\nHost: db-host-1.internal');
    expect(await online.locator('.ago').innerText()).toMatch(/^(now|\d+ seconds? ago)$/);
    expect(await online.locator('.when').innerText()).toMatch(/\d\d:\d\d:\d\d GMT\+8 \(Asia\/Shanghai\)$/);
    const idle = runnerRow(page, 'db-2');
    expect(await idle.locator('[data-status]').innerText()).toBe('offline');
    expect(await idle.locator('td').nth(4).innerText()).toBe('never');
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'runners-desktop.png');
    const zh = await signedIn(PHONE, 'zh');
    await zh.goto(s.url + '/runners?lang=zh');
    await runnerRow(zh, 'db-2').waitFor();
    expect(await runnerRow(zh, 'db-1').locator('[data-status]').innerText()).toBe('在线');
    expect(await runnerRow(zh, 'db-2').innerText()).toContain('从未');
    await expectNoOverflow(zh);
    await expectAccessible(zh);
    await shoot(zh, 'runners-phone-zh.png');
  });

  it('adds a runner from the form and shows its token once, with a copy button and a note that it will not be shown again', async () => {
    const page = await signedIn();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
    await page.goto(s.url + '/runners');
    await page.locator('#runner-form').waitFor();
    await page.fill('#r-name', 'bad name!');
    await page.click('#add-runner');
    expect(await page.locator('#runner-form-error').innerText()).toBe('"bad name!" is not a runner name (letters, digits, dot, dash, underscore)');
    expect(await page.locator('#r-name').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#r-name', 'web-1');
    await page.fill('#r-labels', 'gpu, eu');
    await page.click('#add-runner');
    await page.locator('#new-token').waitFor();
    expect(await page.locator('#new-token-title').innerText()).toBe('Runner “web-1” added');
    expect(await page.locator('#token-once-note').innerText()).toContain('This token will not be shown again. Copy it now');
    const token = await page.inputValue('#runner-token');
    expect(token).toMatch(/^ccr\.\d+\./);
    expect(await page.inputValue('#runner-command')).toBe(`npx chatcron runner --server ${s.url} --token ${token}`);
    await page.click('#runner-token-copy');
    await expect.poll(() => page.locator('#runner-token-state').innerText()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await runnerRow(page, 'web-1').waitFor();
    expect(await runnerRow(page, 'web-1').locator('[data-status]').innerText()).toBe('offline');
    await expectAccessible(page);
    await shoot(page, 'runner-token-desktop.png');
    // The token is the runner's: the runner protocol accepts it.
    expect((await s.call('POST', '/runner/heartbeat', { token })).status).toBe(200);
    expect((await runners()).find((r) => r.name === 'web-1')).toMatchObject({ labels: ['gpu', 'eu'], state: 'online' });
    await page.click('#token-done');
    await expect.poll(() => page.locator('#new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    await page.reload();
    await runnerRow(page, 'web-1').waitFor();
    expect(await page.content()).not.toContain(token);
    await page.fill('#r-name', 'web-1');
    await page.click('#add-runner');
    expect(await page.locator('#runner-form-error').innerText()).toBe('a runner named "web-1" exists already');
    expect(await page.locator('#new-token').count()).toBe(0);
  });

  it('revokes a runner only after confirmation, and its state reads revoked at once', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/runners');
    await runnerRow(page, 'db-1').locator('button.revoke').click();
    await page.locator('dialog#confirm').waitFor();
    expect(await page.locator('#confirm-text').innerText()).toBe('Revoke runner “db-1”? Its token is refused at once; work it is running is interrupted and retried on another runner.');
    await expectAccessible(page);
    await page.click('#confirm-no');
    await expect.poll(() => page.locator('dialog#confirm').count()).toBe(0);
    expect((await runners()).find((r) => r.name === 'db-1')!.state).not.toBe('revoked');
    await runnerRow(page, 'db-1').locator('button.revoke').click();
    await page.click('#confirm-yes');
    await page.getByText('Runner “db-1” revoked.').waitFor();
    expect(await runnerRow(page, 'db-1').locator('[data-status]').innerText()).toBe('revoked');
    expect(await runnerRow(page, 'db-1').locator('button.revoke').count()).toBe(0);
    expect((await runners()).find((r) => r.name === 'db-1')!.state).toBe('revoked');
  });

  it('shows runners to a read-only token without the add form or revoke buttons', async () => {
    const page = await signedIn(DESKTOP, 'en', READER);
    await page.goto(s.url + '/runners');
    await runnerRow(page, 'db-2').waitFor();
    expect(await page.locator('#runner-form').count()).toBe(0);
    expect(await page.locator('button.revoke').count()).toBe(0);
    expect(await page.locator('#runners-admin-only').innerText()).toBe('Adding and revoking runners needs an admin token.');
  });

  it('creates a command task that runs on a runner, with jitter and chains, from the form, and shows them on the task page', async () => {
    const inChat = { platform: 'web', chatId: 'status-page' };
    const notify = (await s.call('POST', '/api/tasks', { body: { name: 'Tell the team', every: '1d', content: 'backup done', chat: inChat } })).json.id as number;
    const pager = (await s.call('POST', '/api/tasks', { body: { name: 'Page on-call', every: '1d', content: 'backup failed', chat: inChat } })).json.id as number;
    const page = await signedIn();
    await page.goto(s.url + '/tasks/new');
    await page.locator('#task-form').waitFor();
    await page.fill('#t-expr', 'every day at 2:00');
    await page.fill('#t-name', 'Nightly backup');
    await page.selectOption('#t-mode', 'command');
    await expect.poll(async () => (await page.locator('#runner-labels option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).join(' ')).toBe('db-2 db-hosts eu gpu web-1');
    await page.fill('#t-runOn', 'db-hosts');
    expect(await page.locator('#t-command').count()).toBe(0);
    expect(await page.locator('#runner-action-help').innerText()).toBe('A runner runs only actions named in its own configuration, never a command line.');
    await page.fill('#t-action', 'backup');
    await page.fill('#t-jitter', '30');
    await page.fill('#t-thenTask', String(notify));
    await page.fill('#t-onFailureTask', String(pager));
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'form-runner-desktop.png');
    await page.click('#save');
    await page.getByText(/Task #\d+ created\./).waitFor();
    const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
    expect(await task(id)).toMatchObject({ mode: 'command', action: { name: 'backup' }, runOn: 'db-hosts', jitterMs: 30_000, then: notify, onFailure: pager });
    expect(await page.locator('#run-on').innerText()).toBe('db-hosts (runner label)');
    expect(await page.locator('#jitter').innerText()).toBe('up to 30 s');
    expect(await page.locator('#then').innerText()).toBe(`#${notify} Tell the team`);
    expect(await page.locator('#on-failure').innerText()).toBe(`#${pager} Page on-call`);
    await expectAccessible(page);
    await shoot(page, 'task-runner-desktop.png');
    await page.click('#then a');
    await page.locator('#started-by').waitFor();
    expect(await page.locator('#started-by').innerText()).toBe(`#${id} Nightly backup (when it succeeds)`);
    expect(await page.locator('#run-on').count()).toBe(0);

    // Edit: the form opens with these values; a loop is refused in the API's words; clearing a field clears it.
    await page.goto(s.url + `/tasks/${id}/edit`);
    await page.locator('#task-form').waitFor();
    expect([await page.inputValue('#t-runOn'), await page.inputValue('#t-action'), await page.inputValue('#t-jitter'), await page.inputValue('#t-thenTask'), await page.inputValue('#t-onFailureTask')]).toEqual(['db-hosts', 'backup', '30', String(notify), String(pager)]);
    await page.fill('#t-thenTask', String(id));
    await page.click('#save');
    expect(await page.locator('#form-error').innerText()).toBe(`then: that would make a loop (#${id} → #${id})`);
    expect(await page.locator('#t-thenTask').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#t-thenTask', String(notify));
    await page.fill('#t-jitter', '1.5');
    await page.fill('#t-onFailureTask', '');
    await page.click('#save');
    await page.getByText('Task saved.').waitFor();
    expect(await task(id)).toMatchObject({ runOn: 'db-hosts', jitterMs: 1500, then: notify, onFailure: null });
    expect(await page.locator('#on-failure').count()).toBe(0);
  });

  it('shows a chained run in history with the run and task it came after', async () => {
    const inChat = { platform: 'web', chatId: 'status-page' };
    const after = (await s.call('POST', '/api/tasks', { body: { name: 'Archive', every: '1d', content: 'archived', chat: inChat } })).json.id as number;
    const first = (await s.call('POST', '/api/tasks', { body: { name: 'Export', every: '1d', content: 'exported', chat: inChat, then: after } })).json.id as number;
    const run = (await s.call('POST', `/api/tasks/${first}/run`)).json;
    await waitFor(async () => (await s.call('GET', `/api/tasks/${after}/runs`)).json.runs.find((r: { trigger: string; finishedAt: string | null }) => r.trigger === 'chain' && r.finishedAt), 10_000, 'the chained run');
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${after}`);
    await page.locator('#runs').waitFor();
    const row = page.locator('#runs tr.run').first();
    expect(await row.locator('td').nth(1).innerText()).toBe(`chained\nafter run ${run.id} of #${first}`);
    expect(await row.locator('td a').getAttribute('href')).toBe(`/tasks/${first}?lang=en`);
    expect(await page.locator('#run-counts').innerText()).toBe('1 in history (0 scheduled, 0 run now, 0 retries, 1 chained)');
    await expectAccessible(page);
    const zh = await signedIn(DESKTOP, 'zh');
    await zh.goto(s.url + `/tasks/${after}?lang=zh`);
    await zh.locator('#runs').waitFor();
    expect(await zh.locator('#runs tr.run td').nth(1).innerText()).toBe(`链式触发\n接在执行 ${run.id} 之后，来自 #${first}`);
    expect(await zh.locator('#started-by').innerText()).toBe(`#${first} Export (其成功时)`);
  });

  const ORDERS = 'select status, count(*) as n\nfrom orders\ngroup by status\norder by status';

  it('shows a SQL task page with its statement and connection, in English and Chinese, and runs it now', async () => {
    const made = await s.call('POST', '/api/tasks', { body: { name: 'Orders by status', cron: '0 18 * * *', mode: 'message+command', content: 'orders today', sql: ORDERS, connection: 'shop', chat: { platform: 'web', chatId: 'status-page' } } });
    expect(made.status, made.text).toBe(201);
    ids.sql = made.json.id;
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.sql}`);
    await page.locator('#sql').waitFor();
    expect(await page.locator('#sql-on').innerText()).toBe('SQL on shop');
    expect(await page.locator('#sql-statement').innerText()).toBe(ORDERS);
    expect(await page.locator('#run-on').innerText()).toBe('this server');
    await expectAccessible(page);
    await expectNoOverflow(page);
    await shoot(page, 'task-sql-desktop.png');
    await page.click('#run');
    await page.getByText('A run was queued.').waitFor();
    const row = page.locator('#runs tr.run').first();
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    await row.locator('.show-output').click();
    expect(await page.locator('#runs tr.out pre').innerText()).toContain('2 row(s)\nstatus  | n\n--------+--\npaid    | 2\nshipped | 1');
    const zh = await signedIn(PHONE, 'zh');
    await zh.goto(s.url + `/tasks/${ids.sql}?lang=zh`);
    await zh.locator('#sql').waitFor();
    expect(await zh.locator('#sql-on').innerText()).toBe('在连接 shop 上执行的 SQL');
    expect(await zh.locator('#sql-statement').innerText()).toBe(ORDERS);
    await expectAccessible(zh);
    await expectNoOverflow(zh);
    await shoot(zh, 'task-sql-phone-zh.png');
  });

  it('edits a SQL task: the form shows its statement and connection and no runner, saving unchanged keeps them, and it can become a command and a SQL task again', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.sql}/edit`);
    await page.locator('#task-form').waitFor();
    expect(await page.isChecked('#runs-sql')).toBe(true);
    expect(await page.inputValue('#t-sql')).toBe(ORDERS);
    expect(await page.inputValue('#t-connection')).toBe('shop');
    expect(await page.locator('#t-connection option').allInnerTexts()).toEqual(['—', 'shop']);
    expect([await page.locator('#t-runOn').count(), await page.locator('#t-command').count(), await page.locator('#t-action').count()]).toEqual([0, 0, 0]);
    await expectAccessible(page);
    await shoot(page, 'form-sql-desktop.png');
    const before = await task(ids.sql);
    await page.click('#save');
    await page.getByText('Task saved.').waitFor();
    const after = await task(ids.sql);
    expect(after).toMatchObject({ mode: 'message+command', action: { sql: ORDERS, connection: 'shop' }, runOn: null, content: 'orders today' });
    expect(after.version).toBe(before.version + 1);
    expect(await page.locator('#sql-statement').innerText()).toBe(ORDERS);

    // To a command line: the statement goes, the command stays.
    await page.goto(s.url + `/tasks/${ids.sql}/edit`);
    await page.locator('#task-form').waitFor();
    await page.check('#runs-command');
    expect(await page.locator('#t-sql').count()).toBe(0);
    await page.fill('#t-command', 'echo\nfrom the console');
    await page.click('#save');
    await page.getByText('Task saved.').waitFor();
    expect(await task(ids.sql)).toMatchObject({ mode: 'message+command', action: { argv: ['echo', 'from the console'] }, runOn: null });
    expect(await page.locator('#sql').count()).toBe(0);
    expect(await page.locator('#task dd', { hasText: 'message + command' }).innerText()).toBe('message + command · echo from the console');

    // And back to SQL: the form starts from an empty statement, and the API's refusal is shown in its words.
    await page.goto(s.url + `/tasks/${ids.sql}/edit`);
    await page.locator('#task-form').waitFor();
    await page.check('#runs-sql');
    expect(await page.inputValue('#t-sql')).toBe('');
    await page.fill('#t-sql', 'select count(*) as n from orders');
    await page.click('#save');
    expect(await page.locator('#form-error').innerText()).toBe('a SQL task needs both a statement and a connection');
    expect(await page.locator('#t-connection').getAttribute('aria-invalid')).toBe('true');
    await page.selectOption('#t-connection', 'shop');
    await page.click('#save');
    await page.getByText('Task saved.').waitFor();
    expect(await task(ids.sql)).toMatchObject({ action: { sql: 'select count(*) as n from orders', connection: 'shop' }, runOn: null });
    expect(await page.locator('#sql-on').innerText()).toBe('SQL on shop');
  });

  it('creates a SQL task from the form, offering no runner for it', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/tasks/new');
    await page.locator('#task-form').waitFor();
    expect(await page.locator('#runs-sql').count()).toBe(0);
    await page.fill('#t-expr', 'every day at 18:00');
    await page.fill('#t-name', 'Paid orders');
    await page.selectOption('#t-mode', 'command');
    await page.fill('#t-runOn', 'db-hosts');
    await page.check('#runs-sql');
    expect(await page.locator('#t-runOn').count()).toBe(0);
    await page.fill('#t-sql', "select count(*) as paid from orders where status = 'paid'");
    await page.selectOption('#t-connection', 'shop');
    await expectAccessible(page);
    await expectNoOverflow(page);
    await page.click('#save');
    await page.getByText(/Task #\d+ created\./).waitFor();
    const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
    expect(await task(id)).toMatchObject({ name: 'Paid orders', mode: 'command', action: { sql: "select count(*) as paid from orders where status = 'paid'", connection: 'shop' }, runOn: null, schedule: { kind: 'cron', text: 'every day at 18:00' } });
    expect(await page.locator('#sql-on').innerText()).toBe('SQL on shop');
    expect(await page.locator('#sql-statement').innerText()).toBe("select count(*) as paid from orders where status = 'paid'");
  });

  for (const [viewport, tag] of [[PHONE, 'phone'], [DESKTOP, 'desktop']] as const) {
    for (const lang of ['en', 'zh'] as const) {
      it(`fits a ${tag} (${viewport.width} px) in ${lang} with long names, URLs and output: list, task page and form`, async () => {
        const page = await signedIn(viewport, lang);
        await page.goto(s.url + `/?mode=command&lang=${lang}`);
        await page.locator(`tr[data-id="${ids.long}"]`).waitFor();
        await expectNoOverflow(page);
        if (tag === 'phone') await shoot(page, `list-${tag}-${lang}.png`);
        await page.goto(s.url + `/tasks/${ids.long}?lang=${lang}`);
        await page.locator('#runs .show-output').first().click();
        await page.locator('#runs tr.out pre').waitFor();
        await expectNoOverflow(page);
        if (tag === 'phone') {
          await expectAccessible(page);
          await shoot(page, `task-${tag}-${lang}.png`);
        }
        await page.goto(s.url + `/tasks/${ids.long}/edit?lang=${lang}`);
        await page.locator('#task-form').waitFor();
        await expectNoOverflow(page);
        if (tag === 'phone') {
          await expectAccessible(page);
          await shoot(page, `form-${tag}-${lang}.png`);
        }
      });
    }
  }
});
