import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ChasePolicy, Task, TaskAction, TaskMode, TaskStatus } from '../domain/index.ts';
import type { Executor } from './database.ts';
import { insertReturningId } from './insert-once.ts';
import type { TasksTable } from './schema.ts';

type Row = Selectable<TasksTable>;

/** Fields a caller sets when creating a task (the rest is derived). */
export type NewTask = Omit<Task, 'id' | 'runCount' | 'version' | 'createdAt' | 'updatedAt'>;

/** Filters for listing tasks. */
export interface TaskFilter {
  chat?: { platform: string; chatId: string } | null;
  status?: TaskStatus;
  text?: string;
  limit?: number;
  offset?: number;
}

/** A tasks row as a Task. */
/**
 * One copy of each short value many tasks share (mode, status, zone, policy names…): the driver
 * makes a fresh string per row, and a burst of 100,000 claimed ahead held each of them 100,000
 * times. Bounded: past INTERN_MAX distinct values the rest are kept as they come.
 */
const interned = new Map<string, string>();
const INTERN_MAX = 4096;
function shared<T extends string | null>(v: T): T {
  if (v == null) return v;
  const got = interned.get(v);
  if (got !== undefined) return got as T;
  if (interned.size < INTERN_MAX) interned.set(v, v);
  return v;
}

// Parts most tasks share, one frozen copy each (nothing changes a task's parts in place: edits
// build new ones), so that a burst claimed ahead holds per task only what is its own.
const NO_WINDOW: Task['window'] = Object.freeze({ startAt: null, endAt: null, maxRuns: null });
const NO_URLS = Object.freeze([]) as unknown as string[];
const policySets = new Map<string, Task['policies']>();

function policiesOf(r: Row): Task['policies'] {
  const key = `${r.misfire}|${r.misfireGraceMs}|${r.overlap}|${r.overlapMax}|${r.retries}|${r.backoffMs}|${r.timeoutMs}`;
  let p = policySets.get(key);
  if (p) return p;
  p = {
    misfire: shared(r.misfire) as Task['policies']['misfire'],
    misfireGraceMs: r.misfireGraceMs,
    overlap: shared(r.overlap) as Task['policies']['overlap'],
    overlapMax: r.overlapMax,
    retries: r.retries,
    backoffMs: r.backoffMs,
    timeoutMs: r.timeoutMs,
  };
  if (policySets.size < INTERN_MAX) policySets.set(key, Object.freeze(p));
  return p;
}

export function toTask(r: Row): Task {
  return {
    id: r.id,
    chat: r.chatPlatform && r.chatId ? { platform: shared(r.chatPlatform), chatId: r.chatId } : null,
    name: r.name,
    content: r.content,
    owner: r.ownerId ? { id: r.ownerId, name: r.ownerName ?? r.ownerId } : null,
    mode: shared(r.mode) as TaskMode,
    action: r.action ? (JSON.parse(r.action) as TaskAction) : null,
    schedule: { kind: shared(r.scheduleKind) as Task['schedule']['kind'], expr: r.scheduleExpr, tz: shared(r.timezone), anchor: num(r.anchorAt), text: shared(r.scheduleText) },
    window: r.startAt == null && r.endAt == null && r.maxRuns == null ? NO_WINDOW : { startAt: num(r.startAt), endAt: num(r.endAt), maxRuns: r.maxRuns },
    status: shared(r.status) as TaskStatus,
    policies: policiesOf(r),
    notifyUrls: r.notifyUrls && r.notifyUrls !== '[]' ? (JSON.parse(r.notifyUrls) as string[]) : NO_URLS,
    chase: toChase(r),
    nextRunAt: num(r.nextRunAt),
    runCount: r.runCount,
    version: r.version,
    createdBy: shared(r.createdBy),
    createdAt: Number(r.createdAt),
    updatedAt: Number(r.updatedAt),
    runOn: r.runOn ?? null,
    jitterMs: r.jitterMs ?? 0,
    thenTaskId: r.thenTaskId ?? null,
    onFailureTaskId: r.onFailureTaskId ?? null,
    // Only when set: a task that leaves it reads as it did before the option existed.
    ...(r.closers ? { closers: r.closers as Task['closers'] } : {}),
  };
}

function toChase(r: Row): ChasePolicy | null {
  if (r.chaseEveryMs == null) return null;
  return { everyMs: r.chaseEveryMs, maxCount: r.chaseMax, until: r.chaseUntil, closeOnNext: r.chaseCloseOnNext !== 0 };
}

