import type BetterSqlite from 'better-sqlite3';
import type { Run } from '../../domain/index.ts';
import type { BulkStatements } from '../bulk-statements.ts';
import { insertedRun, type NewRun } from '../run-repository.ts';
import { TASK_COLUMNS, taskRowOf } from '../task-row.ts';
import { toTask } from '../task-repository.ts';

const RUN_COLUMNS = ['task_id', 'scheduled_for', 'trigger', 'attempt', 'status', 'due_at', 'started_at', 'instance', 'finished_at', 'exit_code', 'output', 'message', 'error', 'run_on', 'runner', 'parent_run_id', 'overlap_pending'];

/**
 * The burst's statements on SQLite, straight on better-sqlite3: each prepared once and run once
 * per row inside the caller's transaction (a prepared single-row statement costs a few µs; a
 * 500-row statement built by Kysely cost ~35 µs a row to build, bind and read back), tasks read
 * as arrays. The connection is the one `Database.write` holds, so call these only inside it.
 */
export function sqliteBulk(handle: BetterSqlite.Database): BulkStatements {
  // Prepared on first use: the file may not be migrated yet when the database opens.
  let s: ReturnType<typeof prepareAll> | undefined;
  const st = () => (s ??= prepareAll(handle));
  return {
    async lockDueTasks(_tx, now, limit, messagesUntil) {
      return (st().due.all(Math.max(now, messagesUntil ?? now), now, limit) as unknown[][]).map((a) => toTask(taskRowOf(a)));
    },
    async insertRuns(_tx, runs: NewRun[], instance) {
      const { insertRun } = st();
      const got: Run[] = [];
      for (const r of runs) {
        const info = insertRun.run(r.taskId, r.scheduledFor, r.trigger, r.attempt, r.status, r.dueAt ?? null, r.startedAt ?? null, instance, r.finishedAt ?? null, r.exitCode ?? null, r.output ?? null, r.message ?? null, r.error ?? null, r.runOn ?? null, r.runner ?? null, r.parentRunId ?? null, r.overlapPending ? 1 : null);
        // No change: another claim recorded this occurrence already, and keeps it.
        if (info.changes > 0) got.push(insertedRun(r, Number(info.lastInsertRowid), instance));
      }
      return got;
    },
    async advanceTasks(_tx, groups, now) {
      const { advance } = st();
      for (const g of groups) for (const id of g.ids) advance.run(g.nextRunAt, g.fired, g.status, now, id);
    },
    async finishRuns(_tx, ids, out, owner) {
      const stmt = owner === undefined ? st().finish : st().finishOwned;
      const changed: number[] = [];
      for (const id of ids) {
        const args = [out.status, out.finishedAt, out.exitCode ?? null, out.output ?? null, out.error ?? null, id];
        if (stmt.run(...(owner === undefined ? args : [...args, owner])).changes > 0) changed.push(id);
      }
      return changed;
    },
  };
}

function prepareAll(h: BetterSqlite.Database) {
  const finish = `update runs set live_output = null, status = ?, finished_at = ?, exit_code = ?, output = ?, error = ? where id = ? and status in ('running', 'queued')`;
  return {
    due: h.prepare(`select ${TASK_COLUMNS.join(', ')} from tasks where status = 'active' and next_run_at <= ? and (next_run_at <= ? or mode = 'message') order by next_run_at limit ?`).raw(true),
    insertRun: h.prepare(`insert into runs (${RUN_COLUMNS.join(', ')}) values (${RUN_COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`),
    advance: h.prepare(`update tasks set next_run_at = ?, run_count = run_count + ?, status = ?, updated_at = ? where id = ?`),
    finish: h.prepare(finish),
    // A run another instance took over (this one was silent past the lapse) is no longer ours to finish.
    finishOwned: h.prepare(`${finish} and instance = ?`),
  };
}
