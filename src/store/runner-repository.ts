import { sql, type Selectable } from 'kysely';
import type { Run } from '../domain/index.ts';
import type { Executor } from './database.ts';
import { insertReturningId } from './insert-once.ts';
import { findRun, toRun } from './run-repository.ts';
import type { RunnersTable } from './schema.ts';

/** A remote runner as stored (the token itself is never stored, only the hash of its secret). */
export interface RunnerRow {
  id: number;
  name: string;
  labels: string[];
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  version: string | null;
  host: string | null;
}

const n = (v: number | string | null) => (v == null ? null : Number(v));

function toRunner(r: Selectable<RunnersTable>): RunnerRow {
  return {
    id: r.id,
    name: r.name,
    labels: JSON.parse(r.labels) as string[],
    tokenHash: r.tokenHash,
    createdAt: Number(r.createdAt),
    revokedAt: n(r.revokedAt),
    lastSeenAt: n(r.lastSeenAt),
    version: r.version,
    host: r.host,
  };
}

/** Records a new runner; undefined when the name is taken. */
export async function insertRunner(db: Executor, r: { name: string; labels: string[]; tokenHash: string; createdAt: number }): Promise<RunnerRow> {
  const id = await insertReturningId(db, db.insertInto('runners').values({ name: r.name, labels: JSON.stringify(r.labels), tokenHash: r.tokenHash, createdAt: r.createdAt, revokedAt: null, lastSeenAt: null, version: null, host: null }));
  return { ...r, id, revokedAt: null, lastSeenAt: null, version: null, host: null };
}

/** Sets a runner's token hash (the token embeds the row's id, so it is made after the insert). */
export async function setRunnerTokenHash(db: Executor, id: number, tokenHash: string): Promise<void> {
  await db.updateTable('runners').set({ tokenHash }).where('id', '=', id).execute();
}

/** The runner with this id, or undefined. */
export async function findRunnerById(db: Executor, id: number): Promise<RunnerRow | undefined> {
  const r = await db.selectFrom('runners').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRunner(r) : undefined;
}

/** The runner with this name, or undefined. */
export async function findRunnerByName(db: Executor, name: string): Promise<RunnerRow | undefined> {
  const r = await db.selectFrom('runners').selectAll().where('name', '=', name).executeTakeFirst();
  return r ? toRunner(r) : undefined;
}

/** Every runner, by name. */
export async function listRunners(db: Executor): Promise<RunnerRow[]> {
  return (await db.selectFrom('runners').selectAll().orderBy('name').execute()).map(toRunner);
}

