// English elapsed times and limits: "in 30 minutes", "5 times", "until friday", "starting at 9".
import { Cursor } from './cursor.ts';
import { dateRef, dayClause } from './en-dates.ts';
import { MIN, num, R, unitMs } from './en-lexicon.ts';
import { oneTime, timeClause } from './en-time.ts';
import { fail } from './errors.ts';
import { workdayAhead } from './en-refusals.ts';
import type { Spec } from './spec.ts';

/** "in 30 minutes", "in 2 days and 3 hours": exactly that much after now. */
export function relative(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  // "in 3 days", or "3 days from now" with the same units
  const written = c.eat(R.in) != null;
  let ms = 0;
  let days = 0;
  let months = 0;
  let parts = 0;
  for (;;) {
    if (parts > 0) c.eat(R.and);
    if (c.eat(R.halfHour)) {
      ms += 30 * MIN;
      parts++;
      continue;
    }
    const s2 = c.i;
    // "in 2h", "in 90s": the count and the unit written together
    const nu = c.eat(R.numUnit);
    const n = nu ?? c.eat(R.num);
    if (!n) break;
    // "in 2 and a half hours", "in an hour and a half"
    let half = nu == null && c.eat(R.andHalf) != null;
    const u = nu ? ([nu[0], nu[2]] as unknown as RegExpExecArray) : c.eat(R.unit);
    // "in 3 business days": working days counted ahead, never "every weekday"
    if (!u && !nu && c.eat(R.workdays)) throw workdayAhead(c.s.slice(save, c.i));
    if (!u || n[1] === 'other') {
      c.i = s2;
      break;
    }
    if (!half) half = c.eat(R.andHalf) != null;
    const count = num(n[1]) + (half ? 0.5 : 0);
    if (count < 0) throw fail('bad_number');
    const unit = unitMs(u[1]);
    if (unit.ms) ms += Math.round(unit.ms * count);
    else if ((unit.k === 'months' || unit.k === 'years') && !written && Number.isInteger(count) && parts === 0) months += count * (unit.k === 'years' ? 12 : 1);
    else if (unit.k === 'months' || unit.k === 'years') {
      c.i = s2;
      break;
    } else if (!Number.isInteger(count)) ms += Math.round(count * (unit.k === 'days' ? 86_400_000 : 604_800_000 * (unit.per ?? 1)));
    else if (unit.k === 'days') days += count;
    else if (unit.k === 'weeks') days += 7 * count * (unit.per ?? 1);
    else {
      c.i = s2;
      break;
    }
    parts++;
  }
  if (parts === 0 || (!written && !c.eat(R.fromNow))) {
    c.i = save;
    return false;
  }
  if (months > 0) {
    if (ms > 0 || days > 0) throw fail('unsupported');
    spec.relMonths = months;
    return true;
  }
  if (ms === 0 && days === 0) throw fail('zero_interval');
  if (days > 0 && ms > 0) spec.relMs = ms + days * 86_400_000;
  else if (days > 0) spec.relDays = days;
  else spec.relMs = ms;
  return true;
}

/** "5 times", "until friday": the end of a repetition. */
export function limit(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const t = c.eat(R.times);
  if (t) {
    const n = Number(t[1]);
    if (!Number.isInteger(n) || n < 1) throw fail('bad_number');
    spec.maxRuns = n;
    return true;
  }
  if (c.eat(R.until)) {
    const d = dateRef(c);
    if (d) {
      spec.until = d;
      return true;
    }
  }
  c.i = save;
  return false;
}

/** "starting at 7pm": the first slot of an interval, or a word before a time or day clause. */
export function starting(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.starting)) return false;
  // "every 4 hours starting at 7pm": the first slot of the interval
  if (spec.rec?.k === 'interval' && !spec.startTod) {
    const t = oneTime(c, false);
    if (t) {
      spec.startTod = t;
      return true;
    }
  }
  // "starting at 9am": the time clause that follows carries the meaning.
  if (timeClause(c, {}) || dayClause(c, {})) {
    c.i = save;
    c.eat(R.starting);
    return true;
  }
  c.i = save;
  return false;
}
