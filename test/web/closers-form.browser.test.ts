import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { startTestService } from '../http/service.ts';
import { DESKTOP, expectAccessible, haveChromium, launch, pages } from './browser.ts';
import type { Browser } from 'playwright-core';

const CONSOLE_CHAT = { platform: 'web', chatId: 'status-page' };

describe.skipIf(!haveChromium)('closers in the console: the task form sets it, the task page shows it (headless Chromium)', { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  let open: ReturnType<typeof pages>['open'];
  let closePages: () => Promise<void>;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    s = await startTestService({ config: { tz: 'Asia/Shanghai' } });
    browser = await launch();
    ({ open, close: closePages } = pages(browser, errors));
  });
  afterAll(async () => {
    await closePages?.();
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  it('creates a task whose occurrences only admins may close, and shows it on the task page', async () => {
    const page = await open(DESKTOP);
    await page.goto(s.url + '/tasks/new');
    await page.locator('#t-expr').waitFor();
    expect(await page.locator('#t-closers').inputValue()).toBe('anyone');
    await page.fill('#t-expr', 'every day at 17:30');
    await page.fill('#t-name', 'Daily report');
    await page.fill('#t-content', 'submit the daily report');
    await page.selectOption('#t-closers', 'admins');
    await expectAccessible(page);
    await page.click('#save');
    await page.waitForURL(/\/tasks\/\d+/);
    const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
    expect((await s.call('GET', `/api/tasks/${id}`)).json.closers).toBe('admins');
    await expect.poll(() => page.locator('#closers').innerText()).toBe('Admins only');
  });

  it('changes it on an existing task through the edit form, in Chinese too', async () => {
    const made = await s.call('POST', '/api/tasks', { body: { name: 'Weekly report', cron: '0 16 * * 5', content: 'weekly report', chat: CONSOLE_CHAT, owner: { id: 'zhang', name: '张三' }, chase: { every: '30m' } } });
    expect(made.status, made.text).toBe(201);
    const id = made.json.id as number;
    const page = await open(DESKTOP, 'zh');
    await page.goto(s.url + `/tasks/${id}?lang=zh`);
    await expect.poll(() => page.locator('#closers').innerText()).toBe('群内任何人');
    await page.goto(s.url + `/tasks/${id}/edit?lang=zh`);
    await page.locator('#t-closers').waitFor();
    expect(await page.locator('label[for="t-closers"]').innerText()).toBe('谁可以结单');
    expect(await page.locator('#t-closers').inputValue()).toBe('anyone');
    await page.selectOption('#t-closers', 'owner');
    await page.click('#save');
    await page.waitForURL(new RegExp(`/tasks/${id}(\\?|$)`));
    await expect.poll(() => page.locator('#closers').innerText()).toBe('负责人（及管理员）');
    const task = (await s.call('GET', `/api/tasks/${id}`)).json;
    expect(task.closers).toBe('owner');
    // Nothing else moved with it.
    expect(task.owner).toEqual({ id: 'zhang', name: '张三' });
    expect(task.chase.everyMs).toBe(1_800_000);
    // The edit form opens on what was saved.
    await page.goto(s.url + `/tasks/${id}/edit?lang=zh`);
    await page.locator('#t-closers').waitFor();
    expect(await page.locator('#t-closers').inputValue()).toBe('owner');
    await expectAccessible(page);
  });
});
