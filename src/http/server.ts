import Koa from 'koa';
import Router from '@koa/router';
import type { ChatAdapter, WebhookRequest } from '../chat/index.ts';
import type { HttpDeps } from './deps.ts';

const MAX_WEBHOOK_BODY = 1024 * 1024; // bytes

async function readRaw(req: Koa.Request['req'], limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Mounts each adapter's webhook routes; the request is wrapped once here and nowhere else. */
export function mountAdapterRoutes(router: Router, adapters: ChatAdapter[]): void {
  for (const adapter of adapters) {
    for (const route of adapter.routes) {
      const handler = async (ctx: Koa.Context) => {
        const raw = ctx.method === 'POST' ? await readRaw(ctx.req, MAX_WEBHOOK_BODY) : '';
        if (raw === null) {
          ctx.status = 413;
          ctx.body = 'request body too large';
          return;
        }
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

/** The Koa application: health, the API and page (see routes), and the platforms' webhooks. */
export function createHttpApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: false });
  const router = new Router();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      deps.log.error({ err, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal error' };
    }
  });
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/readyz', async (ctx) => {
    const ready = await deps.ready();
    ctx.status = ready.ok ? 200 : 503;
    ctx.body = ready;
  });
  mountAdapterRoutes(router, deps.adapters);
  for (const extra of deps.extraRoutes ?? []) extra(router);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
