import { DEFAULT_POLICIES, ForbiddenError, UserError, type Schedule, type Task, type Window } from '../domain/index.ts';
import { assertTimezone, nextInWindow, nextRuns, parseDuration, validateSchedule } from '../schedule/index.ts';
import type { NewTask } from '../store/index.ts';
import { nameOf, type Actor, type AppContext } from './context.ts';
import type { TaskInput } from './task-input.ts';
import { parseText } from './parse-text.ts';
import { checkTemplate } from './message-template.ts';
import { readInstant, wallText } from './instant.ts';

function instant(v: number | string | undefined, field: string, tz: string): number | null {
  return v === undefined ? null : readInstant(v, field, tz);
}

/** The schedule, window and leftover text an input describes. */
export function scheduleOf(input: TaskInput, ctx: AppContext, tz: string): { schedule: Schedule & { text: string }; window: Window; rest?: string } {
  const given = [input.cron, input.every, input.at, input.text].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new UserError('one_schedule', { en: 'give exactly one of cron, every, at or text', zh: '请只给出 cron、every、at、text 中的一个' }, 'schedule');
  }
  assertTimezone(tz);
  const now = ctx.now();
  let schedule: Schedule & { text: string };
  let window: Window = { startAt: instant(input.startAt, 'startAt', tz), endAt: instant(input.endAt, 'endAt', tz), maxRuns: input.maxRuns ?? null };
  let rest: string | undefined;
  if (input.cron !== undefined) {
    schedule = { kind: 'cron', expr: input.cron.trim(), tz, anchor: null, text: `cron ${input.cron.trim()}` };
  } else if (input.every !== undefined) {
    parseDuration(input.every);
    const first = window.startAt ?? now;
    schedule = { kind: 'every', expr: input.every, tz, anchor: first + (window.startAt != null ? 0 : parseDuration(input.every)), text: `every ${input.every}` };
  } else if (input.at !== undefined) {
    const at = instant(input.at, 'at', tz)!;
    if (at <= now) throw new UserError('in_the_past', { en: `at: ${wallText(at, tz, 'en')} is in the past`, zh: `时间：${wallText(at, tz, 'zh')}已经过去了` }, 'at');
    schedule = { kind: 'once', expr: new Date(at).toISOString(), tz, anchor: at, text: `at ${input.at}` };
  } else {
    const parsed = parseText(input.text!, now, tz);
    schedule = { ...parsed.schedule, text: input.text! };
    window = { startAt: window.startAt ?? parsed.window.startAt ?? null, endAt: window.endAt ?? parsed.window.endAt ?? null, maxRuns: window.maxRuns ?? parsed.window.maxRuns ?? null };
    rest = parsed.rest;
  }
  validateSchedule(schedule, window);
  return { schedule, window, rest };
}

/** Refuses schedules (and chases) from chat that fire more often than the operator allows. */
export function checkMinInterval(schedule: Schedule, window: Window, ctx: AppContext, actor: Actor): void {
  if (actor.kind !== 'chat' || ctx.minIntervalMs <= 0) return;
  let gap = Infinity;
  if (schedule.kind === 'every') gap = parseDuration(schedule.expr);
  else if (schedule.kind === 'cron') {
    const next = nextRuns(schedule, window, ctx.now(), 6);
    for (let i = 1; i < next.length; i++) gap = Math.min(gap, next[i] - next[i - 1]);
  }
  if (gap < ctx.minIntervalMs) {
    const min = `${Math.round(ctx.minIntervalMs / 1000)}s`;
    throw new UserError('too_frequent', { en: `tasks from chat may fire at most once every ${min}`, zh: `聊天中创建的任务最短间隔为 ${min}` }, 'schedule');
  }
}

/** Refuses chases from chat that repeat more often than the operator allows. */
export function checkChaseInterval(everyMs: number, ctx: AppContext, actor: Actor): void {
  if (actor.kind === 'chat' && everyMs < ctx.minIntervalMs) {
    throw new UserError('too_frequent', { en: `chases from chat may repeat at most once every ${Math.round(ctx.minIntervalMs / 1000)}s`, zh: `催单间隔最短为 ${Math.round(ctx.minIntervalMs / 1000)} 秒` }, 'chase');
  }
}

