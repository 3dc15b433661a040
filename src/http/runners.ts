import type Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import type { AppContext } from '../app/index.ts';
import { UserError } from '../domain/index.ts';
import { addRunner, listRunners, revokeRunner, RunnerRefusal, type RunnerHub, type RunnerIdentity } from '../runners/index.ts';
import { readJson } from './body.ts';
import { HttpError } from './errors.ts';

/** What the runner protocol needs. */
export interface RunnerRoutesDeps {
  hub: RunnerHub;
}

const pollBody = z.object({
  labels: z.array(z.string().max(100)).max(50).optional(),
  waitMs: z.number().int().min(0).max(60_000).default(20_000),
  version: z.string().max(40).optional(),
  host: z.string().max(200).optional(),
  name: z.string().max(100).optional(),
});
const heartbeatBody = z.object({ runs: z.array(z.number().int().positive()).max(1000).default([]) });
const outputBody = z.object({ text: z.string().max(256 * 1024) });
const resultBody = z.object({
  status: z.enum(['succeeded', 'failed', 'timed_out']),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().int().min(0),
  output: z.string().max(1024 * 1024).nullable(),
  error: z.string().max(4000).nullable(),
});
const addBody = z.object({ name: z.string().min(1).max(100), labels: z.array(z.string().max(100)).max(50).default([]) }).strict();

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const field = i.path.join('.') || 'body';
  throw new UserError('bad_input', { en: `${field}: ${i.message}`, zh: `${field}：${i.message}` }, field);
}

/** Runs a runner request: the runner's own token first (never the API tokens), refusals as their status. */
function asRunner(hub: RunnerHub, fn: (ctx: Koa.Context, runner: RunnerIdentity) => Promise<void>): Koa.Middleware {
  return async (ctx: Koa.Context) => {
    try {
      const runner = await hub.authenticate(ctx.get('authorization') || undefined);
      await fn(ctx, runner);
    } catch (err) {
      if (err instanceof RunnerRefusal) {
        if (err.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
        throw new HttpError(err.status, err.message);
      }
      throw err;
    }
  };
}

function runIdOf(ctx: Koa.Context): number {
  const id = String(ctx.params.id);
  if (!/^[1-9][0-9]*$/.test(id) || !Number.isSafeInteger(Number(id))) throw new HttpError(400, 'bad run id', 'id');
  return Number(id);
}

/** The runner protocol, `/runner/*`, authenticated by each runner's own token (never the API tokens). */
export function mountRunnerRoutes(router: Router, deps: RunnerRoutesDeps): void {
  const { hub } = deps;
  router.post(
    '/runner/poll',
    asRunner(hub, async (ctx, runner) => {
      const body = parse(pollBody, await readJson(ctx));
      if (body.name && body.name !== runner.name) throw new RunnerRefusal(403, `this token belongs to runner ${runner.name}, not ${body.name}`);
      const labels = hub.narrow(runner, body.labels);
      const abort = new AbortController();
      // The response's close, not the request's: a request 'closes' as soon as its body is read.
      ctx.res.once('close', () => abort.abort());
      const job = await hub.poll(runner, labels, body.waitMs, { version: body.version, host: body.host }, abort.signal);
      ctx.body = { job, heartbeatMs: hub.heartbeatMs };
    }),
  );
  router.post(
    '/runner/heartbeat',
    asRunner(hub, async (ctx, runner) => {
      const body = parse(heartbeatBody, await readJson(ctx));
      // `stop`: the runs it named that are no longer its own (past their timeout, taken back): it kills them.
      ctx.body = { ok: true, heartbeatMs: hub.heartbeatMs, stop: await hub.heartbeat(runner, body.runs) };
    }),
  );
  router.post(
    '/runner/runs/:id/output',
    asRunner(hub, async (ctx, runner) => {
      const body = parse(outputBody, await readJson(ctx, 512 * 1024));
      const id = runIdOf(ctx);
      await hub.output(runner, id, body.text);
      // `stop`: someone asked to stop this run; the runner kills it and reports (recorded stopped).
      ctx.body = { ok: true, stop: await hub.stopAsked(id) };
    }),
  );
  router.post(
    '/runner/runs/:id/result',
    asRunner(hub, async (ctx, runner) => {
      const body = parse(resultBody, await readJson(ctx, 2 * 1024 * 1024));
      await hub.complete(runner, runIdOf(ctx), body);
      ctx.body = { ok: true };
    }),
  );

}

/** The operators' runner admin under `/api/runners`, behind the API token like the rest of /api. */
export function mountRunnerAdmin(router: Router, app: AppContext): void {
  const lapseMs = app.runnerLapseMs ?? 30_000;
  router.get('/api/runners', async (ctx) => {
    ctx.body = { runners: await listRunners(app.database, app.now(), lapseMs) };
  });
  router.post('/api/runners', async (ctx) => {
    if (ctx.state.role !== 'admin') throw new HttpError(403, 'only an admin token may add runners');
    const body = parse(addBody, await readJson(ctx));
    ctx.status = 201;
    ctx.body = await addRunner(app.database, body.name, body.labels, app.now());
  });
  router.post('/api/runners/:name/revoke', async (ctx) => {
    if (ctx.state.role !== 'admin') throw new HttpError(403, 'only an admin token may revoke runners');
    await revokeRunner(app.database, String(ctx.params.name), app.now());
    ctx.body = { ok: true };
  });
}
