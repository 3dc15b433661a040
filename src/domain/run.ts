/** `chain`: started by the end of another task's run (`parentRunId`). */
export type RunTrigger = 'schedule' | 'manual' | 'retry' | 'chain';

/**
 * `queued` is a run that is owed but not started: a retry waiting out its backoff, or an
 * occurrence waiting for the previous run under the `queue` overlap policy.
 */
export type RunStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'skipped'
  | 'interrupted'
  /** Ended on request (console, API, CLI or chat): `error` says by whom. */
  | 'stopped';

/** One execution (or recorded non-execution) of one occurrence of a task. */
export interface Run {
  id: number;
  taskId: number;
  scheduledFor: number; // ms
  trigger: RunTrigger;
  attempt: number;
  status: RunStatus;
  dueAt: number | null; // ms, for queued runs
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  output: string | null;
  message: string | null;
  error: string | null;
  instance: string | null;
  /** The runner label this run waits for (null: it runs on the server). */
  runOn?: string | null;
  /** The runner that took it. */
  runner?: string | null;
  /** For chained runs: the run whose end started this one. */
  parentRunId?: number | null;
  /**
   * A queued occurrence whose slot met a run held by an instance not heard from since the slot:
   * it waits to learn whether that run was still running (then it is skipped or queued by the
   * overlap policy) or its holder had died (then it runs).
   */
  overlapPending?: boolean;
}

/** Statuses after which a run never changes again. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = [
  'succeeded',
  'failed',
  'timed_out',
  'skipped',
  'interrupted',
  'stopped',
];
