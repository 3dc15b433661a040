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

/**
 * Decides what a due task fires at `now`. Pure: the schedule, the window, the misfire policy
 * and the run count decide; nothing is read or written.
 *
 * A slot at most `misfireGraceMs` late is on time under every policy and fires (late, not lost:
 * a busy service catches up). Slots later than that are missed: `skip` fires none of them, `once`
 * fires one (the oldest) as a catch-up, `all` fires every one of them in order, at most
 * MAX_CATCH_UP (the rest are dropped). A slot claimed ahead (due just after now) fires as it is.
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
  let next: number | null = due;
  const onTimeFrom = now - p.misfireGraceMs; // slots at or after this instant are on time
  if (due < onTimeFrom) {
    if (p.misfire === 'all') {
      while (next != null && next < onTimeFrom && fire.length < MAX_CATCH_UP && maxLeft() > 0) {
        take(next);
        next = after(next);
      }
    } else if (p.misfire === 'once' && maxLeft() > 0) {
      take(due);
    }
    if (next != null && next < onTimeFrom) {
      // What is still missed is dropped (no walk over a long outage): resume at the first on-time slot.
      missed = 1;
      if (task.schedule.kind === 'once' && fire.length === 0) missedOnce = due;
      next = after(onTimeFrom - 1);
    }
  }
  const upTo = Math.max(now, due); // a slot claimed ahead fires too
  while (next != null && next <= upTo && fire.length < MAX_CATCH_UP && maxLeft() > 0) {
    take(next);
    next = after(next);
  }
  let status: TaskStatus = 'active';
  if (next == null || maxLeft() <= 0) {
    next = null;
    status = 'finished';
  }
  return { fire, missed, missedOnce, nextRunAt: next, runCount, status };
}
