import type Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import * as app from '../app/index.ts';
import type { Actor } from '../app/index.ts';
import { NotFoundError, type Task } from '../domain/index.ts';
import { enqueueChat, taskLang } from '../outbox/index.ts';
import * as store from '../store/index.ts';
import { chatLineJson, WEB_CHAT, WEB_LIMITS } from './chat.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError, parseId } from './errors.ts';
import { readJson } from './body.ts';

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const ids = z.coerce.number().int().min(0);

const previewQuery = z.object({
  text: z.string().max(1000).optional(),
  cron: z.string().max(200).optional(),
  every: z.string().max(40).optional(),
  at: z.string().max(60).optional(),
  tz: z.string().max(64).optional(),
  chat: z.string().regex(/^[^:]+:.+$/).optional(),
  startAt: z.string().max(60).optional(),
  endAt: z.string().max(60).optional(),
  maxRuns: z.coerce.number().int().min(1).optional(),
  count: z.coerce.number().int().min(1).max(20).default(5),
});
/** How many of a task's latest finished runs the summary's figures and chart cover. */
const STATS_RUNS = 30;

/** Success rate and durations over a task's latest finished runs, oldest first (the task page's chart). */
function runStats(recent: store.FinishedRunPoint[]) {
  const counted = recent.filter((r) => r.status !== 'skipped');
  const ok = counted.filter((r) => r.status === 'succeeded').length;
  const durations = counted.map((r) => r.durationMs).filter((d): d is number => d != null);
  return {
    window: recent.length,
    succeeded: ok,
    finished: counted.length,
    successRate: counted.length ? ok / counted.length : null,
    avgDurationMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
    points: recent.map((r) => ({ id: r.id, at: iso(r.at), status: r.status, durationMs: r.durationMs })),
  };
}

const tapBody = z.object({ line: z.number().int().min(1), data: z.string().max(64) }).strict();
const linesQuery = z.object({ after: ids.optional(), limit: z.coerce.number().int().min(1).max(500).default(200) });
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(20), offset: z.coerce.number().int().min(0).default(0) });

/** "platform:chatId" as the API writes a chat. */
export function chatOf(s: string | undefined): { platform: string; chatId: string } | undefined {
  if (!s) return undefined;
  const i = s.indexOf(':');
  return { platform: s.slice(0, i), chatId: s.slice(i + 1) };
}

/** The operator acting through the console: named by their token when it has a name. */
function consoleActor(ctx: Koa.Context, ctxApp: app.AppContext): Actor {
  // One name for the operator everywhere (a named token shows its own name).
  return app.operatorActor(ctxApp, ctx.query.lang === 'zh' ? 'zh' : 'en', ctx.state.tokenName as string | null);
}

/** Tells a deleted task's chat, through the outbox like every other message. */
export async function tellDeleted(deps: { app: app.AppContext }, task: Task, by: string): Promise<void> {
  if (!task.chat) return;
  const db = deps.app.database;
  const lang = await taskLang(db.db, task);
  const text =
    lang === 'zh'
      ? `🗑 任务 #${task.id}「${task.name}」已${by === app.DEFAULT_OPERATOR_NAME ? '' : `被 ${by} `}在控制台删除，不会再执行。`
      : `🗑 Task #${task.id} “${task.name}” was deleted from the console${by === app.DEFAULT_OPERATOR_NAME ? '' : ` by ${by}`}; it will not run again.`;
  const now = deps.app.now();
  await db.write((tx) => enqueueChat(tx, task.chat!, { text, lang }, `deleted:${task.id}:${now}`, now, task.chat!.platform === WEB_CHAT.platform ? WEB_LIMITS : undefined));
  deps.app.notify();
}

/**
 * Tells a task's chat that the console closed its open occurrence: the people being chased
 * would otherwise go on thinking it is theirs to do (the reminders just stop).
 */
export async function tellClosed(deps: { app: app.AppContext }, task: Task, chaseId: number, by: string): Promise<void> {
  if (!task.chat) return;
  const db = deps.app.database;
  const lang = await taskLang(db.db, task);
  const text =
    lang === 'zh'
      ? `✅ 任务 #${task.id}「${task.name}」已${by === app.DEFAULT_OPERATOR_NAME ? '' : `由 ${by} `}在控制台结单，不再提醒。`
      : `✅ Task #${task.id} “${task.name}” was closed from the console${by === app.DEFAULT_OPERATOR_NAME ? '' : ` by ${by}`}; no more reminders.`;
  const now = deps.app.now();
  await db.write((tx) => enqueueChat(tx, task.chat!, { text, lang }, `closed:${chaseId}`, now, task.chat!.platform === WEB_CHAT.platform ? WEB_LIMITS : undefined));
  deps.app.notify();
}

/**
 * Routes only the web console needs: a schedule preview while typing, the filters' choices,
 * counts, chains and next fire times of one task, paged chases with "mark done", and the chat
 * box's transcript. Documented in openapi.ts with the rest.
 */
