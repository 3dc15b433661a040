// English clauses that narrow a repetition to days of the month or months of the year.
import { Cursor } from './cursor.ts';
import { DOWS, MONTHS, R } from './en-lexicon.ts';
import { checkMonthDay, dowList, nthOf, ordinalList, setRec } from './en-repeat.ts';
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
    c.i = save;
    return false;
  }
  const working = m[2] != null;
  const dom = m[1] === 'last' ? (working ? 'LW' : 'L') : working ? '1W' : 1;
  if (working) spec.notes = [...(spec.notes ?? []), { k: 'working_days' }];
  const prev = spec.rec;
  if (prev && prev.k === 'months' && !prev.doms && !prev.nth) prev.doms = [dom];
  else setRec(spec, { k: 'months', n: 1, doms: [dom] });
  return true;
}
