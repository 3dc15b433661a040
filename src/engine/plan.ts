import type { Task, TaskStatus } from '../domain/index.ts';
import { nextInWindow } from '../schedule/index.ts';

/** Slots of one due task to fire now, and where its schedule goes next. */
export interface FirePlan {
  /** Occurrences to fire now, oldest first. */
  fire: number[];
  /** 1 when the misfire policy dropped missed occurrences (their number is not walked). */
  missed: number;
  /** A one-off task's instant that passed beyond the grace time and will not run (told to its chat). */
  missedOnce: number | null;
  nextRunAt: number | null;
  runCount: number;
  status: TaskStatus;
}

/** At most this many missed slots are caught up after one outage (misfire `all`), oldest first. */
export const MAX_CATCH_UP = 100;
const MAX_WALK = 10_000; // slots walked to find the latest one within the grace time

/**
 * Decides what a due task fires at `now`. Pure: the schedule, the window, the misfire policy
 * and the run count decide; nothing is read or written.
 *
 * A slot is late when `now` is past it (the service was down, or busy). A slot at most
 * `misfireGraceMs` late is on time. `skip` fires the latest slot if it is on time and drops the
 * others; `once` fires one run: the latest slot if it is on time, else the oldest missed one;
 * `all` fires every slot due by now, in order, at most MAX_CATCH_UP (the rest are dropped).
 * A slot claimed ahead (due just after now, within the claim-ahead window) fires as it is.
 */
export function planFire(task: Task, now: number): FirePlan {
  const due = task.nextRunAt!;
  const w = task.window;
  const p = task.policies;
  let runCount = task.runCount;
  const maxLeft = () => (w.maxRuns != null ? w.maxRuns - runCount : Infinity);
  const after = (t: number) => nextInWindow(task.schedule, w, t);
  const fire: number[] = [];
  const take = (slot: number) => {
    fire.push(slot);
    runCount++;
  };
  let missed = 0;
  let missedOnce: number | null = null;
  let next: number | null;
  if (due > now) {
    take(due);
    next = after(due);
  } else if (p.misfire === 'all') {
    next = due;
    while (next != null && next <= now && fire.length < MAX_CATCH_UP && maxLeft() > 0) {
      take(next);
      next = after(next);
    }
    if (next != null && next <= now) {
      missed = 1; // past the cap: the rest is dropped
      next = after(now);
    }
  } else {
    // The latest slot due by now, found by walking only the slots within the grace time.
    const onTimeFrom = now - p.misfireGraceMs;
    let latest: number | null = null;
    let t = due >= onTimeFrom ? due : after(onTimeFrom - 1);
    for (let i = 0; t != null && t <= now && i < MAX_WALK; i++) {
      latest = t;
      t = after(t);
    }
    if (latest != null && maxLeft() > 0) take(latest);
    else if (p.misfire === 'once' && maxLeft() > 0) take(due);
    if (fire.length === 0 || fire[0] !== due) missed = 1;
    if (task.schedule.kind === 'once' && fire.length === 0) missedOnce = due;
    next = after(Math.max(now, latest ?? now));
  }
  let status: TaskStatus = 'active';
  if (next == null || maxLeft() <= 0) {
    next = null;
    status = 'finished';
  }
  return { fire, missed, missedOnce, nextRunAt: next, runCount, status };
}
