import { ForbiddenError, type Lang } from '../domain/index.ts';
import { describeSchedule, nextRuns, toZonedIso } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import { scheduleOf } from './build-task.ts';
import { zoneFor } from './chat-settings.ts';
import type { Actor, AppContext } from './context.ts';
import { getTask } from './tasks.ts';
import type { TaskInput } from './task-input.ts';

// Use cases of the web console that chat has no need for: filtered pages of tasks, a schedule
// preview while typing, and the counts a task page shows.

/** One page of tasks the actor may see, with the total that match. */
export async function findTasksPage(ctx: AppContext, actor: Actor, f: store.ConsoleTaskFilter): Promise<{ tasks: store.Task[]; total: number }> {
  if (actor.kind === 'chat') {
    if (!actor.chat) return { tasks: [], total: 0 };
    return store.findConsoleTasks(ctx.database.db, { ...f, chat: actor.chat });
  }
  return store.findConsoleTasks(ctx.database.db, f);
}

/** The chats and owners the list can be filtered by (operators only: they span every chat). */
export async function consoleFacets(ctx: AppContext, actor: Actor) {
  if (actor.kind !== 'operator') throw new ForbiddenError({ en: 'only operators see every chat', zh: '只有管理员可以查看所有群聊' });
  return store.taskFacets(ctx.database.db);
}

/** What a schedule would do, computed as the task would be built, without saving anything. */
export interface SchedulePreview {
  kind: string;
  expr: string;
  tz: string;
  description: Record<Lang, string>;
  /** The next fire times, ISO with the zone's offset. */
  next: string[];
  /** The text left once the schedule phrase is removed (text schedules only). */
  rest: string | null;
}

/** Reads a schedule the way creating the task would (same parser, same zone rule) and lists its next fire times. */
export async function previewSchedule(
  ctx: AppContext,
  input: Pick<TaskInput, 'text' | 'cron' | 'every' | 'at' | 'tz' | 'startAt' | 'endAt' | 'maxRuns' | 'chat'>,
  count: number,
): Promise<SchedulePreview> {
  const tz = await zoneFor(ctx, input.tz, input.chat);
  const { schedule, window, rest } = scheduleOf(input, ctx, tz);
  const next = nextRuns(schedule, window, ctx.now(), count);
  const describe = (lang: Lang) => {
    try {
      return describeSchedule(schedule, window, lang);
    } catch {
      return schedule.text;
    }
  };
  return { kind: schedule.kind, expr: schedule.expr, tz, description: { en: describe('en'), zh: describe('zh') }, next: next.map((ms) => toZonedIso(ms, tz)), rest: rest ?? null };
}

/**
 * How many times a task ran, as its history counts them: every run row, by trigger. `scheduled`
 * is what counts toward max runs; `all` is what the history lists.
 */
export async function runCounts(ctx: AppContext, actor: Actor, taskId: number): Promise<{ all: number; scheduled: number; manual: number; retries: number; chained: number }> {
  await getTask(ctx, actor, taskId);
  const c = await store.countRunsByTrigger(ctx.database.db, taskId);
  return { all: c.schedule + c.manual + c.retry + c.chain, scheduled: c.schedule, manual: c.manual, retries: c.retry, chained: c.chain };
}

/** The next fire times of a task, in its zone (none when it is finished). */
export function upcomingOf(t: store.Task, now: number, count: number): string[] {
  if (t.status === 'finished') return [];
  return nextRuns(t.schedule, t.window, now, count, t.runCount).map((ms) => toZonedIso(ms, t.schedule.tz));
}

/** A task's chases, one page, newest first. */
export async function chasesPage(ctx: AppContext, actor: Actor, taskId: number, limit: number, offset: number) {
  await getTask(ctx, actor, taskId);
  return store.pageChases(ctx.database.db, taskId, limit, offset);
}

/** A task named by another: its id, and its name while it exists. */
export interface TaskRef {
  id: number;
  name: string | null;
}

/**
 * How a task sits in chains: what it starts when a run succeeds (`then`) or fails for good
 * (`onFailure`), and which tasks start it. Chains stay within one chat, so the actor who may
 * see the task may see these too.
 */
export async function chainOf(ctx: AppContext, t: store.Task): Promise<{ then: TaskRef | null; onFailure: TaskRef | null; from: { id: number; name: string; on: 'then' | 'onFailure' }[] }> {
  const db = ctx.database.db;
  const named = async (id: number | null | undefined): Promise<TaskRef | null> => (id == null ? null : { id, name: (await store.findTask(db, id))?.name ?? null });
  const [then, onFailure, from] = await Promise.all([named(t.thenTaskId), named(t.onFailureTaskId), store.tasksChainingTo(db, t.id)]);
  return { then, onFailure, from };
}

/** For chained runs: the task of each parent run, by parent run id. */
export async function parentTasksOf(ctx: AppContext, runs: { parentRunId?: number | null }[]): Promise<Map<number, number>> {
  return store.taskIdsOfRuns(ctx.database.db, runs.map((r) => r.parentRunId).filter((id): id is number => id != null));
}
