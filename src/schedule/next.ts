import { UserError, type Schedule, type Window } from '../domain/index.ts';
import { compileCron, nextCron } from './cron.ts';
import { parseDuration } from './duration.ts';
import { assertTimezone, fromWallTime, wallTime } from './zone.ts';

const DAY = 86_400_000;

/** The first slot of `s` strictly after `afterMs`, ignoring the window; null when none. */
export function slotAfter(s: Schedule, afterMs: number): number | null {
  switch (s.kind) {
    case 'cron':
      return nextCron(s.expr, s.tz, afterMs);
    case 'once': {
      const at = s.anchor ?? Date.parse(s.expr);
      return at > afterMs ? at : null;
    }
    case 'every': {
      const step = parseDuration(s.expr);
      const anchor = s.anchor ?? 0;
      if (afterMs < anchor) return anchor;
      if (step % DAY === 0) return nextCalendarStep(anchor, step / DAY, s.tz, afterMs);
      const k = Math.floor((afterMs - anchor) / step) + 1;
      return anchor + k * step;
    }
  }
}

// Whole-day intervals keep their wall time across DST: step calendar days in the zone.
function nextCalendarStep(anchor: number, days: number, tz: string, afterMs: number): number {
  const a = wallTime(anchor, tz);
  const anchorDay = Date.UTC(a.year, a.month - 1, a.day);
  const elapsedDays = Math.floor((afterMs - anchor) / DAY);
  let k = Math.max(0, Math.floor(elapsedDays / days) - 1);
  for (;;) {
    const d = new Date(anchorDay + k * days * DAY);
    const at = fromWallTime(tz, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), a.hour, a.minute, a.second);
    if (at > afterMs) return at;
    k++;
  }
}

/** The first slot strictly after `afterMs` that falls inside the window, or null. */
export function nextInWindow(s: Schedule, w: Window, afterMs: number): number | null {
  let from = afterMs;
  if (w.startAt != null && from < w.startAt - 1) from = w.startAt - 1;
  const at = slotAfter(s, from);
  if (at == null) return null;
  if (w.endAt != null && at > w.endAt) return null;
  return at;
}

/** The next `count` fire instants after `afterMs`, honouring the window and max runs left. */
export function nextRuns(s: Schedule, w: Window, afterMs: number, count: number, runsSoFar = 0): number[] {
  const out: number[] = [];
  let left = w.maxRuns != null ? Math.max(0, w.maxRuns - runsSoFar) : Infinity;
  let t = afterMs;
  while (out.length < count && left > 0) {
    const at = nextInWindow(s, w, t);
    if (at == null) break;
    out.push(at);
    t = at;
    left--;
  }
  return out;
}

/** Checks a schedule and its window; throws UserError naming the field at fault. */
export function validateSchedule(s: Schedule, w: Window = {}): void {
  assertTimezone(s.tz);
  if (s.kind === 'cron') compileCron(s.expr, s.tz);
  else if (s.kind === 'every') parseDuration(s.expr);
  else if (!Number.isFinite(s.anchor ?? Date.parse(s.expr))) {
    throw new UserError('bad_instant', { en: `"${s.expr}" is not a date and time`, zh: `“${s.expr}”不是有效的日期时间` }, 'at');
  }
  if (w.startAt != null && w.endAt != null && w.endAt <= w.startAt) {
    throw new UserError('end_before_start', { en: 'the end must be after the start', zh: '结束时间必须晚于开始时间' }, 'endAt');
  }
  if (w.maxRuns != null && (!Number.isInteger(w.maxRuns) || w.maxRuns < 1)) {
    throw new UserError('bad_max_runs', { en: 'the number of runs must be a whole number of at least 1', zh: '执行次数必须是不小于 1 的整数' }, 'maxRuns');
  }
}