// BIGINT may arrive as a string from some drivers; every instant is a safe integer of ms.
function num(v: number | string | null | undefined): number | null {
  return v == null ? null : Number(v);
}

function toColumns(t: Partial<NewTask>): Updateable<TasksTable> {
  const c: Updateable<TasksTable> = {};
  if (t.chat !== undefined) {
    c.chatPlatform = t.chat?.platform ?? null;
    c.chatId = t.chat?.chatId ?? null;
  }
  if (t.name !== undefined) c.name = t.name;
  if (t.content !== undefined) c.content = t.content;
  if (t.owner !== undefined) {
    c.ownerId = t.owner?.id ?? null;
    c.ownerName = t.owner?.name ?? null;
  }
  if (t.mode !== undefined) c.mode = t.mode;
  if (t.action !== undefined) c.action = t.action ? JSON.stringify(t.action) : null;
  if (t.schedule !== undefined) {
    c.scheduleKind = t.schedule.kind;
    c.scheduleExpr = t.schedule.expr;
    c.scheduleText = t.schedule.text;
    c.timezone = t.schedule.tz;
    c.anchorAt = t.schedule.anchor ?? null;
  }
  if (t.window !== undefined) {
    c.startAt = t.window.startAt ?? null;
    c.endAt = t.window.endAt ?? null;
    c.maxRuns = t.window.maxRuns ?? null;
  }
  if (t.status !== undefined) c.status = t.status;
  if (t.policies !== undefined) {
    c.misfire = t.policies.misfire;
    c.misfireGraceMs = t.policies.misfireGraceMs;
    c.overlap = t.policies.overlap;
    c.overlapMax = t.policies.overlapMax;
    c.retries = t.policies.retries;
    c.backoffMs = t.policies.backoffMs;
    c.timeoutMs = t.policies.timeoutMs;
  }
  if (t.notifyUrls !== undefined) c.notifyUrls = JSON.stringify(t.notifyUrls);
  if (t.chase !== undefined) {
    c.chaseEveryMs = t.chase?.everyMs ?? null;
    c.chaseMax = t.chase?.maxCount ?? null;
    c.chaseUntil = t.chase?.until ?? null;
    c.chaseCloseOnNext = t.chase ? (t.chase.closeOnNext ? 1 : 0) : null;
  }
  if (t.nextRunAt !== undefined) c.nextRunAt = t.nextRunAt;
  if (t.createdBy !== undefined) c.createdBy = t.createdBy;
  if (t.runOn !== undefined) c.runOn = t.runOn;
  if (t.jitterMs !== undefined) c.jitterMs = t.jitterMs || null;
  if (t.thenTaskId !== undefined) c.thenTaskId = t.thenTaskId;
  if (t.onFailureTaskId !== undefined) c.onFailureTaskId = t.onFailureTaskId;
  if (t.closers !== undefined) c.closers = t.closers === 'anyone' ? null : t.closers;
  return c;
}

/** Inserts a task and returns it with its id. */
export async function insertTask(db: Executor, t: NewTask, now: number): Promise<Task> {
  const values = { ...toColumns(t), runCount: 0, version: 1, createdAt: now, updatedAt: now } as Insertable<TasksTable>;
  const id = await insertReturningId(db, db.insertInto('tasks').values(values));
  return (await findTask(db, id))!;
}

/** The task with this id, or undefined. */
export async function findTask(db: Executor, id: number): Promise<Task | undefined> {
  const r = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTask(r) : undefined;
}

/** Tasks matching the filter, newest id last. */
export async function listTasks(db: Executor, f: TaskFilter = {}): Promise<Task[]> {
  let q = db.selectFrom('tasks').selectAll();
  if (f.chat) q = q.where('chatPlatform', '=', f.chat.platform).where('chatId', '=', f.chat.chatId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    q = q.where((eb) => eb.or([eb('name', 'like', like), eb('content', 'like', like)]));
  }
  q = q.orderBy('id').limit(f.limit ?? 100).offset(f.offset ?? 0);
  return (await q.execute()).map(toTask);
}

/** Number of tasks by status. */
export async function countTasksByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db.selectFrom('tasks').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Updates a task. With `expectVersion`, only when nobody changed it since (optimistic lock);
 * returns the new task, or undefined when it is gone or the version moved.
 */
