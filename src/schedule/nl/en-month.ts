// English clauses that narrow a repetition to days of the month or months of the year.
import { Cursor } from './cursor.ts';
import { DOWS, MONTHS, ORDINALS, R } from './en-lexicon.ts';
import { checkMonthDay, dowList, nthOf, ordinalList, setRec } from './en-repeat.ts';
import { fail, NlError } from './errors.ts';
import type { Rec, Spec } from './spec.ts';

// "on the 1st and 15th", "on the last day", "on the 2nd tuesday", "on monday", "on december 25".
export function onClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.on)) return false;
  const rec = spec.rec;
  const nth = c.eat(R.ordDow);
  if (nth && rec && (rec.k === 'months' || rec.k === 'years')) {
    rec.nth = nthOf(nth);
    c.eat(R.ofYear) ?? c.eat(R.ofMonth);
    return true;
  }
  if (nth) {
    c.i = save;
    return false;
  }
  if (rec && rec.k === 'months') {
    if (c.eat(R.lastDay)) {
      rec.doms = ['L'];
      c.eat(R.ofMonth);
      return true;
    }
    const o = c.eat(R.ordinal);
    if (o) {
      rec.doms = ordinalList(c, Number(o[1]));
      c.eat(R.ofMonth);
      return true;
    }
  }
  if (rec && (rec.k === 'weeks' || rec.k === 'days')) {
    const d = c.eat(R.dow);
    if (d) {
      rec.dows = dowList(c, DOWS[d[1]]);
      if (rec.k === 'days') (spec.rec as Rec) = { k: 'days', n: 1, dows: rec.dows };
      return true;
    }
  }
  if (rec && rec.k === 'years') {
    const md = c.eat(R.monthDay) ?? c.eat(R.dayMonth);
    if (md) {
      const [m, d] = md[1] && md[1] in MONTHS ? [MONTHS[md[1]], Number(md[2])] : [MONTHS[md[2]], Number(md[1])];
      rec.m = m;
      rec.d = checkMonthDay(m, d);
      return true;
    }
  }
  c.i = save;
  return false;
}

// "every day in March", "every Monday during November and December".
export function inMonths(c: Cursor, spec: Spec): boolean {
  if (!spec.rec || (spec.rec.k !== 'days' && spec.rec.k !== 'weeks') || spec.months) return false;
  const m = c.eat(R.inMonth);
  if (!m) return false;
  const months = [MONTHS[m[1]]];
  for (;;) {
    const save = c.i;
    if (!c.eat(R.listSep)) break;
    const n = c.eat(R.month);
    if (!n) {
      c.i = save;
      break;
    }
    months.push(MONTHS[n[1]]);
  }
  spec.months = months;
  return true;
}

// "on the last working day of the month", "the first business day of every month", "last day of the month".
export function monthEdge(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const every = c.eat(R.every);
  // "every last workday" (Todoist): with "every", "of the month" may be left out
  const m = c.eat(R.monthEdge) ?? (every ? c.eat(R.monthEdgeShort) : null);
  if (!m) {
    // "every month end" is the last day; "month end" alone may be this month's or every month's
    if (c.eat(R.monthEnd)) {
      if (!every) throw whichMonth('month end');
      monthly(spec, { k: 'months', n: 1, doms: ['L'] });
      return true;
    }
    // "start of next month", "the end of this month": that day, once
    const once = every || spec.day || spec.rec ? null : c.eat(R.monthSpanOnce);
    if (once) {
      spec.day = { k: 'month', months: once[2] === 'next' ? 1 : 0, d: once[1] === 'end' ? 'L' : 1 };
      return true;
    }
    // "at the end of every month", "the beginning of each month"
    const span = every ? null : c.eat(R.monthSpan);
    if (!span) {
      c.i = save;
      return false;
    }
    monthly(spec, { k: 'months', n: 1, doms: [span[1] === 'end' ? 'L' : 1] });
    return true;
  }
  const working = m[2] != null;
  const dom = m[1] === 'last' ? (working ? 'LW' : 'L') : working ? '1W' : 1;
  if (working) spec.notes = [...(spec.notes ?? []), { k: 'working_days' }];
  monthly(spec, { k: 'months', n: 1, doms: [dom] });
  return true;
}

// A day of the month said after "every month" fills it in ("every month at the end of every month"
// says it twice); any other repetition before it is a second schedule.
function monthly(spec: Spec, rec: Extract<Rec, { k: 'months' }>): void {
  const prev = spec.rec;
  if (prev && prev.k === 'months' && !prev.doms && !prev.nth) {
    prev.doms = rec.doms;
    prev.nth = rec.nth;
  } else setRec(spec, rec);
}

function whichMonth(written = 'of the month'): NlError {
  return new NlError(
    'which_month',
    { en: `"${written}" does not say whether it is this month once or every month`, zh: `“${written}”没有说明是本月一次还是每月` },
    { en: 'write "every last Friday of the month" (or "… of every month") to repeat, or the date for once, e.g. "on March 27"', zh: '每月重复请写“每月最后一个周五”，只一次请写日期，例如“3月27日”' },
  );
}

/**
 * "on the last friday of each month", "2nd monday of every month", "the 15th of every month":
 * a monthly repetition said without "every" in front. "… of the month" alone is refused: this
 * month once, or every month?
 */
export function ofEveryMonth(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  // "the first of every month", "the 15th of next month". "The first of the month" is refused as
  // "the last friday of the month" is (this month once, or every month?), although "the first day
  // of the month" repeats (monthEdge): "pay rent on the first of the month" is said both ways.
  const of = c.eat(R.domOf);
  if (of) {
    const d: number | 'L' = of[1] ? Number(of[1]) : (ORDINALS[of[2]] as number | 'L');
    if (typeof d === 'number' && (d < 1 || d > 31)) throw fail('bad_date');
    const which = of[3];
    if (which === 'every' || which === 'each' || (which === 'the' && spec.rec?.k === 'months')) {
      monthly(spec, { k: 'months', n: 1, doms: [d] });
      return true;
    }
    if (which === 'the') throw whichMonth();
    if (spec.day || spec.rec) throw fail('two_schedules');
    spec.day = { k: 'month', months: which === 'next' ? 1 : 0, d };
    return true;
  }
  c.eat(R.onThe);
  const nth = c.eat(R.ordDow);
  let rec: Extract<Rec, { k: 'months' }> | null = null;
  if (nth) {
    if (c.eat(R.ofEveryMonth)) rec = { k: 'months', n: 1, nth: nthOf(nth) };
    else if (!spec.rec && c.eat(R.ofTheMonth)) throw whichMonth();
  } else {
    const o = c.eat(R.ordinal);
    if (o && Number(o[1]) >= 1 && Number(o[1]) <= 31) {
      const doms = ordinalList(c, Number(o[1]));
      if (c.eat(R.ofEveryMonth)) rec = { k: 'months', n: 1, doms };
    }
  }
  if (!rec) {
    c.i = save;
    return false;
  }
  monthly(spec, rec);
  return true;
}