/** Revokes a runner's token; false when there is no such runner or it was revoked already. */
export async function revokeRunner(db: Executor, name: string, now: number): Promise<boolean> {
  const r = await db.updateTable('runners').set({ revokedAt: now }).where('name', '=', name).where('revokedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A runner was heard from: its polls and heartbeats keep its runs its own. */
export async function touchRunner(db: Executor, id: number, now: number, seen: { version?: string | null; host?: string | null }): Promise<void> {
  await db
    .updateTable('runners')
    .set({ lastSeenAt: now, ...(seen.version ? { version: seen.version.slice(0, 40) } : {}), ...(seen.host ? { host: seen.host.slice(0, 200) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** The earliest start of a run waiting for one of these labels, or null (read only: polls look before they claim). */
export async function earliestRemoteRun(db: Executor, labels: string[]): Promise<number | null> {
  if (labels.length === 0) return null;
  const r = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.min('startedAt').as('t'))
    .where('runOn', 'in', labels)
    .where('status', '=', 'running')
    .where('runner', 'is', null)
    // One asked to stop before a runner took it is ended by the sweep, never handed out.
    .where('stopRequestedBy', 'is', null)
    .executeTakeFirst();
  return r?.t == null ? null : Number(r.t);
}

/**
 * Gives the oldest started run waiting for one of these labels to this runner. The update is
 * conditional on nobody holding it, so two runners (or replicas) never both get one run.
 */
export async function claimRemoteRun(db: Executor, runner: string, labels: string[], now: number): Promise<Run | undefined> {
  if (labels.length === 0) return undefined;
  const candidates = await db
    .selectFrom('runs')
    .select('id')
    .where('runOn', 'in', labels)
    .where('status', '=', 'running')
    .where('runner', 'is', null)
    .where('stopRequestedBy', 'is', null)
    .where('startedAt', '<=', now)
    .orderBy('startedAt')
    .orderBy('id')
    .limit(5)
    .execute();
  for (const c of candidates) {
    const r = await db.updateTable('runs').set({ runner }).where('id', '=', c.id).where('runner', 'is', null).where('status', '=', 'running').where('stopRequestedBy', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return findRun(db, c.id);
  }
  return undefined;
}

/** A run this runner holds and that is still running, or undefined (a runner sees only its own work). */
export async function findHeldRun(db: Executor, runId: number, runner: string): Promise<Run | undefined> {
  const run = await findRun(db, runId);
  return run && run.runner === runner && run.status === 'running' ? run : undefined;
}

/**
 * Keeps the last `limit` characters of a held run's output with `text` appended (live output).
 * `mask` sees the stored output and the new text together, so a secret split across two posts is still found.
 */
export async function appendRunOutput(db: Executor, runId: number, runner: string, text: string, limit: number, mask: (s: string) => string = (s) => s): Promise<boolean> {
  const row = await db.selectFrom('runs').select('output').where('id', '=', runId).where('runner', '=', runner).where('status', '=', 'running').executeTakeFirst();
  if (!row) return false;
  const all = mask((row.output ?? '') + text);
  await db.updateTable('runs').set({ output: all.length > limit ? all.slice(all.length - limit) : all }).where('id', '=', runId).where('runner', '=', runner).where('status', '=', 'running').execute();
  return true;
}

/** Running runs held by runners that went silent before `seenBefore` or were revoked. */
export async function lapsedRemoteRuns(db: Executor, seenBefore: number): Promise<{ run: Run; runner: string }[]> {
  const rows = await db
    .selectFrom('runs')
    .innerJoin('runners', 'runners.name', 'runs.runner')
    .select(['runs.id as id', 'runners.name as runnerName'])
    .where('runs.status', '=', 'running')
    .where('runs.runOn', 'is not', null)
    .where((eb) => eb.or([eb('runners.lastSeenAt', '<', seenBefore), eb('runners.lastSeenAt', 'is', null), eb('runners.revokedAt', 'is not', null)]))
    .execute();
  const out: { run: Run; runner: string }[] = [];
  for (const r of rows) {
    const run = await findRun(db, r.id);
    if (run) out.push({ run, runner: r.runnerName });
  }
  return out;
}

/** Runs still waiting for a runner past their task's timeout (started_at + timeout_ms < now). */
export async function expiredWaitingRuns(db: Executor, now: number): Promise<Run[]> {
  const rows = await db
    .selectFrom('runs')
    .innerJoin('tasks', 'tasks.id', 'runs.taskId')
    .selectAll('runs')
    .where('runs.runOn', 'is not', null)
    .where('runs.status', '=', 'running')
    .where('runs.runner', 'is', null)
    .where(sql<number>`runs.started_at + tasks.timeout_ms`, '<', now)
    .execute();
  return rows.map(toRun);
}

/** Runs a runner holds past their task's timeout and `graceMs` (started_at + timeout_ms + grace < now), with the timeout. */
export async function overdueRemoteRuns(db: Executor, now: number, graceMs: number): Promise<{ run: Run; timeoutMs: number }[]> {
  const rows = await db
    .selectFrom('runs')
    .innerJoin('tasks', 'tasks.id', 'runs.taskId')
    .selectAll('runs')
    .select('tasks.timeoutMs as taskTimeoutMs')
    .where('runs.runOn', 'is not', null)
    .where('runs.status', '=', 'running')
    .where('runs.runner', 'is not', null)
    .where(sql<number>`runs.started_at + tasks.timeout_ms + ${graceMs}`, '<', now)
    .execute();
  return rows.map((r) => ({ run: toRun(r), timeoutMs: Number(r.taskTimeoutMs) }));
}

/** Which of these runs are no longer running on this runner (ended, or taken back): it should stop them. */
export async function runsNotHeld(db: Executor, runIds: number[], runner: string): Promise<number[]> {
  if (runIds.length === 0) return [];
  const held = await db.selectFrom('runs').select('id').where('id', 'in', runIds).where('runner', '=', runner).where('status', '=', 'running').execute();
  const still = new Set(held.map((r) => r.id));
  return runIds.filter((id) => !still.has(id));
}

/** Marks inserted runs as waiting for a runner with this label (claimed by the engine like any other). */
export async function markRemote(db: Executor, runIds: number[], runOn: string): Promise<void> {
  if (runIds.length) await db.updateTable('runs').set({ runOn, runner: null }).where('id', 'in', runIds).execute();
}

/** Starts a queued run (retry, manual, chain) as waiting for a runner; false when another claimed it first. */
export async function startQueuedRemoteRun(db: Executor, id: number, now: number, instance: string, runOn: string, message: string | null): Promise<boolean> {
  const r = await db
    .updateTable('runs')
    .set({ status: 'running', startedAt: now, instance, message, runOn, runner: null })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Remote runs asked to stop that no runner will end: still waiting for a runner, or held by one
 * silent since before `seenBefore` (or revoked). The server records them `stopped` itself.
 */
export async function unansweredRemoteStops(db: Executor, seenBefore: number): Promise<{ run: Run; by: string; runner: string | null }[]> {
  const rows = await db
    .selectFrom('runs')
    .leftJoin('runners', 'runners.name', 'runs.runner')
    .select(['runs.id as id', 'runs.stopRequestedBy as by', 'runs.runner as runner'])
    .where('runs.status', '=', 'running')
    .where('runs.runOn', 'is not', null)
    .where('runs.stopRequestedBy', 'is not', null)
    .where((eb) => eb.or([eb('runs.runner', 'is', null), eb('runners.lastSeenAt', '<', seenBefore), eb('runners.lastSeenAt', 'is', null), eb('runners.revokedAt', 'is not', null)]))
    .execute();
  const out: { run: Run; by: string; runner: string | null }[] = [];
  for (const r of rows) {
    const run = await findRun(db, r.id);
    if (run) out.push({ run, by: r.by!, runner: r.runner ?? null });
  }
  return out;
}
