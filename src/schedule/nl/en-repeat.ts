// English repetitions: "every 2 hours", "every monday and friday", "daily", "every 15th".
import { Cursor } from './cursor.ts';
import { DOWS, HOUR, MIN, MONTHS, num, ORDINALS, R, SEC, unitMs } from './en-lexicon.ts';
import { setPart } from './en-parts.ts';
import { fail, timesPerPeriod } from './errors.ts';
import { eitherDay, exceptOther, namedDay, namedDayBefore } from './en-refusals.ts';
import type { Nth, Rec, Spec } from './spec.ts';

/** The weekdays listed after `first` ("mon, wed and fri", "mon/wed/fri"), or spanned ("mon-fri", "monday through friday"). */
export function dowList(c: Cursor, first: number): number[] {
  c.eat(R.dot);
  const to = c.eat(R.dowTo);
  if (to) return dowSpan(first, DOWS[to[1]]);
  const list = [first];
  for (;;) {
    const save = c.i;
    c.eat(R.dowSep); // "Mon Wed and Fri": the separator may be a space
    const d = c.eat(R.dow);
    if (!d) {
      c.i = save;
      break;
    }
    c.eat(R.dot);
    list.push(DOWS[d[1]]);
  }
  const or = c.try(() => c.eat(R.orDow));
  if (or) throw eitherDay(c.s.slice(0, c.i).replace(/^.*?(\S+\s+or\s+\S+)$/, '$1'));
  return list;
}

const LETTER_DOW: Record<string, number> = { m: 1, tu: 2, w: 3, th: 4, r: 4, f: 5, sa: 6, su: 0 };


// "fri-mon" wraps over the weekend
function dowSpan(from: number, to: number): number[] {
  const out = [from];
  for (let d = from; d !== to; ) {
    d = (d + 1) % 7;
    out.push(d);
  }
  return out;
}

/** The n-th weekday of an `ordDow` match ("2nd tuesday", "last friday"). */
export function nthOf(m: RegExpExecArray): Nth {
  const k = m[1] ? Number(m[1]) : ORDINALS[m[2]];
  if (typeof k === 'number' && (k < 1 || k > 5)) throw fail('bad_date');
  return { dow: DOWS[m[3]], k };
}

/** "every …", "daily", "weekdays", "mondays": the repetition of a phrase. */
export function recurrence(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (perPeriod(c, spec)) return true;
  c.eat(R.onceBefore);
  const f = c.eat(R.freq);
  // A bare "weekly"/"daily" after a schedule is already read belongs to the task's text
  // ("every monday 10:00 weekly sync"), it does not replace the days read before it.
  if (f && spec.rec && f[1] !== 'hourly') {
    c.i = save;
    return false;
  }
  if (f) {
    setRec(spec, { ...(FREQ[f[1]] ?? { k: 'years' }) }); // a copy: later clauses fill in its days
    // "biweekly" also means twice a week: the reading is said back
    if (f[1].startsWith('bi')) spec.notes = [...(spec.notes ?? []), { k: 'biweekly' }];
    return true;
  }
  // "monday mornings", "weekday evenings": every such day, at that part of the day
  const dp = spec.rec || spec.day ? null : c.eat(R.dowParts);
  if (dp) {
    setRec(spec, { k: 'days', n: 1, dows: dp[1] ? [DOWS[dp[1]]] : dp[2] === 'weekday' ? [1, 2, 3, 4, 5] : [0, 6] });
    if (!spec.partTod) setPart(spec, dp[3]);
    return true;
  }
  const dl = c.eat(R.dowLetters);
  if (dl) {
    setRec(spec, { k: 'days', n: 1, dows: [...new Set(dl[1].split(/[\s,/]+/).map((l) => LETTER_DOW[l]))].sort((a, b) => a - b) });
    return true;
  }
  const ds = c.eat(R.dowShort);
  if (ds) {
    const k = ds[1].replace(/\s+/g, '');
    setRec(spec, { k: 'days', n: 1, dows: k === 'm-f' ? [1, 2, 3, 4, 5] : k === 'mwf' || k === 'm/w/f' ? [1, 3, 5] : [2, 4] });
    return true;
  }
  // "weekends", "on weekends": every Saturday and Sunday, as "weekdays" is every weekday
  if (c.eat(R.plainWeekends)) {
    setRec(spec, { k: 'days', n: 1, dows: [0, 6] });
    return true;
  }
  const pw = c.eat(R.plainWeekdays);
  if (pw) {
    setRec(spec, { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] });
    return true;
  }
  const pd = c.eat(R.plainDows);
  if (pd) {
    setRec(spec, { k: 'days', n: 1, dows: dowList(c, DOWS[pd[1]]) });
    return true;
  }
  // "monday to friday", "mon wed fri": no one-off falls on several weekdays, so they repeat
  const df = spec.rec || spec.day ? null : c.eat(R.dowFirst);
  if (df) {
    const dows = dowList(c, DOWS[df[1]]);
    if (dows.length > 1) {
      setRec(spec, { k: 'days', n: 1, dows });
      return true;
    }
    c.i = save;
  }
  if (!c.eat(R.every)) return false;
  if (c.eat(R.negative)) throw fail('bad_number');
  const rec = everyBody(c);
  if (!rec) {
    c.i = save;
    return false;
  }
  setRec(spec, rec.rec);
  if (rec.part && !spec.partTod) setPart(spec, rec.part);
  return true;
}

