import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { buildWeb } from '../../web/build.ts';
import { startTestService } from '../http/service.ts';
import { PHONE, expectAccessible, expectNoOverflow, haveChromium, launch, pages, shoot } from './browser.ts';

const CONSOLE_CHAT = { platform: 'web', chatId: 'status-page' };

describe.skipIf(!haveChromium)('the console on a phone, chases closed from it, the favicon (headless Chromium)', { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  let open: ReturnType<typeof pages>['open'];
  let closePages: () => Promise<void>;
  const errors: string[] = [];
  const ids: Record<string, number> = {};

  const make = async (body: object) => {
    const r = await s.call('POST', '/api/tasks', { body });
    if (r.status !== 201) throw new Error(r.text);
    return r.json.id as number;
  };
  const rect = (page: Page, sel: string) => page.locator(sel).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });

  beforeAll(async () => {
    await buildWeb();
    s = await startTestService({ config: { minInterval: '1s', tz: 'Asia/Shanghai' } });
    for (let i = 1; i <= 5; i++) await make({ name: `Phone task ${i}`, every: '1h', content: `task ${i}`, chat: CONSOLE_CHAT });
    ids.chased = await make({ name: 'Submit the weekly report', cron: '0 16 * * 5', content: 'submit the weekly report', chat: CONSOLE_CHAT, owner: { id: 'zhang', name: '张三' }, chase: { every: '30m' } });
    ids.paused = await make({ name: 'Paused check', every: '1d', content: 'check', chat: CONSOLE_CHAT });
    await s.call('POST', `/api/tasks/${ids.paused}/pause`);
    browser = await launch();
    ({ open, close: closePages } = pages(browser, errors));
  });
  afterAll(async () => {
    await closePages?.();
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  it('puts the chat box before the task cards on a phone, and the list follows the chat at once', async () => {
    const page = await open(PHONE);
    await page.goto(s.url + '/');
    await page.locator('tr[data-id]').first().waitFor();
    const chat = await rect(page, '#chat');
    const firstCard = await rect(page, 'tr[data-id]');
    expect(chat.top).toBeLessThan(firstCard.top);
    // The box to type in is on the first screen.
    expect((await rect(page, '#chat-text')).bottom).toBeLessThanOrEqual(PHONE.height);
    const total = (await s.call('GET', '/api/tasks')).json.total as number;
    for (const n of [1, 2]) {
      await page.fill('#chat-text', `every day at 18:0${n} water plant ${n}`);
      await page.press('#chat-text', 'Enter');
      await page.locator('#transcript .line.reply', { hasText: `water plant ${n}` }).waitFor();
      // Without waiting for the list's own 5 s poll: the chat's answer brings the list along.
      await expect.poll(() => page.locator('#tasks-title').innerText(), { timeout: 1500 }).toContain(`(${total + n})`);
    }
    expect(await page.locator('tr[data-id]').count()).toBe(total + 2);
    await expectNoOverflow(page);
    await expectAccessible(page);
    await shoot(page, 'phone-list-chat-first.png');
  });

  it('keeps Mark done apart from the chase line on a phone, and closing tells the chat who closed it from the console', async () => {
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: ids.chased, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 1_800_000 });
    const page = await open(PHONE);
    await page.goto(s.url + `/tasks/${ids.chased}`);
    await page.locator('#chases .mark-done').waitFor();
    const text = await rect(page, '#chases li .chase-text');
    const button = await rect(page, '#chases li .mark-done');
    const apart = button.top >= text.bottom + 4 || button.left >= text.right + 8;
    expect(apart, `chase text ${JSON.stringify(text)} vs button ${JSON.stringify(button)}`).toBe(true);
    await shoot(page, 'phone-chase-row.png');
    await page.locator('#chases .mark-done').click();
    await page.getByText(/Marked done by /).waitFor();
    const lines = (await s.call('GET', '/api/chat/messages')).json.messages as { kind: string; text: string }[];
    const told = lines.find((l) => /closed from the console/.test(l.text));
    expect(told, JSON.stringify(lines.map((l) => l.text))).toBeDefined();
    expect(told!.text).toContain(`#${ids.chased}`);
    expect(told!.kind).toBe('notice');
    // The console's own chat box shows it as it shows every message of its chat.
    await page.locator('#transcript .line', { hasText: 'from the console' }).waitFor();
  });

  it('tells a Chinese chat in Chinese that the console closed its chase', async () => {
    const zh = await make({ name: '提交周报', cron: '0 16 * * 5', content: '提交周报', chat: { platform: 'telegram', chatId: '-100777' }, chase: { every: '30m' } });
    await store.setChat(s.svc.database.db, 'telegram', '-100777', { lang: 'zh' }, Date.now());
    const now = Date.now();
    await store.openChase(s.svc.database.db, { taskId: zh, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 1_800_000 });
    expect((await s.call('POST', `/api/tasks/${zh}/done`)).status).toBe(200);
    const queued = await s.svc.database.db.selectFrom('outbox').select(['body', 'target']).where('target', '=', '-100777').execute();
    const texts = queued.map((q) => JSON.parse(q.body).text as string);
    expect(texts.some((t) => /已在控制台结单/.test(t) && t.includes(`#${zh}`)), JSON.stringify(texts)).toBe(true);
  });

  it('lists no next fire times on a paused task’s page', async () => {
    const page = await open(PHONE);
    await page.goto(s.url + `/tasks/${ids.paused}`);
    await page.locator('#controls').waitFor();
    expect(await page.locator('#resume').count()).toBe(1);
    expect(await page.locator('#upcoming').count()).toBe(0);
    expect(await page.locator('#upcoming-none').innerText()).toBe('Paused: it fires again once resumed.');
  });

  it('serves /favicon.ico', async () => {
    const res = await fetch(s.url + '/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
