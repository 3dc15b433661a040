// Only the English locale: the package's root module loads every language (5× the modules).
import * as chronoEn from 'chrono-node/en';
import { offsetMinutes } from '../zone.ts';
import type { Spec } from './spec.ts';
import { isZone } from './zones.ts';

const CHRONO_MAX = 160; // characters

/**
 * English one-shot dates the hand-written grammar does not know ("Sat, Mar 7 at 10am",
 * "3/20 5pm"), read by chrono-node. chrono ignores IANA names in its timezone option, so the
 * reference carries the zone's offset at `now` in minutes, and only the wall fields chrono
 * found are kept: the instant is rebuilt in `tz`, never from chrono's Date (which depends on
 * the process timezone).
 */
export function chronoEnglish(text: string, now: number, tz: string): { spec: Spec; start: number; end: number } | null {
  const ref = { instant: new Date(now), timezone: offsetMinutes(now, tz) };
  // chrono's cost grows with the text; a date written in a chat message sits near its start
  const results = chronoEn.casual.parse(text.slice(0, CHRONO_MAX), ref, { forwardDate: true });
  const r = results[0];
  // "sun", "sat", "mar" alone are words more often than dates
  if (!r || (!/\d/.test(r.text) && r.text.trim().length < 6)) return null;
  const st = r.start;
  if (!st.isCertain('day') && !st.isCertain('weekday') && !st.isCertain('month')) return null;
  // "9am PST": chrono takes the zone into its text, and the wall time kept below would drop it;
  // left out of the phrase, the zone stays in the task text, where it is refused.
  if (isZone(r.text)) return null;
  const spec: Spec = {
    day: { k: 'date', m: st.get('month') ?? 1, d: st.get('day') ?? 1, ...(st.isCertain('year') ? { y: st.get('year') ?? undefined } : {}) },
  };
  if (st.isCertain('hour')) spec.times = [{ h: st.get('hour') ?? 9, m: st.get('minute') ?? 0 }];
  // a certain weekday without a certain day: chrono picked the date; keep its year too
  if (!st.isCertain('day')) spec.day = { k: 'date', y: st.get('year') ?? undefined, m: st.get('month') ?? 1, d: st.get('day') ?? 1 };
  return { spec, start: r.index, end: r.index + r.text.length };
}
