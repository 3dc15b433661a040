import { ConflictError, ForbiddenError, NotFoundError, UserError, type Run, type Task } from '../domain/index.ts';
import { nextInWindow, parseDuration } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import { buildTask, checkChaseInterval, checkCommand, checkMinInterval, scheduleOf } from './build-task.ts';
import { checkTaskLimit } from './limits.ts';
import { checkChains } from './chains.ts';
import type { Actor, AppContext } from './context.ts';
import { taskInputSchema, type TaskInput } from './task-input.ts';
import { validate } from './validation.ts';
import { zoneFor } from './chat-settings.ts';
import { checkTemplate } from './message-template.ts';
import { getTask, listTasks, taskHistory } from './task-reads.ts';

// The read-only use cases live in task-reads.ts (a CLI `list` loads them without the parser).
export { getTask, listTasks, taskHistory };

/** Validates raw input, naming the field at fault. */
export function parseTaskInput(raw: unknown, partial = false): TaskInput {
  return validate(partial ? taskInputSchema.partial() : taskInputSchema, raw) as TaskInput;
}

/** The timezone a new task of this actor is read in. */
async function tzFor(ctx: AppContext, actor: Actor, input: TaskInput): Promise<string> {
  // An operator creating a task for a chat gets that chat's zone, as the chat's members would.
  return zoneFor(ctx, input.tz, actor.chat ?? input.chat);
}

/** Creates a task. */
export async function createTask(ctx: AppContext, actor: Actor, input: TaskInput): Promise<Task> {
  await checkTaskLimit(ctx, actor);
  const t = buildTask(input, ctx, actor, await tzFor(ctx, actor, input));
  await checkChains(ctx, actor, null, t.chat, t.thenTaskId ?? null, t.onFailureTaskId ?? null);
  const task = await store.insertTask(ctx.database.db, t, ctx.now());
  ctx.notify();
  return task;
}

async function change(ctx: AppContext, actor: Actor, id: number, fn: (t: Task) => Partial<store.NewTask>, expectVersion?: number): Promise<Task> {
  const t = await getTask(ctx, actor, id);
  if (expectVersion !== undefined && t.version !== expectVersion) {
    throw new ConflictError({ en: `task ${id} was changed by someone else (version ${t.version}, you had ${expectVersion}); read it again`, zh: `任务 ${id} 已被他人修改，请重新读取` });
  }
  if (t.mode !== 'message' && actor.kind === 'chat' && !actor.admin) {
    throw new ForbiddenError({ en: 'only admins may change command tasks', zh: '只有管理员可以修改命令任务' });
  }
  const patch = fn(t);
  // An occurrence claimed ahead of its instant (the engine claims up to seconds before a large
  // burst) is dropped with the pause or the old schedule, in the same transaction: it never fires.
  const dropped = patch.status === 'paused' ? 'the task was paused before its instant' : patch.schedule ? 'the schedule was changed before its instant' : null;
  const updated = await ctx.database.write(async (tx) => {
    const u = await store.updateTask(tx, id, patch, ctx.now(), t.version);
    if (u && dropped) await store.skipClaimedAhead(tx, id, ctx.now(), dropped);
    return u;
  });
  if (!updated) {
    throw new ConflictError({ en: `task ${id} was changed by someone else meanwhile; try again`, zh: `任务 ${id} 同时被他人修改，请重试` });
  }
  ctx.notify();
  return updated;
}

/** Pauses a task: it stops firing (and chasing) until resumed. */
export async function pauseTask(ctx: AppContext, actor: Actor, id: number): Promise<Task> {
  return change(ctx, actor, id, (t) => {
    if (t.status === 'finished') throw new UserError('finished', { en: `task ${id} has finished`, zh: `任务 ${id} 已结束` });
    return { status: 'paused' };
  });
}

/** Resumes a task from its next slot after now (missed slots while paused are not caught up). */
export async function resumeTask(ctx: AppContext, actor: Actor, id: number): Promise<Task> {
  return change(ctx, actor, id, (t) => {
    const now = ctx.now();
    const next = nextInWindow(t.schedule, t.window, now);
    const left = t.window.maxRuns == null || t.runCount < t.window.maxRuns;
    if (next == null || !left) throw new UserError('never_fires', { en: `task ${id} has no occurrence left to resume`, zh: `任务 ${id} 没有剩余的执行时间` });
    return { status: 'active', nextRunAt: next };
  });
}

