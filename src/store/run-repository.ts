import type { Insertable, Selectable } from 'kysely';
import type { Run, RunStatus, RunTrigger } from '../domain/index.ts';
import { type DialectName, type Executor } from './database.ts';
import { insertOnce } from './insert-once.ts';
import type { RunsTable } from './schema.ts';

/** A run to record. */
export type NewRun = Omit<Run, 'id' | 'exitCode' | 'output' | 'message' | 'error' | 'finishedAt'> &
  Partial<Pick<Run, 'exitCode' | 'output' | 'message' | 'error' | 'finishedAt'>>;

/** A runs row as a Run. */
export function toRun(r: Selectable<RunsTable>): Run {
  const n = (v: number | null) => (v == null ? null : Number(v));
  return {
    id: r.id,
    taskId: r.taskId,
    scheduledFor: Number(r.scheduledFor),
    trigger: r.trigger as RunTrigger,
    attempt: r.attempt,
    status: r.status as RunStatus,
    dueAt: n(r.dueAt),
    startedAt: n(r.startedAt),
    finishedAt: n(r.finishedAt),
    exitCode: r.exitCode,
    output: r.output,
    message: r.message,
    error: r.error,
    instance: r.instance,
    runOn: r.runOn ?? null,
    runner: r.runner ?? null,
    parentRunId: r.parentRunId ?? null,
    ...(r.overlapPending ? { overlapPending: true } : {}),
  };
}

/**
 * Records a run. Returns undefined when a run with the same (task, scheduled_for, trigger,
 * attempt) exists already: someone else fired this occurrence, so this caller must not.
 */
export async function insertRun(db: Executor, r: NewRun): Promise<Run | undefined> {
  const id = await insertOnce(db, db.insertInto('runs').values(r as Insertable<RunsTable>), true);
  return id === undefined ? undefined : { exitCode: null, output: null, message: null, error: null, finishedAt: null, ...r, id };
}

