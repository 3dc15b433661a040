import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestService, waitFor } from './service.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-output/screenshots');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`CI is set but Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`);
  console.warn(`\n*** Chromium not found at ${CHROMIUM}: status page browser tests are SKIPPED (apt-get install -y chromium) ***\n`);
}

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * A full-page screenshot as a tall screen would show it: the viewport grows to the document,
 * so the sticky chat box sits at the end instead of over the middle of the page.
 */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize(size);
}

describe.skipIf(!haveChromium)('status page in headless Chromium', () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const ids: Record<string, number> = {};

  /** A page whose tab already holds the token (as after the one-time prompt). */
  async function signedIn(viewport = DESKTOP, locale = 'en-GB'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
    contexts.push(context);
    await context.addInitScript((token) => sessionStorage.setItem('chatcron.token', token), ADMIN);
    return context.newPage();
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // The chat box goes through the real command router, as main.ts wires it (chat web:status-page).
    s = await startTestService({ config: { minInterval: '1s' } });
    const make = async (body: object) => (await s.call('POST', '/api/tasks', { body })).json;
    ids.standup = (await make({ name: 'Standup notes', cron: '30 9 * * 1-5', tz: 'Asia/Shanghai', content: 'post the standup notes', chat: { platform: 'telegram', chatId: '-1001234' }, owner: { id: 'u1', name: 'Alice' } })).id;
    ids.report = (await make({ name: '日报', text: '每天早上9点 提醒大家提交日报', chat: { platform: 'wecom', chatId: 'wr-team' } })).id;
    ids.evil = (await make({ name: '<img src=x onerror="window.__xss=1">', every: '6h', content: '<b>not bold</b>' })).id;
    ids.paused = (await make({ name: 'Backup check', every: '1d', content: 'check the backup' })).id;
    await s.call('POST', `/api/tasks/${ids.paused}/pause`);
    for (let i = 0; i < 3; i++) {
      const run = (await s.call('POST', `/api/tasks/${ids.standup}/run`)).json;
      await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.finishedAt, 10_000, 'a manual run to finish');
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
  });

  it('asks for the token once, keeps it for the tab, and then lists the tasks', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(s.url + '/');
    await page.locator('#token-form').waitFor();
    expect(await page.locator('table.tasks').count()).toBe(0);
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('#token-form button');
    await page.getByText('That token was refused.').waitFor();
    await page.fill('#token', ADMIN);
    await page.click('#token-form button');
    await page.locator(`tr[data-id="${ids.standup}"]`).waitFor();
    await page.goto(s.url + `/tasks/${ids.standup}`);
    await page.locator('#task').waitFor();
    expect(await page.locator('#token-form').count()).toBe(0);
  });

  it('lists tasks with chat, schedule description, status, next run and a coloured last result', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/');
    const row = page.locator(`tr[data-id="${ids.standup}"]`);
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('telegram:-1001234');
    const text = await row.innerText();
    expect(text).toContain('Standup notes');
    expect(text).toContain('30 9 * * 1-5');
    expect(await row.locator('[data-status="active"]').count()).toBe(1);
    const last = row.locator('[data-status="succeeded"]');
    expect(await last.count()).toBe(1);
    expect(await last.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(220, 250, 230)'); // --okbg
    expect(await page.locator(`tr[data-id="${ids.paused}"] [data-status="paused"]`).count()).toBe(1);
    expect(await page.locator('table.tasks tbody tr').count()).toBe(4);
    await shoot(page, 'list-desktop.png');
  });

  it('shows task names and contents as text, never as markup', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.evil}`);
    await page.locator('#task').waitFor();
    expect(await page.locator('#task').innerText()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await page.locator('#task').innerText()).toContain('<b>not bold</b>');
    expect(await page.locator('#task img, #task b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('shows a task\'s history with its runs, their output on a click, and its chases', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.standup}`);
    await page.locator('#runs').waitFor();
    expect(await page.locator('#runs tr.run').count()).toBe(3);
    expect(await page.locator('#runs tr.run [data-status="succeeded"]').count()).toBe(3);
    expect(await page.locator('main').innerText()).toContain('History (3)');
    await page.locator('#runs tr.run').first().click();
    await page.locator('#runs tr.out pre').waitFor();
    expect(await page.locator('main').innerText()).toContain('Alice');
    expect(await page.locator('main').innerText()).toContain('No chases.');
    await shoot(page, 'task-desktop.png');
  });

  it('pauses a task with the pause button and offers to resume it', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.report}`);
    await page.locator('#pause').click();
    await page.locator('#resume').waitFor();
    expect(await page.locator('#task [data-status="paused"]').count()).toBe(1);
    expect((await s.call('GET', `/api/tasks/${ids.report}`)).json.status).toBe('paused');
    await page.locator('#resume').click();
    await page.locator('#pause').waitFor();
    expect((await s.call('GET', `/api/tasks/${ids.report}`)).json.status).toBe('active');
  });

  it('runs a task now from its page and the new run appears in the history', async () => {
    const page = await signedIn();
    await page.goto(s.url + `/tasks/${ids.report}`);
    await page.locator('#run').click();
    await page.getByText('Queued a run.').waitFor();
    await page.locator('#runs tr.run').first().waitFor();
    expect((await s.call('GET', `/api/tasks/${ids.report}/runs`)).json.total).toBe(1);
  });

  it('creates a task from "every 2 seconds hello" in the chat box and the list shows it', async () => {
    const page = await signedIn();
    await page.goto(s.url + '/');
    await page.locator('table.tasks').waitFor();
    const before = await page.locator('table.tasks tbody tr').count();
    await page.fill('#chat-text', 'every 2 seconds hello');
    await page.click('#chat-form button');
    await page.locator('#replies .reply').first().waitFor();
    await expect.poll(() => page.locator('table.tasks tbody tr').count(), { timeout: 5000 }).toBe(before + 1);
    const created = page.locator('table.tasks tbody tr').last();
    expect(await created.innerText()).toContain('web:status-page');
    expect(await created.innerText()).toContain('every 2 seconds hello');
    await shoot(page, 'chat-desktop.png');
    const tasks = (await s.call('GET', '/api/tasks?chat=web:status-page')).json.tasks;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ content: 'hello', schedule: { kind: 'every', expr: '2s' } });
  });

  it('speaks Chinese when the browser asks for it, and switches with ?lang=', async () => {
    const page = await signedIn(DESKTOP, 'zh-CN');
    await page.goto(s.url + '/');
    await page.locator('table.tasks').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh');
    expect(await page.locator('table.tasks thead').innerText()).toContain('下次执行');
    await page.click('#lang-switch');
    await page.locator('table.tasks').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('table.tasks thead').innerText()).toContain('NEXT RUN');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await signedIn(PHONE);
    await page.goto(s.url + '/');
    await page.locator(`tr[data-id="${ids.standup}"]`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'list-phone.png');
    await page.goto(s.url + `/tasks/${ids.standup}`);
    await page.locator('#runs').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'task-phone.png');
    const zh = await signedIn(PHONE, 'zh-CN');
    await zh.goto(s.url + '/');
    await zh.locator('table.tasks').waitFor();
    await shoot(zh, 'list-phone-zh.png');
  });
});
