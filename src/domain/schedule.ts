/** How a task's fire instants are computed. All instants are epoch milliseconds (UTC). */
export type ScheduleKind = 'cron' | 'every' | 'once';

/**
 * A schedule as stored and computed.
 * - cron: `expr` is a 5- or 6-field cron expression read in `tz`; day of month OR day of week when
 *   both are restricted (as on Linux), AND when the weekday field starts with `+`.
 * - every: `expr` is a duration ("2m", "1h30m", "14d"); sub-day intervals count elapsed time
 *   from `anchor`, whole-day intervals step calendar days in `tz` and keep the wall time.
 * - once: `expr` is the ISO instant; `anchor` holds it in ms.
 */
export interface Schedule {
  kind: ScheduleKind;
  expr: string;
  tz: string;
  /** ms; the first slot of an `every` schedule, the instant of a `once` schedule. */
  anchor?: number | null;
}

/** Limits on when and how often a schedule fires. */
export interface Window {
  startAt?: number | null; // ms
  endAt?: number | null; // ms
  maxRuns?: number | null;
}
