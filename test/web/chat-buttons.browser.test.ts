import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { startTestService, waitFor } from '../http/service.ts';
import { DESKTOP, expectAccessible, haveChromium, launch, pages, shoot } from './browser.ts';

const CONSOLE_CHAT = { platform: 'web', chatId: 'status-page' };

describe.skipIf(!haveChromium)('the console chat box draws the Done / Snooze buttons of a reminder (headless Chromium)', { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  let open: ReturnType<typeof pages>['open'];
  let closePages: () => Promise<void>;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildWeb();
    s = await startTestService({ config: { minInterval: '1s', tz: 'Asia/Shanghai' } });
    browser = await launch();
    ({ open, close: closePages } = pages(browser, errors));
  });
  afterAll(async () => {
    await closePages?.();
    await browser?.close();
    await s?.close();
    expect(errors).toEqual([]);
  });

  it('closes the occurrence on a click on Done (history names the clicker), updates the line in place, and a second tab\'s click is answered "already closed"', async () => {
    const made = await s.call('POST', '/api/tasks', { body: { name: 'File the expenses', at: new Date(Date.now() + 1000).toISOString(), content: 'file the expenses', chat: CONSOLE_CHAT, chase: { every: '2s' } } });
    expect(made.status, made.text).toBe(201);
    const id = made.json.id as number;
    // The first reminder, as the transcript API gives it: with its buttons.
    const reminder = await waitFor(async () => {
      const lines = (await s.call('GET', '/api/chat/messages')).json.messages as { id: number; kind: string; text: string; buttons: { label: string }[][] }[];
      return lines.find((l) => l.kind === 'reminder' && l.text.startsWith(`⏰ #${id} reminder 1`));
    }, 15_000, 'the first reminder');
    expect(reminder.buttons.flat().map((b) => b.label)).toEqual(['✅ Done', 'Snooze 15 min', 'Snooze 1 h', 'Tomorrow 09:00', 'Snooze 2 s']);

    const a = await open(DESKTOP);
    const b = await open(DESKTOP);
    for (const p of [a, b]) await p.goto(s.url + '/');
    const lineIn = (p: typeof a) => p.locator(`#transcript .line[data-line="${reminder.id}"]`);
    for (const p of [a, b]) await lineIn(p).getByRole('button', { name: '✅ Done' }).waitFor();
    await expectAccessible(a);
    await shoot(a, 'chat-box-buttons.png');

    await lineIn(a).getByRole('button', { name: '✅ Done' }).click();
    await a.locator('#chat-toast', { hasText: `Done: #${id} is closed` }).waitFor();
    // In place: the status line, and no buttons left on that line.
    await lineIn(a).locator('.status', { hasText: /^✅ Closed by console at / }).waitFor();
    expect(await lineIn(a).locator('button.tap').count()).toBe(0);
    const chases = (await s.call('GET', `/api/tasks/${id}/chases`)).json.chases as { open: boolean; closedBy: string; closeReason: string }[];
    expect(chases).toHaveLength(1);
    expect(chases[0]).toMatchObject({ open: false, closedBy: 'console', closeReason: 'done' });
    // The task page's history says who closed it.
    await a.goto(s.url + `/tasks/${id}`);
    await a.locator('#chases li', { hasText: 'console' }).waitFor();

    // The second tab still shows the button: its click changes nothing and says who closed it.
    await lineIn(b).getByRole('button', { name: '✅ Done' }).click();
    await b.locator('#chat-toast', { hasText: /^Already closed by console at / }).waitFor();
    await lineIn(b).locator('.status', { hasText: /^✅ Closed by console at / }).waitFor();
    expect(await lineIn(b).locator('button.tap').count()).toBe(0);
    const after = (await s.call('GET', `/api/tasks/${id}/chases`)).json.chases as { closedBy: string }[];
    expect(after.map((c) => c.closedBy)).toEqual(['console']);
    await expectAccessible(b);
  });

  it('refuses data that is not on the line, and a read-only token, without a change', async () => {
    const lines = (await s.call('GET', '/api/chat/messages')).json.messages as { id: number; kind: string; buttons: { data: string }[][] }[];
    const result = lines.find((l) => l.kind === 'result' && l.buttons.length > 0)!;
    const reminder = lines.find((l) => l.kind === 'reminder')!;
    const data = result.buttons.flat()[0].data;
    // The result's button, sent for another line: not taken for that line.
    const wrong = await s.call('POST', '/api/chat/tap', { body: { line: reminder.id, data } });
    expect(wrong.status).toBe(200);
    expect(wrong.json.toast).toBe('This button is not valid here');
    const { READER } = await import('../http/service.ts');
    expect((await s.call('POST', '/api/chat/tap', { body: { line: result.id, data }, token: READER })).status).toBe(403);
    expect((await s.call('POST', '/api/chat/tap', { body: { line: 999_999, data } })).status).toBe(404);
    const still = ((await s.call('GET', '/api/chat/messages')).json.messages as { id: number; buttons: unknown[] }[]).find((l) => l.id === result.id)!;
    expect(still.buttons.length).toBeGreaterThan(0);
  });
});
