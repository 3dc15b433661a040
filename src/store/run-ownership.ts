import type { Run } from '../domain/index.ts';
import type { Executor } from './database.ts';
import { toRun } from './run-repository.ts';

/** A run left `running` by an instance that is gone, with what is known of its command. */
export interface OrphanRun extends Run {
  /** When its command was about to be spawned; null when it never was (nothing was done yet). */
  spawnedAt: number | null;
  /** Its command's process group on the orphan's host, when one was recorded. */
  pgid: number | null;
}

/** Runs left `running` by instances not in `keep` (or by no instance). */
export async function findOrphanRuns(db: Executor, keep: string[]): Promise<OrphanRun[]> {
  // Runs on remote runners are watched by their runner's heartbeat (src/runners), not the dispatcher's.
  let q = db.selectFrom('runs').selectAll().where('status', '=', 'running').where('runOn', 'is', null);
  if (keep.length > 0) q = q.where((eb) => eb.or([eb('instance', 'is', null), eb('instance', 'not in', keep)]));
  const rows = await q.orderBy('scheduledFor').orderBy('id').execute();
  return rows.map((r) => ({ ...toRun(r), spawnedAt: r.spawnedAt == null ? null : Number(r.spawnedAt), pgid: r.pgid ?? null }));
}

/**
 * Moves a run that a dead instance held but never started to `instance`, to start at `startedAt`.
 * False when someone else took it first (the row no longer belongs to `from`).
 */
export async function takeOverRun(db: Executor, id: number, from: string | null, instance: string, startedAt: number): Promise<boolean> {
  let q = db.updateTable('runs').set({ instance, startedAt }).where('id', '=', id).where('status', '=', 'running').where('spawnedAt', 'is', null);
  q = from == null ? q.where('instance', 'is', null) : q.where('instance', '=', from);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Puts a run that a dead instance held but never started back in the queue, as `instance`'s, due
 * at `dueAt`: it then starts like any queued run, in order and after what runs of its task now
 * (taken over directly, two such runs of one task, or one beside a survivor's, ran at once).
 * False when someone else took it first.
 */
export async function requeueOrphanRun(db: Executor, id: number, from: string | null, instance: string, dueAt: number): Promise<boolean> {
  let q = db.updateTable('runs').set({ status: 'queued', instance, dueAt, startedAt: null }).where('id', '=', id).where('status', '=', 'running').where('spawnedAt', 'is', null);
  q = from == null ? q.where('instance', 'is', null) : q.where('instance', '=', from);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends a run that is still running with `status` and a reason; false when it had ended already. */
export async function endRunningRun(db: Executor, id: number, status: 'interrupted' | 'skipped', now: number, error: string): Promise<boolean> {
  const r = await db.updateTable('runs').set({ status, finishedAt: now, error }).where('id', '=', id).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Records, just before its command is spawned, that this run's command starts: from then on a
 * crash makes it interrupted (it may have done something), not re-run. False when the run is no
 * longer this instance's (a peer took it over while this one was silent): then it must not start.
 */
export async function markSpawning(db: Executor, id: number, instance: string, now: number): Promise<boolean> {
  const r = await db.updateTable('runs').set({ spawnedAt: now }).where('id', '=', id).where('status', '=', 'running').where('instance', '=', instance).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the process group of a run's command (so that what it leaves behind can be killed). */
export async function recordPgid(db: Executor, id: number, pgid: number): Promise<void> {
  await db.updateTable('runs').set({ pgid }).where('id', '=', id).execute();
}

/**
 * markSpawning for many runs in two statements (a burst of commands must not take one write,
 * and one pool connection, each): returns the ids that are still this instance's.
 */
export async function markSpawningMany(db: Executor, ids: number[], instance: string, now: number): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  await db.updateTable('runs').set({ spawnedAt: now }).where('id', 'in', ids).where('status', '=', 'running').where('instance', '=', instance).where('spawnedAt', 'is', null).execute();
  const rows = await db.selectFrom('runs').select('id').where('id', 'in', ids).where('instance', '=', instance).where('spawnedAt', '=', now).execute();
  return new Set(rows.map((r) => r.id));
}
