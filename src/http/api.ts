import type Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import * as app from '../app/index.ts';
import { OPERATOR } from '../app/index.ts';
import { UserError, type Lang, type Task } from '../domain/index.ts';
import { describeSchedule } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import { readJson } from './body.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError, langOf, parseId } from './errors.ts';
import { chatOf, mountConsoleApi, tellDeleted } from './console-api.ts';
import { openApiDocument } from './openapi.ts';
import { VERSION } from './version.ts';

/** A task as the API shows it: the app's JSON plus a plain description of its schedule in both languages. */
function present(t: Task) {
  const describe = (lang: Lang) => {
    try {
      return describeSchedule(t.schedule, t.window, lang);
    } catch {
      return t.schedule.text;
    }
  };
  return { ...app.taskJson(t), description: { en: describe('en'), zh: describe('zh') } };
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** Validates a query string (or any plain object) against a schema, naming the field at fault in both languages. */
const parse = app.validate;

const paging = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) };
const listQuery = z.object({
  chat: z.string().regex(/^[^:]+:.+$/, 'platform:chatId, e.g. telegram:-100123').optional(),
  platform: z.string().max(32).optional(),
  status: z.enum(['active', 'paused', 'finished']).optional(),
  mode: z.enum(['message', 'command', 'message+command']).optional(),
  owner: z.string().max(200).optional(),
  text: z.string().max(200).optional(),
  ...paging,
});
const pageQuery = z.object(paging);
const versionSchema = z.coerce.number().int().min(0);
// As long as a Telegram message: what works in a group works in the console.
const chatBody = z.object({ text: z.string().trim().min(1).max(4000), lang: z.enum(['en', 'zh']).optional(), replyTo: z.number().int().min(1).optional() });

function idOf(ctx: Koa.Context, what: 'task' | 'run' = 'task'): number {
  return parseId(ctx.params.id, what);
}

/** A task runs a named action or an argv, never both: refused rather than one silently dropped. */
function oneActionOnly(body: Record<string, unknown>): void {
  if (body.action == null || body.command == null) return;
  throw new UserError('bad_input', { en: 'give either "action" (a named action) or "command" (an argv), not both', zh: '“action”（命名动作）与“command”（命令参数）不能同时给出，只能选一个' }, 'command');
}

/** The version the client read: If-Match ("3", W/"3") or `version` in the body. */
function expectedVersion(ctx: Koa.Context, body: Record<string, unknown>): number | undefined {
  const header = ctx.get('if-match');
  if (header) {
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (!m) throw new UserError('bad_input', { en: 'If-Match: expected the task version, e.g. "3"', zh: 'If-Match：应为任务版本号，例如 "3"' }, 'If-Match');
    return Number(m[1]);
  }
  if (body.version === undefined) return undefined;
  return parse(z.object({ version: versionSchema }), { version: body.version }).version;
}

/**
 * Mounts the REST API under /api (the bearer-token check runs before the router, in server.ts).
 * Every route is described in openapi.ts; a test compares the two. Errors are thrown and mapped
 * by the one error middleware.
 */
