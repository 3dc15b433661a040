import type { Cron } from 'croner';
import { followsRealTime } from './cron-fields.ts';
import { fromWallTime, nextOffsetChange, offsetMs } from './zone.ts';

const DAY = 86_400_000;
// The largest clock change handled (ms); real ones are 30 min (Lord Howe) to 2 h.
const MAX_SHIFT = 3 * 3_600_000;
const GUARD = 10_000; // wall slots or clock changes looked at before giving up

/** The first wall-clock slot of the pattern at or after wall time `w` (ms as if UTC). */
function wallAtOrAfter(p: Cron, w: number): number | null {
  // croner answers strictly after a whole second; 1 ms earlier makes it "at or after"
  const d = p.nextRun(new Date(w - 1));
  return d ? d.getTime() : null;
}

/** Every instant at which the clock of `tz` shows wall time `w`: none (a gap), one, or two (a repeat). */
export function instantsOf(w: number, tz: string): number[] {
  const out: number[] = [];
  for (const off of new Set([offsetMs(w - DAY, tz), offsetMs(w + DAY, tz), offsetMs(w, tz)])) {
    const t = w - off;
    if (offsetMs(t, tz) === off && !out.includes(t)) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

// The instant the wall-time rule fires wall slot `w` at: its first occurrence, or the end of the gap.
function wallRuleInstant(w: number, tz: string): number {
  const at = instantsOf(w, tz);
  if (at.length > 0) return at[0];
  const d = new Date(w);
  return fromWallTime(tz, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/**
 * The first fire instant strictly after `after` of a wall-clock pattern read in `tz`.
 * Wall-time rule (every hour field but `*`): a slot that occurs twice fires once, at its first
 * occurrence; a slot inside a gap fires once, at the first valid instant after it. Real-time rule
 * (hour `*`): every instant whose local time matches fires, so runs stay evenly spaced in real time.
 */
export function nextWallSlot(p: Cron, fields: string[], tz: string, after: number): number | null {
  const off = offsetMs(after, tz);
  const w1 = wallAtOrAfter(p, after + off + 1);
  if (w1 == null) return null;
  const t1 = w1 - off;
  // no clock change anywhere near: the wall slot maps straight to an instant
  if (nextOffsetChange(tz, after - MAX_SHIFT, t1) == null) return t1;
  return followsRealTime(fields) ? realTimeNext(p, tz, after) : wallRuleNext(p, tz, after, off);
}

// Real time: walk the stretches of constant offset from `after`; in each, local time grows with
// real time, so the first slot at or after the stretch's start is its first match.
function realTimeNext(p: Cron, tz: string, after: number): number | null {
  let s = after + 1;
  for (let guard = 0; guard < GUARD; guard++) {
    const off = offsetMs(s, tz);
    const w = wallAtOrAfter(p, s + off);
    if (w == null) return null;
    const change = nextOffsetChange(tz, s, w - off);
    if (change == null) return w - off;
    s = change;
  }
  return null;
}

// Wall time: slots map to instants in order (first occurrence, gap end), so the first slot whose
// instant is after `after` wins. No slot before the wall time of `after` can be later than it.
function wallRuleNext(p: Cron, tz: string, after: number, off: number): number | null {
  let w: number | null = after + off + 1;
  for (let guard = 0; guard < GUARD; guard++) {
    w = wallAtOrAfter(p, w);
    if (w == null) return null;
    const at = wallRuleInstant(w, tz);
    if (at > after) return at;
    w += 1;
  }
  return null;
}
