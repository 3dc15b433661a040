import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { startTestService, waitFor } from '../http/service.ts';
import { DESKTOP, PHONE, expectAccessible, expectNoOverflow, haveChromium, launch, pages, shoot } from './browser.ts';

const CHATTY = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];

describe.skipIf(!haveChromium)('run control in the console (headless Chromium)', { timeout: 120_000 }, () => {
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
  const finishRun = async (task: number) => {
    const r = (await s.call('POST', `/api/tasks/${task}/run`)).json;
    await waitFor(async () => (await s.call('GET', `/api/runs/${r.id}`)).json.finishedAt, 10_000, 'a run to finish');
    return r.id as number;
  };

  beforeAll(async () => {
    await buildWeb();
    s = await startTestService({ config: { minInterval: '1s', tz: 'Asia/Shanghai' } });
    ids.chatty = await make({ name: 'Tail the deploy log', every: '1d', command: CHATTY, timeoutMs: 300_000, chat: { platform: 'web', chatId: 'status-page' } });
    ids.flaky = await make({ name: 'Flaky check', every: '1h', command: ['node', '-e', 'setTimeout(() => process.exit(Number(process.env.CHATCRON_RUN_ID) % 3 === 0 ? 1 : 0), Number(process.env.CHATCRON_RUN_ID) * 15)'] });
    ids.quiet = await make({ name: 'Water the plants', every: '1d', content: 'water the plants', chat: { platform: 'web', chatId: 'status-page' } });
    for (let i = 0; i < 6; i++) await finishRun(ids.flaky);
    browser = await launch();
    ({ open, close: closePages } = pages(browser, errors));
  });

  afterAll(async () => {
    await closePages?.();
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  it('offers Run now and a pause/resume toggle in each row of the task list, beside the last result', async () => {
    const page = await open();
    await page.goto(s.url + '/');
    const row = page.locator(`tr[data-id="${ids.flaky}"]`);
    await row.waitFor();
    expect(await row.locator('.last-result .badge').count()).toBe(1);
    const toggle = row.locator('button.toggle');
    expect(await toggle.innerText()).toBe('Pause');
    await toggle.click();
    await page.getByText('Task paused.').waitFor();
    await expect.poll(() => toggle.innerText()).toBe('Resume');
    expect(await row.locator('.badge[data-status="paused"]').count()).toBe(1);
    expect((await s.call('GET', `/api/tasks/${ids.flaky}`)).json.status).toBe('paused');
    await toggle.click();
    await expect.poll(() => toggle.innerText()).toBe('Pause');
    expect((await s.call('GET', `/api/tasks/${ids.flaky}`)).json.status).toBe('active');
    const before = (await s.call('GET', `/api/tasks/${ids.quiet}/runs`)).json.total;
    await page.locator(`tr[data-id="${ids.quiet}"] button.run-now`).click();
    await page.getByText('A run was queued.').waitFor();
    await waitFor(async () => (await s.call('GET', `/api/tasks/${ids.quiet}/runs`)).json.total === before + 1, 10_000, 'the run');
    await expect.poll(() => page.locator(`tr[data-id="${ids.quiet}"] .last-result .badge`).getAttribute('data-status')).toBe('succeeded');
    await expectAccessible(page);
  });

  it('shows a running command’s log live on its task page and stops it from there: history reads stopped, by whom', async () => {
    const page = await open();
    await page.goto(s.url + `/tasks/${ids.chatty}`);
    await page.locator('#run').click();
    await page.locator('#live').waitFor();
    await expect.poll(() => page.locator('#live-output').innerText(), { timeout: 10_000 }).toMatch(/tick 3\b/);
    // It grows while the page stays open: no reload.
    await expect.poll(() => page.locator('#live-output').innerText(), { timeout: 10_000 }).toMatch(/tick 10\b/);
    await expectAccessible(page);
    await expectNoOverflow(page);
    await page.locator('#stop-run').click();
    await page.getByText(/Run \d+ is being stopped by /).waitFor();
    await page.locator('#live').waitFor({ state: 'detached', timeout: 10_000 });
    const first = page.locator('#runs tr.run').first();
    await expect.poll(() => first.locator('.badge').getAttribute('data-status')).toBe('stopped');
    expect(await first.locator('.badge').innerText()).toBe('stopped');
    expect(await first.innerText()).toMatch(/stopped by \S/);
  });

  it('charts success rate and duration over the latest runs on the task page', async () => {
    const runs = (await s.call('GET', `/api/tasks/${ids.flaky}/runs?limit=50`)).json.runs as { status: string }[];
    const done = runs.filter((r) => r.status === 'succeeded' || r.status === 'failed');
    const ok = done.filter((r) => r.status === 'succeeded').length;
    const page = await open();
    await page.goto(s.url + `/tasks/${ids.flaky}`);
    await page.locator('#run-chart').waitFor();
    expect(await page.locator('#run-chart rect.bar').count()).toBe(done.length);
    expect(await page.locator('#run-chart rect.bar[data-status="failed"]').count()).toBe(done.length - ok);
    expect(await page.locator('#success-rate').innerText()).toBe(`${Math.round((ok / done.length) * 100)}%`);
    expect(await page.locator('#run-chart svg').getAttribute('aria-label')).toContain(`The last ${done.length} runs`);
    await expectAccessible(page);
  });

  it('takes screenshots of the task list, a task page with a live log and the chart, and the chat box, in English and Chinese at both sizes', async () => {
    // Two finished runs give the chatty task a chart; a third one runs while the shots are taken.
    for (let i = 0; i < 2; i++) {
      const r = (await s.call('POST', `/api/tasks/${ids.chatty}/run`)).json;
      await waitFor(async () => /tick 2\b/.test((await s.call('GET', `/api/runs/${r.id}/output`)).json.output ?? ''), 10_000, 'output');
      await s.call('POST', `/api/runs/${r.id}/stop`);
      await waitFor(async () => (await s.call('GET', `/api/runs/${r.id}`)).json.status === 'stopped', 10_000, 'the stop');
    }
    await finishRun(ids.quiet);
    const live = (await s.call('POST', `/api/tasks/${ids.chatty}/run`)).json;
    try {
      for (const lang of ['en', 'zh'] as const) {
        for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
          const page = await open(viewport, lang);
          await page.goto(s.url + `/?lang=${lang}`);
          await page.locator(`tr[data-id="${ids.chatty}"]`).waitFor();
          await page.fill('#chat-text', lang === 'zh' ? '/列表' : '/list');
          await page.press('#chat-text', 'Enter');
          await page.locator('#transcript .line.reply').first().waitFor();
          await expectNoOverflow(page);
          await expectAccessible(page);
          await shoot(page, `run-control-list-${lang}-${size}.png`);
          await page.locator('#chat').screenshot({ path: `test-output/screenshots/run-control-chat-${lang}-${size}.png` });
          await page.goto(s.url + `/tasks/${ids.chatty}?lang=${lang}`);
          await expect.poll(() => page.locator('#live-output').innerText(), { timeout: 10_000 }).toMatch(/tick \d+/);
          await page.locator('#run-chart').waitFor();
          if (lang === 'zh') expect(await page.locator('#stop-run').innerText()).toBe('停止执行');
          await expectNoOverflow(page);
          await expectAccessible(page);
          await shoot(page, `run-control-task-${lang}-${size}.png`);
        }
      }
    } finally {
      await s.call('POST', `/api/runs/${live.id}/stop`);
    }
  });
});