/** Writes the outcome of a run. Only a run still `running` (or `queued`) changes. */
export async function finishRun(
  db: Executor,
  id: number,
  out: { status: RunStatus; finishedAt: number; exitCode?: number | null; output?: string | null; message?: string | null; error?: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('runs')
    .set({ liveOutput: null, status: out.status, finishedAt: out.finishedAt, exitCode: out.exitCode ?? null, output: out.output ?? null, message: out.message ?? null, error: out.error ?? null })
    .where('id', '=', id)
    .where('status', 'in', ['running', 'queued'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Writes one outcome to many runs at once (those of them still running or queued, and held by
 * `owner` when given) and returns the ids it changed. The message is not written here: it is recorded when the run starts.
 */
export async function finishRuns(
  db: Executor,
  ids: number[],
  out: { status: RunStatus; finishedAt: number; exitCode?: number | null; output?: string | null; error?: string | null },
  owner?: string,
): Promise<number[]> {
  let q = db.selectFrom('runs').select('id').where('id', 'in', ids).where('status', 'in', ['running', 'queued']);
  // A run another instance took over (this one was silent past the lapse) is no longer ours to finish.
  if (owner !== undefined) q = q.where('instance', '=', owner);
  const open = await q.execute();
  const changed = open.map((r) => r.id);
  if (changed.length === 0) return changed;
  await db
    .updateTable('runs')
    .set({ liveOutput: null, status: out.status, finishedAt: out.finishedAt, exitCode: out.exitCode ?? null, output: out.output ?? null, error: out.error ?? null })
    .where('id', 'in', changed)
    .execute();
  return changed;
}

/**
 * Skips a task's occurrences claimed ahead of their instant and not started yet (a scheduled
 * run still `running` whose start is later than `now`): a pause, a new schedule or a deletion
 * made in the claim-ahead window stops that fire too. The instance holding it finds the run
 * no longer running when its timer fires, and neither posts nor spawns anything. Returns how many.
 */
export async function skipClaimedAhead(db: Executor, taskId: number, now: number, error: string): Promise<number> {
  const r = await db
    .updateTable('runs')
    .set({ status: 'skipped', finishedAt: now, error })
    .where('taskId', '=', taskId)
    .where('trigger', '=', 'schedule')
    .where('status', '=', 'running')
    .where('spawnedAt', 'is', null)
    .where('startedAt', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The run with this id, or undefined. */
export async function findRun(db: Executor, id: number): Promise<Run | undefined> {
  const r = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRun(r) : undefined;
}

/** A task's runs, newest first. */
export async function listRuns(db: Executor, taskId: number, limit = 20, offset = 0): Promise<Run[]> {
  const rows = await db.selectFrom('runs').selectAll().where('taskId', '=', taskId).orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(toRun);
}

/** How many runs a task has. */
export async function countRuns(db: Executor, taskId: number): Promise<number> {
  const r = await db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('taskId', '=', taskId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Runs of a task in the given statuses (for overlap decisions). */
export async function countActiveRuns(db: Executor, taskId: number): Promise<{ running: number; queued: number }> {
  const rows = await db
    .selectFrom('runs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('taskId', '=', taskId)
    .where('status', 'in', ['running', 'queued'])
    .groupBy('status')
    .execute();
  const get = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { running: get('running'), queued: get('queued') };
}

/** Marks a queued run as started by this instance; false when another claimed it first. */
export async function startQueuedRun(db: Executor, id: number, now: number, instance: string, message: string | null = null): Promise<boolean> {
  const r = await db
    .updateTable('runs')
    .set({ status: 'running', startedAt: now, instance, message })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** History retention: keeps the newest `keep` finished runs per task and none older than `before`. */
export async function pruneRuns(db: Executor, keep: number, before: number): Promise<number> {
  const final = ['succeeded', 'failed', 'timed_out', 'skipped', 'interrupted', 'stopped'];
  const old = await db.deleteFrom('runs').where('status', 'in', final).where('finishedAt', '<', before).executeTakeFirst();
  let removed = Number(old.numDeletedRows);
  const heavy = await db
    .selectFrom('runs')
    .select(['taskId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', final)
    .groupBy('taskId')
    .having((eb) => eb.fn.countAll(), '>', keep)
    .execute();
  for (const h of heavy) {
    const cut = await db
      .selectFrom('runs')
      .select('id')
      .where('taskId', '=', h.taskId)
      .where('status', 'in', final)
      .orderBy('id', 'desc')
      .offset(keep)
      .limit(1)
      .executeTakeFirst();
    if (!cut) continue;
    const r = await db.deleteFrom('runs').where('taskId', '=', h.taskId).where('status', 'in', final).where('id', '<=', cut.id).executeTakeFirst();
    removed += Number(r.numDeletedRows);
  }
  return removed;
}

/** The run a caller inserted, as `toRun` would read it back. */
export function insertedRun(r: NewRun, id: number, instance: string | null): Run {
  return {
    id,
    taskId: r.taskId,
    scheduledFor: r.scheduledFor,
    trigger: r.trigger,
    attempt: r.attempt,
    status: r.status,
    dueAt: r.dueAt ?? null,
    startedAt: r.startedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    exitCode: r.exitCode ?? null,
    output: r.output ?? null,
    message: r.message ?? null,
    error: r.error ?? null,
    instance,
    runOn: r.runOn ?? null,
    runner: r.runner ?? null,
    parentRunId: r.parentRunId ?? null,
    ...(r.overlapPending ? { overlapPending: true } : {}),
  };
}

/**
 * Inserts many scheduled runs of one trigger and attempt 1, 500 rows a statement, skipping any
 * whose unique key exists already, and returns the ones this caller inserted: on PostgreSQL
 * and SQLite those the insert returns, on MySQL (no RETURNING) those read back by key that
 * carry its instance id and what it wrote (a row left by an earlier claim of ours would not).
 * Only the key columns are read back: the rest is what was written.
 */
export async function insertRunsBulk(db: Executor, runs: NewRun[], instance: string, dialect: DialectName): Promise<Run[]> {
  if (runs.length === 0) return [];
  const rows = runs.map(({ overlapPending, ...r }) => ({ ...r, instance, overlapPending: overlapPending ? 1 : null }) as Insertable<RunsTable>);
  const want = new Map(runs.map((r) => [`${r.taskId}:${r.scheduledFor}`, r]));
  const got: Run[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    if (dialect === 'mysql') {
      await db.insertInto('runs').values(chunk).ignore().execute();
      continue;
    }
    const back = await db
      .insertInto('runs')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'taskId', 'scheduledFor'])
      .execute();
    for (const b of back) got.push(insertedRun(want.get(`${b.taskId}:${Number(b.scheduledFor)}`)!, Number(b.id), instance));
  }
  if (dialect !== 'mysql') return got;
  const taskIds = [...new Set(runs.map((r) => r.taskId))];
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of runs) {
    lo = Math.min(lo, r.scheduledFor);
    hi = Math.max(hi, r.scheduledFor);
  }
  for (let i = 0; i < taskIds.length; i += 500) {
    const found = await db
      .selectFrom('runs')
      .select(['id', 'taskId', 'scheduledFor', 'status', 'startedAt'])
      .where('taskId', 'in', taskIds.slice(i, i + 500))
      .where('scheduledFor', '>=', lo)
      .where('scheduledFor', '<=', hi)
      .where('trigger', '=', runs[0].trigger)
      .where('attempt', '=', 1)
      .where('instance', '=', instance)
      .execute();
    for (const row of found) {
      const mine = want.get(`${row.taskId}:${Number(row.scheduledFor)}`);
      const startedAt = row.startedAt == null ? null : Number(row.startedAt);
      if (mine && mine.status === row.status && (mine.startedAt ?? null) === startedAt) got.push(insertedRun(mine, row.id, instance));
    }
  }
  return got;
}