const FREQ: Record<string, Rec> = {
  daily: { k: 'days', n: 1 },
  weekly: { k: 'weeks', n: 1 },
  biweekly: { k: 'weeks', n: 2 },
  'bi-weekly': { k: 'weeks', n: 2 },
  fortnightly: { k: 'weeks', n: 2 },
  monthly: { k: 'months', n: 1 },
  quarterly: { k: 'months', n: 3 },
  hourly: { k: 'interval', ms: HOUR },
};

const PERIOD_OF: Record<string, string> = { daily: 'day', weekly: 'week', fortnightly: 'fortnight', monthly: 'month', quarterly: 'quarter', yearly: 'year', annually: 'year', hourly: 'hour' };

/** "once a week", "once daily": the period; "twice a week", "3 times a day" are refused, naming what to write. */
function perPeriod(c: Cursor, spec: Spec): boolean {
  const from = c.i;
  const m = c.eat(R.perPeriod);
  if (!m) return false;
  const count = m[1] === 'once' || m[1].startsWith('one') ? 1 : m[1] === 'twice' ? 2 : m[1] === 'thrice' ? 3 : num(m[2]);
  if (count !== 1) throw timesPerPeriod(c.s.slice(from, c.i));
  const period = m[3] ?? PERIOD_OF[m[4]];
  const rec: Rec =
    period === 'day' ? { k: 'days', n: 1 }
    : period === 'week' ? { k: 'weeks', n: 1 }
    : period === 'fortnight' ? { k: 'weeks', n: 2 }
    : period === 'month' ? { k: 'months', n: 1 }
    : period === 'quarter' ? { k: 'months', n: 3 }
    : period === 'hour' ? { k: 'interval', ms: HOUR }
    : { k: 'years' };
  // "every monday at 9 once a week": said twice, the same repetition
  const prev = spec.rec;
  if (prev && samePeriod(prev, rec)) return true;
  setRec(spec, rec);
  return true;
}

function samePeriod(a: Rec, b: Rec): boolean {
  if (b.k === 'weeks') return (a.k === 'weeks' && a.n === b.n) || (a.k === 'days' && b.n === 1 && a.dows?.length === 1);
  if (b.k === 'days') return a.k === 'days' && a.n === 1;
  if (b.k === 'months') return a.k === 'months' && a.n === b.n;
  if (b.k === 'interval') return a.k === 'interval' && a.ms === b.ms;
  return a.k === b.k;
}

/** Sets the repetition; a daily repetition and an hourly one combine into a range on those days. */
export function setRec(spec: Spec, rec: Rec): void {
  const prev = spec.rec;
  // "every weekday from 9 to 17 every 2 hours": the day part limits the hourly range.
  if (prev && prev.k === 'days' && prev.n === 1 && rec.k === 'interval') spec.rangeDows = prev.dows;
  // "every 2 hours from 9 to 17 on weekdays": the same, written the other way round.
  if (prev && prev.k === 'interval' && rec.k === 'days' && rec.n === 1) {
    spec.rangeDows = rec.dows;
    return;
  }
  if (prev && !(prev.k === 'days' && prev.n === 1 && rec.k === 'interval')) throw fail('two_schedules');
  spec.rec = rec;
}

