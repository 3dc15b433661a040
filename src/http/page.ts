import type Router from '@koa/router';
import type Koa from 'koa';
import type { Lang } from '../domain/index.ts';
import { mountAssets } from './assets.ts';
import { langOf } from './errors.ts';

const TITLE: Record<Lang, string> = { en: 'chatcron console', zh: 'chatcron 控制台' };

/**
 * Why a shell plus the API, not server-rendered data behind a cookie: the HTML carries no data
 * at all, so it can be served to anyone; every byte of data comes from /api with the bearer
 * token, which the page asks for once and keeps in sessionStorage (this tab only). There is no
 * cookie, so no CSRF to defend against, and one auth path for the page, curl and scripts. The
 * script and stylesheet are files from this origin (web/src, bundled by `npm run build:web`):
 * the CSP allows nothing inline, and the script puts data in the page only as text.
 */
function shell(lang: Lang): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${TITLE[lang]}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<div id="app"><p>${lang === 'zh' ? '加载中…' : 'Loading…'}</p></div>
<noscript>${lang === 'zh' ? '控制台需要 JavaScript。' : 'The console needs JavaScript.'}</noscript>
</body>
</html>`;
}

function servePage(ctx: Koa.Context): void {
  const lang = langOf(ctx);
  ctx.set(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Vary', 'Accept-Language');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = shell(lang);
}

/** The console: the task list at /, a task at /tasks/:id, the forms at /tasks/new and /tasks/:id/edit, runners at /runners (one shell; the script picks the view). */
export function mountPage(router: Router): void {
  router.get('/', servePage);
  router.get('/tasks/new', servePage);
  router.get('/tasks/:id', servePage);
  router.get('/tasks/:id/edit', servePage);
  router.get('/runners', servePage);
  mountAssets(router);
}
