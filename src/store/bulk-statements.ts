import type { Run, RunStatus, Task, TaskStatus } from '../domain/index.ts';
import { locksRows, type DialectName, type Executor } from './database.ts';
import { finishRuns, insertRunsBulk, type NewRun } from './run-repository.ts';
import { advanceTasks, lockDueTasks } from './task-repository.ts';

/** One outcome written to many runs. */
export interface RunOutcome {
  status: RunStatus;
  finishedAt: number;
  exitCode?: number | null;
  output?: string | null;
  error?: string | null;
}

/** Claimed tasks moving to the same next slot with the same number of fires. */
export interface TaskAdvance {
  ids: number[];
  nextRunAt: number | null;
  fired: number;
  status: TaskStatus;
}

/**
 * The statements a burst runs once per task or run, thousands at a time: reading due tasks,
 * recording their runs, advancing them, writing results. Each dialect may do them its fastest
 * way; call them inside `Database.write` (on SQLite they share its one connection and transaction).
 */
export interface BulkStatements {
  /**
   * Active tasks due at or before `now`, and message-only ones due up to `messagesUntil` when it
   * is later, oldest first (locked, SKIP LOCKED, where rows lock).
   */
  lockDueTasks(tx: Executor, now: number, limit: number, messagesUntil?: number): Promise<Task[]>;
  /** Records scheduled runs, skipping those whose unique key exists already; returns those this call inserted. */
  insertRuns(tx: Executor, runs: NewRun[], instance: string): Promise<Run[]>;
  advanceTasks(tx: Executor, groups: Iterable<TaskAdvance>, now: number): Promise<void>;
  /** Writes one outcome to those of `ids` still running or queued (and held by `owner`); returns the ids changed. */
  finishRuns(tx: Executor, ids: number[], out: RunOutcome, owner?: string): Promise<number[]>;
}

/** The statements through Kysely, for any dialect (MySQL and PostgreSQL use these). */
export function kyselyBulk(dialect: DialectName): BulkStatements {
  const skipLocked = locksRows(dialect);
  return {
    lockDueTasks: (tx, now, limit, messagesUntil) => lockDueTasks(tx, now, limit, skipLocked, messagesUntil),
    insertRuns: (tx, runs, instance) => insertRunsBulk(tx, runs, instance, dialect),
    async advanceTasks(tx, groups, now) {
      for (const g of groups) await advanceTasks(tx, g.ids, g, now);
    },
    finishRuns: (tx, ids, out, owner) => finishRuns(tx, ids, out, owner),
  };
}