function everyBody(c: Cursor): { rec: Rec; part?: string } | null {
  const ordDow = c.eat(R.ordDow);
  if (ordDow) {
    const nth = nthOf(ordDow);
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, nth } };
  }
  if (c.eat(R.lastDay)) {
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, doms: ['L'] } };
  }
  if (c.eat(R.halfHour)) return { rec: { k: 'interval', ms: 30 * MIN } };
  if (c.eat(R.weekday)) return { rec: { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] } };
  if (c.eat(R.weekend)) return { rec: { k: 'days', n: 1, dows: [0, 6] } };
  if (c.eat(R.day)) return { rec: { k: 'days', n: 1 } };
  const md = c.eat(R.monthDay);
  if (md) return { rec: { k: 'years', m: MONTHS[md[1]], d: checkMonthDay(MONTHS[md[1]], Number(md[2])) } };
  // "every evening": a part of the day, whose hour gives way to a clock time ("every evening at 6" is 18:00)
  const part = c.eat(R.morning);
  if (part) return { rec: { k: 'days', n: 1 }, part: part[1] };
  if (c.eat(R.fortnight)) return { rec: { k: 'weeks', n: 2 } };
  if (c.eat(R.quarter)) return { rec: { k: 'months', n: 3 } };
  const d = c.eat(R.dow);
  if (d) {
    const named = namedDayBefore(c.s, d.index, d[0]);
    if (named) throw namedDay(named);
    return { rec: { k: 'days', n: 1, dows: dowList(c, DOWS[d[1]]) } };
  }
  const ord = c.eat(R.ordinal);
  if (ord) {
    const doms = ordinalList(c, Number(ord[1]));
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, doms } };
  }
  const save = c.i;
  // "every 2h", "every 30m": the count and the unit written together
  const nu = c.eat(R.numUnit);
  const n = nu ?? c.eat(R.num);
  const count = n ? num(n[1]) : 1;
  const u = nu ? ([nu[0], nu[2]] as unknown as RegExpExecArray) : c.eat(R.unit);
  if (!u) {
    // "every other wednesday", "every 2 weeks" spelled with a weekday
    if (n) {
      const dd = c.eat(R.dow);
      if (dd) {
        if (count === 0) throw fail('zero_interval');
        return { rec: { k: 'weeks', n: count, dows: dowList(c, DOWS[dd[1]]) } };
      }
      if (n[1] === 'other' && c.eat(R.day)) return { rec: { k: 'days', n: 2 } };
    }
    c.i = save;
    return null;
  }
  if (count < 0) throw fail('bad_number');
  if (count === 0) throw fail('zero_interval');
  const unit = unitMs(u[1]);
  if (unit.ms) {
    const ms = Math.round(unit.ms * count);
    if (ms % SEC !== 0) throw fail('unsupported');
    return { rec: { k: 'interval', ms } };
  }
  if (!Number.isInteger(count)) throw fail('unsupported');
  if (unit.k === 'days') return { rec: { k: 'days', n: count } };
  if (unit.k === 'weeks') return { rec: { k: 'weeks', n: count * (unit.per ?? 1) } };
  if (unit.k === 'months') {
    const rec: Rec = { k: 'months', n: count * (unit.per ?? 1) };
    // "every month end", "every month first day": the day of the month said after it
    const tail = count === 1 && !unit.per ? c.eat(R.monthTail) : null;
    if (tail) rec.doms = [tail[1] === 'end' || tail[1].startsWith('last') ? 'L' : 1];
    return { rec };
  }
  if (count > 1) throw fail('unsupported'); // cron has no year field to step
  return { rec: { k: 'years' } };
}

/** `d` when day `d` of month `m` exists in some year; throws bad_date otherwise. */
export function checkMonthDay(m: number, d: number): number {
  if (d < 1 || d > 31 || new Date(Date.UTC(2024, m - 1, d)).getUTCMonth() !== m - 1) throw fail('bad_date');
  return d;
}

/** The days of the month listed after `first` ("1st and 15th", "15th, last day"). */
export function ordinalList(c: Cursor, first: number): Array<number | 'L'> {
  const list: Array<number | 'L'> = [first];
  for (;;) {
    const save = c.i;
    if (!c.eat(R.listSep)) break;
    const o = c.eat(R.ordinal) ?? c.eat(R.dayNumber);
    if (!o) {
      if (c.eat(R.lastDay)) {
        list.push('L');
        continue;
      }
      c.i = save;
      break;
    }
    list.push(Number(o[1]));
  }
  for (const d of list) if (d !== 'L' && (d < 1 || d > 31)) throw fail('bad_date');
  return list;
}

/** "every day at 9 except weekends": Monday to Friday; any other "except …" is refused. */
export function except(c: Cursor, spec: Spec): boolean {
  // only right after a repetition: "everything except logs" elsewhere is task text
  const rec = spec.rec;
  if (!rec) return false;
  if (c.eat(R.exceptWeekends)) {
    if ((rec.k !== 'days' && rec.k !== 'weeks') || rec.n !== 1) throw exceptOther('except weekends');
    const dows = (rec.dows ?? [0, 1, 2, 3, 4, 5, 6]).filter((d) => d !== 0 && d !== 6);
    if (dows.length === 0) throw fail('no_schedule');
    spec.rec = { k: rec.k, n: 1, dows };
    return true;
  }
  const other = c.eat(R.except);
  if (other) throw exceptOther(other[0]);
  return false;
}
