// English days: "tomorrow", "next friday", "march 3rd", "3/20", "2026-12-01 09:00".
import { Cursor } from './cursor.ts';
import { dayOffset, DOWS, isTonight, MONTHS, R } from './en-lexicon.ts';
import { setPart } from './en-parts.ts';
import { timeClause } from './en-time.ts';
import { fail } from './errors.ts';
import { namedDay, namedDayBefore, whichWeek, whichWeekendDay, workdayAhead } from './en-refusals.ts';
import type { DayRef, Spec } from './spec.ts';

/** A day named in a phrase ("tomorrow", "next friday", "march 3rd", "3/20"), or null. */
export function dateRef(c: Cursor): DayRef | null {
  const iso = c.eat(R.iso);
  if (iso) return { k: 'date', y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) };
  const md = c.eat(R.monthDay);
  if (md) return { k: 'date', m: MONTHS[md[1]], d: Number(md[2]), ...(md[3] ? { y: Number(md[3]) } : {}) };
  const sl = c.eat(R.slash);
  if (sl) {
    const y = sl[3] ? (sl[3].length === 2 ? 2000 + Number(sl[3]) : Number(sl[3])) : undefined;
    return { k: 'date', m: Number(sl[1]), d: Number(sl[2]), ...(y ? { y } : {}) };
  }
  const dm = c.eat(R.dayMonth);
  if (dm) return { k: 'date', m: MONTHS[dm[2]], d: Number(dm[1]), ...(dm[3] ? { y: Number(dm[3]) } : {}) };
  // "on the 15th": the coming 15th, once
  const o = c.eat(R.theOrdinal);
  if (o) return { k: 'dom', d: Number(o[1]) };
  const t = c.eat(R.today);
  if (t) return { k: 'rel', days: dayOffset(t[1]) };
  const tn = c.eat(R.thisNext);
  if (tn) return tn[1] === 'next' ? { k: 'week', dow: DOWS[tn[2]], weeks: 1 } : tn[1] === 'this' ? { k: 'week', dow: DOWS[tn[2]], weeks: 0 } : { k: 'dow', dow: DOWS[tn[2]] };
  if (c.eat(R.nextWeek)) return { k: 'week', dow: 1, weeks: 1 };
  const save = c.i;
  const nw = c.eat(R.nextWorkday);
  if (nw) throw workdayAhead(nw[0]);
  const d = c.eat(R.dow);
  if (d) {
    const named = namedDayBefore(c.s, d.index, d[0]);
    if (named) throw namedDay(named);
    const dow = DOWS[d[1]];
    // "friday next week", "thursday of next week": that week's day
    const w = c.eat(R.weekOf);
    if (w) {
      if (w[1]) return { k: 'week', dow, weeks: w[1] === 'next' ? 1 : 0 };
      // "monday after next": weeks start on Monday, so the coming Monday is always next week's;
      // for any other day it depends on today's, which the grammar does not know
      if (dow === 1) return { k: 'week', dow, weeks: 2 };
      throw whichWeek(c.s.slice(d.index, c.i));
    }
    // "Sat. 3pm": the abbreviation's full stop
    if (c.s.charCodeAt(c.i) === 0x2e && d[0].trim().length <= 5) c.i++;
    // "sun", "sat", "wed" are also words: bare, they count only before a date or a time
    if (d[0].trim().length <= 5 && !followedByWhen(c)) {
      c.i = save;
      return null;
    }
    return { k: 'dow', dow };
  }
  return null;
}

function followedByWhen(c: Cursor): boolean {
  const save = c.i;
  c.ws(true);
  const ok = timeClause(c, {}) || c.eat(R.monthDay) != null || c.eat(R.slash) != null || c.eat(R.dayMonth) != null;
  c.i = save;
  return ok;
}

/** The day of a one-shot phrase, an ISO date-time included; false when none is at the cursor. */
export function dayClause(c: Cursor, spec: Spec): boolean {
  // "Sat, Mar 7": the date is the more precise of the two
  if (spec.day && spec.day.k === 'dow') {
    const save = c.i;
    const d = c.eat(R.monthDay) ?? c.eat(R.slash);
    if (d) {
      c.i = save;
      spec.day = undefined;
    } else return false;
  }
  if (spec.day) return false;
  const save = c.i;
  // "end of the week": its Friday (working days are Monday to Friday); past on a weekend, refused
  const we0 = c.eat(R.weekEnd);
  if (we0) {
    const next = we0[1]?.trim() === 'next';
    spec.day = { k: 'week', dow: 5, weeks: next ? 1 : 0 };
    spec.notes = [...(spec.notes ?? []), { k: 'read_as', said: next ? 'end of next week' : 'end of the week', as: { en: next ? "next week's Friday" : "this week's Friday", zh: next ? '下周五' : '本周五' } }];
    return true;
  }
  const wf = c.eat(R.weeksFrom);
  if (wf) throw whichWeek(wf[0]);
  // "on the weekend at 10am": Saturday or Sunday? Alone, "this weekend" stays task text
  const we = c.eat(R.theWeekend);
  if (we) {
    if (spec.times || followedByWhen(c)) throw whichWeekendDay(we[0]);
    c.i = save;
    return false;
  }
  // "at 2026-12-01 09:00": the preposition belongs to the date
  const pre = c.eat(R.at) ?? c.eat(R.on);
  const iso = c.eat(R.iso);
  if (pre && !iso) c.i = save;
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[7] && iso[4]) {
      const off = iso[7] === 'z' ? 'Z' : iso[7].length === 5 ? `${iso[7].slice(0, 3)}:${iso[7].slice(3)}` : iso[7];
      const at = Date.parse(`${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${off}`);
      if (!Number.isFinite(at)) throw fail('bad_date');
      spec.at = at;
      return true;
    }
    spec.day = { k: 'date', y, m, d };
    if (iso[4]) spec.times = [...(spec.times ?? []), { h: Number(iso[4]), m: Number(iso[5]), ...(iso[6] ? { s: Number(iso[6]) } : {}) }];
    return true;
  }
  c.eat(R.on);
  // "this afternoon", "this evening": today, at that part of the day
  const tp = c.eat(R.thisPart);
  if (tp) {
    spec.day = { k: 'rel', days: 0 };
    if (!spec.partTod) setPart(spec, tp[1]);
    return true;
  }
  const t = c.eat(R.today);
  if (t) {
    if (isTonight(t[1]) && !spec.partTod) setPart(spec, 'night');
    spec.day = { k: 'rel', days: dayOffset(t[1]) };
    return true;
  }
  const ref = dateRef(c);
  if (!ref) {
    c.i = save;
    return false;
  }
  spec.day = ref;
  return true;
}
