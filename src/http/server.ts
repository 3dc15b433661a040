import Koa from 'koa';
import Router from '@koa/router';
import type { ChatAdapter, WebhookRequest } from '../chat/index.ts';
import { mountApi } from './api.ts';
import { requireToken } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { errorMiddleware } from './errors.ts';
import { MAX_WEBHOOK_BODY, readBody } from './body.ts';
import { mountPage } from './page.ts';
import { mountRunnerAdmin, mountRunnerRoutes } from './runners.ts';

/** Mounts each adapter's webhook routes; the request is wrapped once here and nowhere else. */
export function mountAdapterRoutes(router: Router, adapters: ChatAdapter[]): void {
  for (const adapter of adapters) {
    for (const route of adapter.routes) {
      const handler = async (ctx: Koa.Context) => {
        const raw = ctx.method === 'POST' ? await readBody(ctx, Math.min(route.maxBodyBytes ?? MAX_WEBHOOK_BODY, MAX_WEBHOOK_BODY)) : '';
        const req: WebhookRequest = {
          method: ctx.method,
          path: ctx.path,
          query: Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : (v ?? '')])),
          headers: Object.fromEntries(Object.entries(ctx.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v])),
          rawBody: raw,
        };
        const res = await route.handle(req);
        ctx.status = res.status;
        if (res.contentType) ctx.type = res.contentType;
        ctx.body = res.body ?? '';
      };
      if (route.method === 'GET') router.get(route.path, handler);
      else router.post(route.path, handler);
    }
  }
}

/** The router: health, metrics, the API and status page (when the use cases are given), and the platforms' webhooks. */
export function createRouter(deps: HttpDeps): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await deps.ready();
    ctx.status = ready.ok ? 200 : 503;
    ctx.body = ready;
  });
  if (deps.metrics) {
    const metrics = deps.metrics;
    router.get('/metrics', async (ctx) => {
      const m = await metrics.render();
      ctx.type = m.contentType;
      ctx.body = m.body;
    });
  }
  if (deps.app) {
    mountApi(router, { ...deps, app: deps.app });
    mountPage(router);
    mountRunnerAdmin(router, deps.app);
  }
  if (deps.runners) mountRunnerRoutes(router, deps.runners);
  mountAdapterRoutes(router, deps.adapters);
  for (const extra of deps.extraRoutes ?? []) extra(router);
  return router;
}

/** The Koa application: one error middleware, the bearer-token check on /api, then the router. */
export function createHttpApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: false });
  const router = createRouter(deps);
  app.use(errorMiddleware(deps.log));
  // Before the router, so that unknown /api paths answer 401 too and reveal nothing.
  const auth = requireToken(deps.tokens ?? []);
  app.use((ctx, next) => (ctx.path === '/api' || ctx.path.startsWith('/api/') ? auth(ctx, next) : next()));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use((ctx) => {
    if (ctx.status === 404 && ctx.body == null && ctx.path.startsWith('/api/')) {
      ctx.body = { error: 'no such route' };
      ctx.status = 404; // setting a body makes Koa answer 200: the status goes after it
    }
  });
  return app;
}