/** Checks who may create or change a command task, and that its action exists. */
export function checkCommand(input: Pick<TaskInput, 'mode' | 'action' | 'command' | 'runOn' | 'sql' | 'connection'>, ctx: AppContext, actor: Actor): void {
  const mode = input.mode ?? (input.action || input.command || input.sql ? 'command' : 'message');
  if (mode === 'message') return;
  if (input.sql !== undefined || input.connection !== undefined) return checkSql(input, ctx, actor);
  if (!input.action && !input.command) {
    throw new UserError('no_command', { en: 'a command task needs an action or a command', zh: '命令任务需要指定 action 或命令' }, 'action');
  }
  if (actor.kind === 'chat' && !actor.admin) {
    throw new ForbiddenError({ en: 'only admins may create or change command tasks', zh: '只有管理员可以创建或修改命令任务' });
  }
  if (input.command && actor.kind === 'chat') {
    throw new ForbiddenError({ en: 'from chat, only actions named in the configuration can run', zh: '在聊天中只能运行配置中命名的操作' });
  }
  if (input.runOn && input.command) {
    throw new UserError('runner_argv', { en: 'a task that runs on a runner names an action of the runner\'s own configuration, not a command line', zh: '在执行器上运行的任务只能指定执行器配置中的操作，不能是命令行' }, 'runOn');
  }
  // On a runner, the action is resolved in the runner's own configuration, not the server's.
  if (input.action && !input.runOn && !ctx.actionNames.includes(input.action)) {
    throw new UserError(
      'unknown_action',
      { en: `no action named "${input.action}"; configured: ${ctx.actionNames.join(', ') || 'none'}`, zh: `没有名为“${input.action}”的操作；已配置：${ctx.actionNames.join('、') || '无'}` },
      'action',
    );
  }
}

/** A SQL task needs a statement and a configured connection, runs on the server, and is for admins in chat. */
function checkSql(input: Pick<TaskInput, 'action' | 'command' | 'runOn' | 'sql' | 'connection'>, ctx: AppContext, actor: Actor): void {
  if (!input.sql || !input.connection) {
    throw new UserError('sql_needs_connection', { en: 'a SQL task needs both a statement and a connection', zh: 'SQL 任务需要语句和连接名' }, input.sql ? 'connection' : 'sql');
  }
  if (input.action || input.command || input.runOn) {
    throw new UserError('sql_and_command', { en: 'a SQL task runs one statement on the server: no action, command or runOn with it', zh: 'SQL 任务只在服务器上执行一条语句，不能同时指定 action、命令或 runOn' }, 'sql');
  }
  if (actor.kind === 'chat' && !actor.admin) throw new ForbiddenError({ en: 'only admins may create or change SQL tasks', zh: '只有管理员可以创建或修改 SQL 任务' });
  const names = ctx.sqlConnections ?? [];
  if (!names.includes(input.connection)) {
    throw new UserError('unknown_connection', { en: `no SQL connection named "${input.connection}"; configured: ${names.join(', ') || 'none'}`, zh: `没有名为“${input.connection}”的 SQL 连接；已配置：${names.join('、') || '无'}` }, 'connection');
  }
}

/** A complete new task from validated input. */
export function buildTask(input: TaskInput, ctx: AppContext, actor: Actor, tz: string): NewTask {
  const { schedule, window, rest } = scheduleOf(input, ctx, tz);
  checkMinInterval(schedule, window, ctx, actor);
  checkCommand(input, ctx, actor);
  const chase = input.chase ? { everyMs: parseDuration(input.chase.every, 'chase'), maxCount: input.chase.max ?? null, until: input.chase.until ?? null, closeOnNext: input.chase.closeOnNext ?? false } : null;
  if (chase) checkChaseInterval(chase.everyMs, ctx, actor);
  const content = input.content ?? rest ?? '';
  checkTemplate(content);
  const mode = input.mode ?? (input.action || input.command || input.sql ? 'command' : 'message');
  const nextRunAt = nextInWindow(schedule, window, ctx.now());
  if (nextRunAt == null) {
    throw new UserError('never_fires', { en: 'this schedule never fires inside its window', zh: '该计划在其时间范围内不会触发' }, 'schedule');
  }
  const p = DEFAULT_POLICIES;
  return {
    chat: actor.chat ?? input.chat ?? null,
    name: input.name ?? (content.slice(0, 60) || schedule.text.slice(0, 60)),
    content,
    // an explicit null (no owner) stays null; only a missing owner falls back to the author
    owner: input.owner !== undefined ? input.owner : actor.kind === 'chat' ? { id: actor.id, name: actor.name ?? actor.id } : null,
    mode,
    action: input.sql && input.connection ? { sql: input.sql, connection: input.connection } : input.action ? { name: input.action } : input.command ? { argv: input.command } : null,
    schedule,
    window,
    status: 'active',
    policies: {
      misfire: input.misfire ?? p.misfire,
      misfireGraceMs: input.misfireGraceMs ?? p.misfireGraceMs,
      overlap: input.overlap ?? p.overlap,
      overlapMax: input.overlapMax ?? p.overlapMax,
      retries: input.retries ?? p.retries,
      backoffMs: input.backoffMs ?? p.backoffMs,
      timeoutMs: input.timeoutMs ?? p.timeoutMs,
    },
    notifyUrls: input.notifyUrls ?? [],
    chase,
    nextRunAt,
    runOn: mode === 'message' ? null : (input.runOn ?? null),
    jitterMs: input.jitter ? parseDuration(input.jitter, 'jitter') : 0,
    thenTaskId: input.then ?? null,
    onFailureTaskId: input.onFailure ?? null,
    ...(input.closers ? { closers: input.closers } : {}),
    createdBy: actor.kind === 'chat' && !actor.operator ? `${actor.chat?.platform}:${actor.id}` : nameOf(ctx, actor),
  } satisfies Omit<Task, 'id' | 'runCount' | 'version' | 'createdAt' | 'updatedAt'>;
}
