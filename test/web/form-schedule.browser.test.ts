import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { buildWeb } from '../../web/build.ts';
import { wallToIso } from '../../web/src/wall.ts';
import { startTestService } from '../http/service.ts';
import { DESKTOP, PHONE, expectAccessible, haveChromium, launch, pages } from './browser.ts';

const CHAT_ZONE = 'Asia/Shanghai';
const KINDS = [
  { kind: 'cron', expr: '0 10 * * *' },
  { kind: 'every', expr: '2h' },
  { kind: 'once', expr: '2030-12-20T10:00' },
  { kind: 'text', expr: 'every day at 10:00' },
] as const;
// '' is the zone field left empty: the task takes its chat's zone.
const ZONES = [
  { typed: '', used: CHAT_ZONE },
  { typed: 'America/New_York', used: 'America/New_York' },
];

interface Preview {
  tz: string;
  next: string[];
}

describe.skipIf(!haveChromium)('the task form: preview equals saved, errors in view (headless Chromium)', { timeout: 150_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  let open: ReturnType<typeof pages>['open'];
  let closePages: () => Promise<void>;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    // The service's default zone is UTC; the console's chat has its own: the form must use the chat's.
    s = await startTestService({ config: { tz: 'UTC' } });
    await app.setChatTimezone(s.svc.app, 'web', 'status-page', CHAT_ZONE);
    browser = await launch();
    ({ open, close: closePages } = pages(browser, errors));
  });
  afterAll(async () => {
    await closePages?.();
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  /** Fills the schedule; resolves with the last preview the page asked for once it is shown. */
  async function fillSchedule(page: Page, kind: string, expr: string, typedZone: string): Promise<() => Preview> {
    const seen: Preview[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/preview') && r.ok()) seen.push((await r.json()) as Preview);
    });
    await page.click(`#kind-${kind}`);
    await page.fill('#t-expr', expr);
    if (typedZone) await page.fill('#t-tz', typedZone);
    await page.locator('#preview-next li').first().waitFor();
    return () => seen[seen.length - 1];
  }

  for (const { kind, expr } of KINDS) {
    for (const zone of ZONES) {
      it(`saves what the preview shows: ${kind} "${expr}" in ${zone.typed ? 'a typed zone' : 'the chat’s zone'} (${zone.used})`, async () => {
        const page = await open();
        await page.goto(s.url + '/tasks/new');
        await page.locator('#t-expr').waitFor();
        // The zone field says which zone an empty field means: the chat's, not the service's UTC.
        expect(await page.locator('#t-tz').getAttribute('placeholder')).toBe(CHAT_ZONE);
        const last = await fillSchedule(page, kind, expr, zone.typed);
        await expect.poll(() => last()?.tz).toBe(zone.used);
        const preview = last();
        const previewedAt = Date.now();
        await page.fill('#t-name', `form ${kind} ${zone.used}`);
        await page.click('#save');
        await page.waitForURL(/\/tasks\/\d+/);
        const id = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
        const task = (await s.call('GET', `/api/tasks/${id}`)).json;
        const sum = (await s.call('GET', `/api/tasks/${id}/summary`)).json;
        expect(task.schedule.tz).toBe(zone.used);
        const saved = (sum.upcoming as string[]).map(Date.parse);
        const shown = preview.next.map(Date.parse);
        expect(saved.length).toBe(Math.min(shown.length, 5));
        // An interval is anchored when the task is made: the save comes a moment after the preview.
        const slack = kind === 'every' ? Date.now() - previewedAt + 1000 : 0;
        saved.forEach((ms, i) => expect(Math.abs(ms - shown[i]), `fire time ${i + 1}`).toBeLessThanOrEqual(slack));
        if (kind === 'once') {
          // The wall time typed is that time in the task's zone, in the preview and in the saved task.
          const meant = Date.parse(wallToIso(expr, zone.used));
          expect(shown[0]).toBe(meant);
          expect(Date.parse(task.schedule.expr)).toBe(meant);
        }
        if (kind !== 'every') expect(await page.locator('#upcoming li').first().innerText()).toContain('10:00:00');
      });
    }
  }

  it('moves focus and the view to the error after a failed submit, and says a past date in the task’s zone', async () => {
    const page = await open(PHONE);
    await page.goto(s.url + '/tasks/new');
    await page.click('#kind-cron');
    await page.fill('#t-expr', 'not a cron line');
    await page.fill('#t-name', 'broken');
    await page.locator('#save').scrollIntoViewIfNeeded();
    await page.click('#save');
    const err = page.locator('#form-error');
    await err.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('form-error');
    expect(await err.getAttribute('role')).toBe('alert');
    const box = await page.evaluate(() => {
      const r = document.getElementById('form-error')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, h: window.innerHeight };
    });
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.h);
    await expectAccessible(page);

    await page.click('#kind-once');
    await page.fill('#t-expr', '2020-01-05T10:00');
    await page.locator('#save').scrollIntoViewIfNeeded();
    await page.click('#save');
    await expect.poll(() => err.innerText()).toMatch(/in the past/);
    const text = await err.innerText();
    expect(text).toContain('10:00');
    expect(text).toContain(`(${CHAT_ZONE})`);
    expect(text).not.toContain('2020-01-05T10:00');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('form-error');
  });

  it('says a past date in Chinese in the Chinese console', async () => {
    const page = await open(DESKTOP, 'zh');
    await page.goto(s.url + '/tasks/new?lang=zh');
    await page.click('#kind-once');
    await page.fill('#t-expr', '2020-01-05T10:00');
    await page.fill('#t-name', '过去');
    await page.click('#save');
    const err = page.locator('#form-error');
    await expect.poll(() => err.innerText().catch(() => '')).toMatch(/已经过去/);
    const text = await err.innerText();
    expect(text).toContain('10:00');
    expect(text).toContain(`(${CHAT_ZONE})`);
    expect(text.replace(`(${CHAT_ZONE})`, "")).not.toMatch(/[a-z]{4,}/i);
  });

  it('refuses a name past 200 characters with the limit, instead of cutting it silently', async () => {
    const page = await open(DESKTOP);
    await page.goto(s.url + '/tasks/new');
    await page.click('#kind-cron');
    await page.fill('#t-expr', '0 9 * * *');
    await page.fill('#t-name', 'n'.repeat(5000));
    expect((await page.inputValue('#t-name')).length).toBe(5000);
    await page.click('#save');
    const err = page.locator('#form-error');
    await expect.poll(() => err.innerText().catch(() => '')).toMatch(/200/);
    const tasks = (await s.call('GET', '/api/tasks')).json.tasks as { name: string }[];
    expect(tasks.some((t) => t.name.startsWith('nnnn'))).toBe(false);
  });
});