export async function updateTask(
  db: Executor,
  id: number,
  patch: Partial<NewTask>,
  now: number,
  expectVersion?: number,
): Promise<Task | undefined> {
  let q = db
    .updateTable('tasks')
    .set({ ...toColumns(patch), updatedAt: now })
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id);
  if (expectVersion !== undefined) q = q.where('version', '=', expectVersion);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findTask(db, id);
}

/** Deletes a task and everything that hangs off it; true when it existed. */
export async function deleteTask(db: Executor, id: number): Promise<boolean> {
  await db.deleteFrom('runs').where('taskId', '=', id).execute();
  await db.deleteFrom('chases').where('taskId', '=', id).execute();
  const r = await db.deleteFrom('tasks').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The earliest next_run_at among active tasks, or null. */
export async function earliestDue(db: Executor): Promise<number | null> {
  const r = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.min('nextRunAt').as('t'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return num(r?.t as number | null);
}

/**
 * How many active message-only tasks are due at or before `by`, counting no further than `cap`
 * (the engine sizes a burst's claim-ahead window by it: a range scan stopped at the cap).
 */
export async function countDueMessages(db: Executor, by: number, cap: number): Promise<number> {
  const inner = db.selectFrom('tasks').select('id').where('status', '=', 'active').where('nextRunAt', '<=', by).where('mode', '=', 'message').limit(cap);
  const r = await db
    .selectFrom(inner.as('due'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Active tasks due at or before `now` (and message-only ones up to `messagesUntil` when later),
 * oldest first, locked for this claim where rows lock.
 */
export async function lockDueTasks(db: Executor, now: number, limit: number, skipLocked: boolean, messagesUntil = now): Promise<Task[]> {
  let q = db
    .selectFrom('tasks')
    .selectAll()
    .where('status', '=', 'active')
    .where('nextRunAt', '<=', Math.max(now, messagesUntil))
    .orderBy('nextRunAt')
    .limit(limit);
  if (messagesUntil > now) q = q.where((eb) => eb.or([eb('nextRunAt', '<=', now), eb('mode', '=', 'message')]));
  if (skipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map(toTask);
}

/**
 * The tasks with these ids that this transaction could lock (MySQL: FOR UPDATE SKIP LOCKED; a task
 * another transaction holds is left out). What starts a run of a task holds its row, so that a
 * replica starting a queued run and one claiming the task's next slot never decide at once.
 */
export async function lockTasks(db: Executor, ids: number[], skipLocked: boolean): Promise<Map<number, Task>> {
  const out = new Map<number, Task>();
  if (ids.length === 0) return out;
  let q = db.selectFrom('tasks').selectAll().where('id', 'in', ids);
  if (skipLocked) q = q.forUpdate().skipLocked();
  for (const r of await q.execute()) out.set(r.id, toTask(r));
  return out;
}

/** Moves a claimed task forward: next slot, run count, status. No version bump (not a user edit). */
export async function advanceTask(
  db: Executor,
  id: number,
  next: { nextRunAt: number | null; runCount: number; status: TaskStatus },
  now: number,
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ nextRunAt: next.nextRunAt, runCount: next.runCount, status: next.status, updatedAt: now })
    .where('id', '=', id)
    .execute();
}

export type { Task };

/** The tasks with these ids, by id. */
export async function findTasks(db: Executor, ids: number[]): Promise<Map<number, Task>> {
  const out = new Map<number, Task>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('tasks').selectAll().where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, toTask(r));
  return out;
}

/** Inserts many tasks at once, in chunks (benchmarks and imports). */
export async function insertTasksBulk(database: { write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> }, tasks: NewTask[], now: number, chunk = 400): Promise<void> {
  await database.write(async (tx) => {
    for (let i = 0; i < tasks.length; i += chunk) {
      const values = tasks.slice(i, i + chunk).map((t) => ({ ...toColumns(t), runCount: 0, version: 1, createdAt: now, updatedAt: now }) as Insertable<TasksTable>);
      await tx.insertInto('tasks').values(values).execute();
    }
  });
}

/** Moves claimed tasks forward together: same next slot, runs fired added to each count. */
export async function advanceTasks(db: Executor, ids: number[], next: { nextRunAt: number | null; fired: number; status: TaskStatus }, now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('tasks')
      .set((eb) => ({ nextRunAt: next.nextRunAt, runCount: eb('runCount', '+', next.fired), status: next.status, updatedAt: now }))
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}