export function mountConsoleApi(router: Router, deps: HttpDeps & { app: app.AppContext }, validate: typeof app.validate): void {
  const ctxApp = deps.app;

  router.get('/api/preview', async (ctx) => {
    const q = validate(previewQuery, ctx.query);
    const { count, chat, ...input } = q;
    ctx.body = await app.previewSchedule(ctxApp, { ...input, chat: chatOf(chat) }, count);
  });

  router.get('/api/console', async (ctx) => {
    const facets = await app.consoleFacets(ctxApp, app.OPERATOR);
    // Each chat's zone, so that the form says which zone an empty zone field means (the one the
    // preview and the saved task then use), the console's own chat included.
    const chatRefs = [WEB_CHAT, ...facets.chats.filter((c) => !(c.platform === WEB_CHAT.platform && c.chatId === WEB_CHAT.chatId))];
    const zones = Object.fromEntries(await Promise.all(chatRefs.map(async (c) => [`${c.platform}:${c.chatId}`, (await app.chatTimezone(ctxApp, c.platform, c.chatId)).tz] as const)));
    ctx.body = {
      zones,
      role: ctx.state.role,
      defaultTz: ctxApp.defaultTz,
      actions: ctxApp.actionNames,
      // Names only: a connection's URL may carry its password, which never reaches the browser.
      connections: ctxApp.sqlConnections ?? [],
      platforms: [...new Set([...facets.chats.map((c) => c.platform), WEB_CHAT.platform])].sort(),
      chats: facets.chats,
      owners: facets.owners,
      maxMessage: WEB_LIMITS.maxLength,
    };
  });

  router.get('/api/tasks/:id/summary', async (ctx) => {
    const id = parseId(ctx.params.id);
    const task = await app.getTask(ctxApp, app.OPERATOR, id);
    const [runs, open, chain, recent] = await Promise.all([
      app.runCounts(ctxApp, app.OPERATOR, id),
      store.findOpenChase(ctxApp.database.db, id),
      app.chainOf(ctxApp, task),
      store.recentFinishedRuns(ctxApp.database.db, id, STATS_RUNS),
    ]);
    ctx.body = {
      taskId: id,
      runs,
      // A paused task fires nothing: listing fire times would say it does.
      upcoming: task.status === 'paused' ? [] : app.upcomingOf(task, ctxApp.now(), 5),
      stats: runStats(recent),
      openChase: open ? { id: open.id, scheduledFor: iso(open.scheduledFor), count: open.count, nextChaseAt: iso(open.nextChaseAt) } : null,
      chain,
      // What the controls may offer: a finished task has nothing to resume.
      can: { pause: task.status === 'active', resume: task.status === 'paused', run: true, done: open != null },
    };
  });

  router.post('/api/runs/:id/stop', async (ctx) => {
    const actor = consoleActor(ctx, ctxApp);
    const r = await app.stopRun(ctxApp, actor, parseId(ctx.params.id));
    ctx.status = 202;
    // `note`: what happens on a remote runner (told to kill it, or gone), in the asker's language.
    ctx.body = { ...app.runJson(r.run, false), state: r.state, stoppedBy: r.by, note: r.note ? r.note[actor.lang] : null };
  });

  // The live log: a running run's output so far (flushed by the replica running it every ~500 ms),
  // then its recorded output. The task page polls it; any replica can answer it.
  router.get('/api/runs/:id/output', async (ctx) => {
    const run = await app.getRun(ctxApp, app.OPERATOR, parseId(ctx.params.id));
    const o = await store.readRunOutput(ctxApp.database.db, run.id);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { id: run.id, status: o?.status ?? run.status, running: o?.status === 'running', output: o?.output ?? null, stopRequestedBy: o?.stopRequestedBy ?? null };
  });

  router.post('/api/tasks/:id/done', async (ctx) => {
    const r = await app.closeChase(ctxApp, consoleActor(ctx, ctxApp), parseId(ctx.params.id));
    await tellClosed(deps, r.task, r.chase.id, r.closedBy);
    ctx.body = { taskId: r.task.id, chaseId: r.chase.id, closedBy: r.closedBy, closedAt: iso(r.chase.closedAt), openForMs: r.openForMs };
  });

  router.get('/api/chat/messages', async (ctx) => {
    const q = validate(linesQuery, ctx.query);
    // Without `after`, the latest lines: a page opened later shows the conversation so far.
    const after = q.after ?? (await store.lastChatLineId(ctxApp.database.db, WEB_CHAT.platform, WEB_CHAT.chatId, q.limit));
    const lines = await store.chatLinesAfter(ctxApp.database.db, WEB_CHAT.platform, WEB_CHAT.chatId, after, q.limit);
    ctx.body = { chat: `${WEB_CHAT.platform}:${WEB_CHAT.chatId}`, messages: lines.map(chatLineJson) };
  });

  // A click on a button of the chat box: applied as a tap, the line comes back as it now reads.
  router.post('/api/chat/tap', async (ctx) => {
    if (!deps.chatTap) throw new HttpError(501, 'the chat box is not wired in this process');
    const body = validate(tapBody, await readJson(ctx));
    const r = await deps.chatTap(body.line, body.data, (ctx.state.tokenName as string | null) ?? undefined);
    if (!r) throw new NotFoundError('chat line', body.line);
    ctx.body = r;
  });

  router.get('/api/tasks/:id/chases', async (ctx) => {
    const q = validate(pageQuery, ctx.query);
    const id = parseId(ctx.params.id);
    const page = await app.chasesPage(ctxApp, app.OPERATOR, id, q.limit, q.offset);
    ctx.body = {
      taskId: id,
      total: page.total,
      limit: q.limit,
      offset: q.offset,
      chases: page.chases.map((c) => ({
        id: c.id,
        runId: c.runId,
        scheduledFor: iso(c.scheduledFor),
        openedAt: iso(c.openedAt),
        nextChaseAt: iso(c.nextChaseAt),
        count: c.count,
        open: c.closedAt == null,
        closedAt: iso(c.closedAt),
        closedBy: c.closedBy,
        closeReason: c.closeReason,
      })),
    };
  });
}
