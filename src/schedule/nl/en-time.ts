// English clock times: "at 9", "9:30am", "1730", "noon", "half past nine", "from 9 to 17".
import type { Tod } from './calendar.ts';
import { Cursor } from './cursor.ts';
import { num, R } from './en-lexicon.ts';
import { fail, NlError } from './errors.ts';
import type { Spec } from './spec.ts';

/** A clock time as read from English; `meridiem` when am/pm, noon or midnight fixed the half of the day. */
export type EnTod = Tod & { meridiem?: 'am' | 'pm' };

function toTod(m: RegExpExecArray, offset = 1, needMarker = false): EnTod | null {
  let h = Number(m[offset]);
  const min = m[offset + 1] ? Number(m[offset + 1]) : 0;
  const s = m[offset + 2] ? Number(m[offset + 2]) : 0;
  const mer = m[offset + 3];
  if (needMarker && !mer && m[offset + 1] === undefined) return null;
  if (mer) {
    if (h < 1 || h > 12) throw fail('bad_time');
    if (mer.startsWith('p') && h < 12) h += 12;
    if (mer.startsWith('a') && h === 12) h = 0;
  }
  if (h > 23 || min > 59 || s > 59) throw fail('bad_time');
  const bare = !mer && m[offset + 1] === undefined;
  const tod: EnTod = s ? { h, m: min, s } : bare ? { h, m: min, bare } : { h, m: min };
  if (mer) tod.meridiem = mer.startsWith('a') ? 'am' : 'pm';
  return tod;
}

/** One clock time; with `needMarker`, a bare number counts only with minutes or am/pm. */
export function oneTime(c: Cursor, needMarker: boolean): EnTod | null {
  // "12 noon", "12 midnight": the word says which twelve
  const n = c.eat(R.twelve) ?? c.eat(R.noon);
  if (n) return n[1] === 'midnight' ? { h: 0, m: 0, meridiem: 'am' } : { h: 12, m: 0, meridiem: 'pm' };
  const save = c.i;
  const k = c.eat(R.compactTime);
  if (k) return toTod([k[0], k[1], k[2], undefined, k[3]] as unknown as RegExpExecArray, 1);
  // "at 1730", "0830": four digits are a clock time after "at" or with a leading zero (never a year)
  const k24 = c.eat(R.compact24);
  if (k24 && (!needMarker || k24[1][0] === '0')) return { h: Number(k24[1]), m: Number(k24[2]) };
  c.i = save;
  const t = c.eat(R.time);
  if (!t) return null;
  const tod = toTod(t, 1, needMarker);
  if (!tod) c.i = save;
  return tod;
}

// "half past nine", "quarter to 10pm", "10 past 9": hours without am/pm are bare, as "at 9" is.
function pastTo(c: Cursor): EnTod | null {
  const p = c.eat(R.pastTo);
  if (!p) return null;
  const tod = toTod([p[0], String(num(p[3])), undefined, undefined, p[4]] as unknown as RegExpExecArray, 1);
  if (!tod) return null;
  const past = p[1] === 'half' ? 30 : p[1] === 'quarter' ? 15 : p[1] ? Number(p[1]) : null;
  if (past != null) {
    if (past < 1 || past > 59) throw fail('bad_time');
    return { ...tod, m: past };
  }
  if (tod.h === 0) throw fail('bad_time'); // a quarter to midnight is 23:45 of the day before: write 11:45pm
  return { ...tod, h: tod.h - 1, m: 45 };
}

// "at nine", "at nine o'clock": a number word is an hour only after "at" in a phrase that already
// names its day or repetition ("look at one thing" stays task text).
function hourWord(c: Cursor): EnTod | null {
  const w = c.eat(R.hourWord);
  return w ? toTod([w[0], String(num(w[1])), undefined, undefined, w[2]] as unknown as RegExpExecArray, 1) : null;
}

function clockTime(c: Cursor, needMarker: boolean, words: boolean): EnTod | null {
  return pastTo(c) ?? oneTime(c, needMarker) ?? (words ? hourWord(c) : null);
}

/** "at 9am", "9:30 and 17:30": the times of day of a phrase. */
export function timeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  // "EOD", "COB", "end of day": the end of the working day, 17:00
  const eod = c.eat(R.eod);
  if (eod) {
    spec.times = [...(spec.times ?? []), { h: 17, m: 0 }];
    spec.notes = [...(spec.notes ?? []), { k: 'read_as', said: eod[1].length === 3 ? eod[1].toUpperCase() : eod[1].replace(/\s+/g, ' '), as: { en: '17:00', zh: '17:00' } }];
    return true;
  }
  const at = c.eat(R.at);
  const words = at != null && (spec.rec != null || spec.day != null);
  const first = clockTime(c, !at, words);
  if (!first) {
    c.i = save;
    return false;
  }
  const list = [first];
  for (;;) {
    const s2 = c.i;
    if (!c.eat(R.listSep)) break;
    // "at 9am, 5 times": a count of runs, read by limit(), not a second time
    if (c.eat(R.times)) {
      c.i = s2;
      break;
    }
    c.eat(R.at);
    const t = clockTime(c, false, words);
    if (!t) {
      c.i = s2;
      break;
    }
    list.push(t);
  }
  spec.times = [...(spec.times ?? []), ...list];
  return true;
}

/**
 * The two ends of a range read as the writer means them: "2 to 4pm" is 14–16, "9 to 5" 9–17.
 * am/pm written on one end only carries to the other when that keeps the range going forward.
 */
function carry(from: EnTod, to: EnTod): { from: EnTod; to: EnTod } {
  if (!from.meridiem && to.meridiem === 'pm' && from.h < 12 && from.h + 12 <= to.h) from = { h: from.h + 12, m: from.m };
  else if (!to.meridiem && to.h < from.h && to.h + 12 > from.h && to.h + 12 <= 23) to = { h: to.h + 12, m: to.m };
  return { from, to };
}

/** "from 9 to 17", "between 9am and 5pm", "2-3pm", "9-5": a range of clock times. */
export function rangeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (c.eat(R.businessHours)) {
    spec.range = { from: { h: 9, m: 0 }, to: { h: 17, m: 0 } };
    spec.notes = [...(spec.notes ?? []), { k: 'read_as', said: 'business hours', as: { en: '09:00 to 17:00', zh: '9:00 至 17:00' } }];
    return true;
  }
  const word = c.eat(R.range) != null;
  const from = oneTime(c, false);
  if (from && (word ? c.eat(R.to) : c.eat(R.dash))) {
    const to = oneTime(c, false);
    // without "from", "10-12" is a range only with am/pm or minutes, or after a day or repetition:
    // "10-12 people" stays task text
    const sure = word || from.meridiem || to?.meridiem || !from.bare || !to?.bare || spec.rec || spec.day;
    if (to && sure) {
      // with no hourly step after it, "every monday 9-10am" is a meeting: build fires it at the
      // start and says how to repeat within the span instead
      spec.range = carry(from, to);
      return true;
    }
  }
  c.i = save;
  return false;
}
