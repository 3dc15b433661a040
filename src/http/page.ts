import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Lang } from '../domain/index.ts';
import { langOf } from './errors.ts';
import { PAGE_JS } from './page-script.ts';
import { PAGE_CSS } from './page-style.ts';
import { PAGE_TEXT } from './page-text.ts';

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Why a shell plus the API, not server-rendered data behind a cookie: the HTML carries no data
 * at all, so it can be served to anyone; every byte of data comes from /api with the bearer
 * token, which the page asks for once and keeps in sessionStorage (this tab only). There is no
 * cookie, so no CSRF to defend against, and one auth path for the page, curl and scripts. The
 * inline script and style run under a per-response nonce (CSP), and the script inserts data
 * only as text nodes, so a task named `<script>` stays text.
 */
function shell(lang: Lang, nonce: string): string {
  const t = PAGE_TEXT[lang];
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  // JSON inside <script>: "<" escaped so that no string can close the element.
  const i18n = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(t.title)}</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
</head>
<body>
<header>
<h1><a href="/?lang=${lang}">${escapeHtml(t.title)}</a></h1>
<nav><a id="lang-switch" href="?lang=${other}">${other === 'zh' ? '中文' : 'English'}</a><button id="change-token" type="button">${escapeHtml(t.tokenChange)}</button></nav>
</header>
<main><div id="note"></div><div id="view"><p class="muted">${escapeHtml(t.loading)}</p></div></main>
<div id="chat"><div class="inner"><div id="replies" aria-live="polite"></div>
<form id="chat-form" class="row"><input id="chat-text" type="text" autocomplete="off" aria-label="${escapeHtml(t.chatBox)}" placeholder="${escapeHtml(t.chatPlaceholder)}"><button class="primary" type="submit">${escapeHtml(t.send)}</button></form>
</div></div>
<script id="i18n" type="application/json">${i18n}</script>
<script nonce="${nonce}">${PAGE_JS}</script>
</body>
</html>`;
}

function servePage(ctx: Koa.Context): void {
  const nonce = randomBytes(16).toString('base64');
  const lang = langOf(ctx);
  ctx.set(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  );
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Vary', 'Accept-Language');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = shell(lang, nonce);
}

/** The status page: the task list at / and one task at /tasks/:id (the same shell; the script picks the view). */
export function mountPage(router: Router): void {
  router.get('/', servePage);
  router.get('/tasks/:id', servePage);
}