/** Edits a task; a new schedule restarts it from its next slot. */
export async function editTask(ctx: AppContext, actor: Actor, id: number, input: TaskInput, expectVersion?: number): Promise<Task> {
  if (input.then !== undefined || input.onFailure !== undefined) {
    const t = await getTask(ctx, actor, id);
    await checkChains(ctx, actor, id, t.chat, input.then !== undefined ? input.then : (t.thenTaskId ?? null), input.onFailure !== undefined ? input.onFailure : (t.onFailureTaskId ?? null));
  }
  return change(
    ctx,
    actor,
    id,
    (t) => {
      const patch: Partial<store.NewTask> = {};
      const hasSchedule = [input.cron, input.every, input.at, input.text].some((v) => v !== undefined);
      if (hasSchedule) {
        const { schedule, window, rest } = scheduleOf(input, ctx, input.tz ?? t.schedule.tz);
        checkMinInterval(schedule, window, ctx, actor);
        patch.schedule = schedule;
        patch.window = window;
        const next = nextInWindow(schedule, window, ctx.now());
        if (next == null) throw new UserError('never_fires', { en: 'this schedule never fires inside its window', zh: '该计划在其时间范围内不会触发' }, 'schedule');
        patch.nextRunAt = next;
        if (t.status === 'finished') patch.status = 'active';
        if (rest && input.content === undefined) patch.content = rest;
      }
      if (input.runOn !== undefined) patch.runOn = input.runOn;
      const runOn = input.runOn !== undefined ? input.runOn : t.runOn;
      if (input.sql !== undefined || input.connection !== undefined) {
        const current = t.action && 'sql' in t.action ? t.action : undefined;
        const next = { sql: input.sql ?? current?.sql, connection: input.connection ?? current?.connection };
        // Checked as a POST is: a runner label the task keeps (or is given), an action or a command beside the statement is refused, not kept.
        checkCommand({ mode: 'command', ...next, action: input.action, command: input.command, runOn }, ctx, actor);
        patch.action = { sql: next.sql!, connection: next.connection! };
        // The mode given stays (message+command posts the content too); a message task becomes a command task.
        patch.mode = input.mode ?? (t.mode === 'message' ? 'command' : t.mode);
      } else if (input.mode !== undefined || input.action !== undefined || input.command !== undefined || input.runOn) {
        const action = input.action ?? (input.runOn && t.action && 'name' in t.action ? t.action.name : undefined);
        checkCommand({ mode: input.mode ?? (input.action || input.command ? 'command' : t.mode), action, command: input.command, runOn }, ctx, actor);
        if (input.mode) patch.mode = input.mode;
        if (input.action) patch.action = { name: input.action };
        if (input.command) patch.action = { argv: input.command };
        if (!input.mode && (input.action || input.command) && t.mode === 'message') patch.mode = 'message+command';
      }
      if (input.jitter !== undefined) patch.jitterMs = input.jitter ? parseDuration(input.jitter, 'jitter') : 0;
      if (input.then !== undefined) patch.thenTaskId = input.then;
      if (input.onFailure !== undefined) patch.onFailureTaskId = input.onFailure;
      if (input.closers !== undefined) patch.closers = input.closers;
      if (input.name !== undefined) patch.name = input.name;
      if (input.content !== undefined) patch.content = input.content;
      if (input.notifyUrls !== undefined) patch.notifyUrls = input.notifyUrls;
      if (input.owner !== undefined) patch.owner = input.owner;
      if (input.chase !== undefined) {
        patch.chase = input.chase
          ? { everyMs: parseDuration(input.chase.every, 'chase'), maxCount: input.chase.max ?? null, until: input.chase.until ?? null, closeOnNext: input.chase.closeOnNext ?? false }
          : null;
        if (patch.chase) checkChaseInterval(patch.chase.everyMs, ctx, actor);
      }
      const p = { ...t.policies };
      for (const k of ['misfire', 'misfireGraceMs', 'overlap', 'overlapMax', 'retries', 'backoffMs', 'timeoutMs'] as const) {
        if (input[k] !== undefined) (p as Record<string, unknown>)[k] = input[k];
      }
      patch.policies = p;
      if (patch.content !== undefined) checkTemplate(patch.content);
      return patch;
    },
    expectVersion,
  );
}

/** Deletes a task and its history. */
export async function deleteTask(ctx: AppContext, actor: Actor, id: number): Promise<Task> {
  const t = await getTask(ctx, actor, id);
  if (t.mode !== 'message' && actor.kind === 'chat' && !actor.admin) {
    throw new ForbiddenError({ en: 'only admins may delete command tasks', zh: '只有管理员可以删除命令任务' });
  }
  await ctx.database.write((tx) => store.deleteTask(tx, id));
  ctx.notify();
  return t;
}

/**
 * Runs a task now, outside its schedule (the schedule does not move). The run is queued in the
 * database, so whichever engine is running picks it up: this works from the CLI too.
 */
export async function runTaskNow(ctx: AppContext, actor: Actor, id: number): Promise<Run> {
  const t = await getTask(ctx, actor, id);
  if (t.mode !== 'message' && actor.kind === 'chat' && !actor.admin) {
    throw new ForbiddenError({ en: 'only admins may run command tasks', zh: '只有管理员可以执行命令任务' });
  }
  let at = ctx.now();
  for (let i = 0; i < 5; i++, at++) {
    const run = await store.insertRun(ctx.database.db, { taskId: id, scheduledFor: at, trigger: 'manual', attempt: 1, status: 'queued', dueAt: at, startedAt: null, instance: null });
    if (run) {
      ctx.notify();
      return run;
    }
  }
  throw new ConflictError({ en: 'the task is being run right now; try again', zh: '任务正在执行，请稍后再试' });
}

/** One run, if the actor may see its task. */
export async function getRun(ctx: AppContext, actor: Actor, runId: number): Promise<Run> {
  const run = Number.isSafeInteger(runId) && runId > 0 ? await store.findRun(ctx.database.db, runId) : undefined;
  if (!run) throw new NotFoundError('run', runId);
  try {
    await getTask(ctx, actor, run.taskId);
  } catch {
    throw new NotFoundError('run', runId);
  }
  return run;
}
