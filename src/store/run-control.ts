import type { Executor } from './database.ts';

/** What a stop request found: the run was running (its holder will stop it), queued (ended now), or already over. */
export type StopRequestResult = 'requested' | 'stopped' | 'finished';

/**
 * Asks for a run to be stopped. A running run gets the request stored on its row; the replica
 * that holds it reads it within ~500 ms, kills the process tree and records `stopped`. A queued
 * run has no process: it is ended `stopped` here. The first request wins (its author is who
 * stopped it); a later one on a run still stopping answers `requested` too.
 */
export async function requestStop(db: Executor, id: number, by: string, now: number): Promise<StopRequestResult> {
  const queued = await db
    .updateTable('runs')
    .set({ status: 'stopped', finishedAt: now, error: `stopped by ${by}`, stopRequestedBy: by, stopRequestedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (Number(queued.numUpdatedRows) > 0) return 'stopped';
  await db
    .updateTable('runs')
    .set({ stopRequestedBy: by, stopRequestedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('stopRequestedBy', 'is', null)
    .execute();
  const r = await db.selectFrom('runs').select(['status']).where('id', '=', id).executeTakeFirst();
  return r?.status === 'running' ? 'requested' : 'finished';
}

/** The stop requests among these runs (the ones a replica holds): run id → who asked. */
export async function stopRequestsAmong(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('runs')
      .select(['id', 'stopRequestedBy'])
      .where('id', 'in', ids.slice(i, i + 500))
      .where('stopRequestedBy', 'is not', null)
      .execute();
    for (const r of rows) found.set(r.id, r.stopRequestedBy!);
  }
  return found;
}

/** Writes the output so far of a running run (only while it runs: a late flush never overwrites the result). */
export async function writeLiveOutput(db: Executor, id: number, text: string): Promise<void> {
  await db.updateTable('runs').set({ liveOutput: text }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** A run's output as a reader sees it while it runs (live_output) and after (the recorded output). */
export async function readRunOutput(db: Executor, id: number): Promise<{ status: string; output: string | null; stopRequestedBy: string | null } | undefined> {
  const r = await db.selectFrom('runs').select(['status', 'output', 'liveOutput', 'stopRequestedBy']).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  // A remote runner's live output is appended to `output` itself (the runner holds no live copy).
  return { status: r.status, output: r.status === 'running' ? (r.liveOutput ?? r.output ?? '') : r.output, stopRequestedBy: r.stopRequestedBy ?? null };
}

/** The running and queued runs of a task, oldest first (what `/stop N` in chat stops). */
export async function activeRunIds(db: Executor, taskId: number): Promise<number[]> {
  const rows = await db.selectFrom('runs').select('id').where('taskId', '=', taskId).where('status', 'in', ['running', 'queued']).orderBy('id').execute();
  return rows.map((r) => r.id);
}
