// English clock times: "at 9", "9:30am", "1730", "noon", "from 9 to 17", "tomorrow morning".
import type { Tod } from './calendar.ts';
import { Cursor } from './cursor.ts';
import { R } from './en-lexicon.ts';
import { fail } from './errors.ts';
import type { Spec } from './spec.ts';

function toTod(m: RegExpExecArray, offset = 1, needMarker = false): Tod | null {
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
  return s ? { h, m: min, s } : bare ? { h, m: min, bare } : { h, m: min };
}

/** One clock time; with `needMarker`, a bare number counts only with minutes or am/pm. */
export function oneTime(c: Cursor, needMarker: boolean): Tod | null {
  const n = c.eat(R.noon);
  if (n) return n[1] === 'midnight' ? { h: 0, m: 0 } : { h: 12, m: 0 };
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

/** "at 9am", "9:30 and 17:30": the times of day of a phrase. */
export function timeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const at = c.eat(R.at);
  const first = oneTime(c, !at);
  if (!first) {
    c.i = save;
    return false;
  }
  const list = [first];
  for (;;) {
    const s2 = c.i;
    if (!c.eat(R.listSep)) break;
    c.eat(R.at);
    const t = oneTime(c, false);
    if (!t) {
      c.i = s2;
      break;
    }
    list.push(t);
  }
  spec.times = [...(spec.times ?? []), ...list];
  return true;
}

/** "from 9 to 17", "between 9am and 5pm": the range of an hourly repetition. */
export function rangeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.range)) return false;
  const from = oneTime(c, false);
  if (from && c.eat(R.to)) {
    const to = oneTime(c, false);
    if (to) {
      spec.range = { from, to };
      return true;
    }
  }
  c.i = save;
  return false;
}

// "tomorrow morning", "friday evening": a part of the day after a day word.
export function partOfDay(c: Cursor, spec: Spec): boolean {
  if (!spec.day || spec.partTod) return false;
  const p = c.eat(R.partOfDay);
  if (!p) return false;
  const h = p[1] === 'morning' ? 9 : p[1] === 'afternoon' ? 14 : p[1] === 'evening' ? 18 : 21;
  spec.partTod = { h, m: 0 };
  if (h >= 14) spec.evening = true;
  return true;
}