export function mountApi(router: Router, deps: HttpDeps & { app: app.AppContext }): void {
  const ctxApp = deps.app;
  const api = `/api`;

  mountConsoleApi(router, deps, parse);

  router.get(`${api}/openapi.json`, (ctx) => {
    ctx.body = openApiDocument(VERSION);
  });

  router.get(`${api}/scheduler`, async (ctx) => {
    const s = deps.scheduler;
    const counts = await store.countTasksByStatus(ctxApp.database.db);
    ctx.body = {
      version: VERSION,
      instanceId: s?.instanceId ?? null,
      uptimeMs: s?.uptimeMs ?? null,
      ready: s?.ready ?? null,
      running: s?.running ?? null,
      nextWakeAt: iso(s?.nextWakeAt),
      database: { dialect: ctxApp.database.dialect },
      tasks: { active: counts.active ?? 0, paused: counts.paused ?? 0, finished: counts.finished ?? 0 },
      adapters: deps.adapters.map((a) => ({ platform: a.platform, ...a.health() })),
    };
  });

  router.get(`${api}/tasks`, async (ctx) => {
    const q = parse(listQuery, ctx.query);
    const { tasks, total } = await app.findTasksPage(ctxApp, OPERATOR, { ...q, chat: chatOf(q.chat) });
    // The latest run of each listed task, for the status page's "last result" column.
    const last = await Promise.all(tasks.map((t) => store.listRuns(ctxApp.database.db, t.id, 1, 0)));
    ctx.body = {
      tasks: tasks.map((t, i) => {
        const r = last[i][0];
        return { ...present(t), lastRun: r ? { id: r.id, status: r.status, scheduledFor: iso(r.scheduledFor), finishedAt: iso(r.finishedAt) } : null };
      }),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  });

  router.post(`${api}/tasks`, async (ctx) => {
    const raw = await readJson(ctx);
    oneActionOnly(raw);
    const input = app.parseTaskInput(raw);
    const task = await app.createTask(ctxApp, app.operatorActor(ctxApp, langOf(ctx)), input);
    ctx.status = 201;
    ctx.set('Location', `${api}/tasks/${task.id}`);
    ctx.set('ETag', `"${task.version}"`);
    ctx.body = present(task);
  });

  router.get(`${api}/tasks/:id`, async (ctx) => {
    const task = await app.getTask(ctxApp, OPERATOR, idOf(ctx));
    ctx.set('ETag', `"${task.version}"`);
    ctx.body = present(task);
  });

  router.patch(`${api}/tasks/:id`, async (ctx) => {
    const id = idOf(ctx);
    const body = await readJson(ctx);
    oneActionOnly(body);
    const expect = expectedVersion(ctx, body);
    const { version: _v, ...rest } = body;
    const input = app.parseTaskInput(rest, true);
    const task = await app.editTask(ctxApp, app.operatorActor(ctxApp, langOf(ctx)), id, input, expect);
    ctx.set('ETag', `"${task.version}"`);
    ctx.body = present(task);
  });

  router.delete(`${api}/tasks/:id`, async (ctx) => {
    const task = await app.deleteTask(ctxApp, OPERATOR, idOf(ctx));
    // Nobody in the chat should find their task gone without a word.
    await tellDeleted(deps, task, (ctx.state.tokenName as string | null) ?? app.operatorName(ctxApp));
    ctx.body = { deleted: true, id: task.id };
  });

  for (const [verb, fn] of [
    ['pause', app.pauseTask],
    ['resume', app.resumeTask],
  ] as const) {
    router.post(`${api}/tasks/:id/${verb}`, async (ctx) => {
      const task = await fn(ctxApp, OPERATOR, idOf(ctx));
      ctx.set('ETag', `"${task.version}"`);
      ctx.body = present(task);
    });
  }

  router.post(`${api}/tasks/:id/run`, async (ctx) => {
    const run = await app.runTaskNow(ctxApp, OPERATOR, idOf(ctx));
    ctx.status = 202;
    ctx.body = app.runJson(run, false);
  });

  router.get(`${api}/tasks/:id/runs`, async (ctx) => {
    const q = parse(pageQuery, ctx.query);
    const h = await app.taskHistory(ctxApp, OPERATOR, idOf(ctx), q.limit, q.offset);
    // A chained run names its parent run; the parent's task is what a reader follows.
    const parents = await app.parentTasksOf(ctxApp, h.runs);
    const runs = h.runs.map((r) => ({ ...app.runJson(r, false), parentTaskId: r.parentRunId == null ? null : (parents.get(r.parentRunId) ?? null) }));
    ctx.body = { taskId: h.task.id, total: h.total, limit: q.limit, offset: q.offset, runs };
  });

  router.get(`${api}/runs/:id`, async (ctx) => {
    ctx.body = app.runJson(await app.getRun(ctxApp, OPERATOR, idOf(ctx, 'run')), true);
  });

  router.post(`${api}/chat`, async (ctx) => {
    if (!deps.chat) throw new HttpError(501, 'the chat box is not wired in this process (no command router was given to the HTTP layer)');
    const body = parse(chatBody, await readJson(ctx));
    const replies = await deps.chat(body.text, body.lang ?? langOf(ctx), { replyTo: body.replyTo, who: (ctx.state.tokenName as string | null) ?? undefined });
    ctx.body = { replies: replies.map((r) => ({ text: r.text })) };
  });
}
