import type { Task, TaskStatus } from '../domain/index.ts';
import { nextInWindow } from '../schedule/index.ts';

/** Slots of one due task to fire now, and where its schedule goes next. */
export interface FirePlan {
  /** Occurrences to fire now, oldest first. */
  fire: number[];
  /** 1 when the misfire policy dropped missed occurrences (their number is not walked). */
  missed: number;
  nextRunAt: number | null;
  runCount: number;
  status: TaskStatus;
}

/** At most this many missed slots are caught up in one claim (misfire `all`); the rest stay due. */
export const MAX_CATCH_UP = 100;

/**
 * Decides what a due task fires at `now`. Pure: the schedule, the window, the misfire policy
 * and the run count decide; nothing is read or written.
 */
export function planFire(task: Task, now: number): FirePlan {
  const due = task.nextRunAt!;
  const w = task.window;
  let runCount = task.runCount;
  const maxLeft = () => (w.maxRuns != null ? w.maxRuns - runCount : Infinity);
  const fire: number[] = [];
  let missed = 0;
  let next: number | null = due;
  if (now - due <= task.policies.misfireGraceMs) {
    fire.push(due);
    runCount++;
    next = nextInWindow(task.schedule, w, due);
  } else if (task.policies.misfire === 'all') {
    while (next != null && next <= now && fire.length < MAX_CATCH_UP && maxLeft() > 0) {
      fire.push(next);
      runCount++;
      next = nextInWindow(task.schedule, w, next);
    }
  } else {
    // skip: drop what was missed; once: one catch-up run for the first missed slot. Either way
    // the schedule resumes at its next slot after now (no walk over a long outage).
    missed = 1;
    if (task.policies.misfire === 'once' && maxLeft() > 0) {
      fire.push(due);
      runCount++;
      missed = 0;
    }
    next = nextInWindow(task.schedule, w, now);
  }
  let status: TaskStatus = 'active';
  if (next == null || maxLeft() <= 0) {
    next = null;
    status = 'finished';
  }
  return { fire, missed, nextRunAt: next, runCount, status };
}
