import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN } from '../http/service.ts';

/** Chromium for the console's browser tests (CHROMIUM_PATH overrides). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`CI is set but Chromium is missing at ${CHROMIUM} (apt-get install -y chromium)`);
/** Where the screenshots go (git-ignored). */
export const SHOTS = path.resolve('test-output/screenshots');
const AXE = path.resolve('node_modules/axe-core/axe.min.js');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A headless Chromium with a fresh temporary profile. */
export function launch(): Promise<Browser> {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens pages whose tab already holds the token; page errors are collected in `errors`. */
export function pages(browser: Browser, errors: string[]) {
  const contexts: BrowserContext[] = [];
  return {
    async open(viewport = DESKTOP, lang: 'en' | 'zh' = 'en', token = ADMIN): Promise<Page> {
      // CSP is bypassed only so that axe-core can be injected; the page's own code needs no exception.
      const context = await browser.newContext({ viewport, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', deviceScaleFactor: 1, bypassCSP: true });
      contexts.push(context);
      await context.addInitScript((tk) => sessionStorage.setItem('chatcron.token', tk), token);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => errors.push(String(e)));
      return page;
    },
    async close(): Promise<void> {
      for (const c of contexts) await c.close().catch(() => {});
    },
  };
}

/** A full-page screenshot as a tall screen would show it. */
export async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, height), 6000) });
  await page.screenshot({ path: path.join(SHOTS, name) });
  await page.setViewportSize(size);
}

/** No sideways scrolling. */
export async function expectNoOverflow(page: Page): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, 'document.scrollWidth').toBeLessThanOrEqual(inner);
}

/** axe-core's serious and critical findings on the page as it is now: none. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(found).toEqual([]);
}
