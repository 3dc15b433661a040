// Chinese elapsed times and limits: "30分钟后", "一刻钟后", "共5次", "到3月20日为止".
import { Cursor } from './cursor.ts';
import { fail } from './errors.ts';
import type { Spec } from './spec.ts';
import { dateRef } from './zh-dates.ts';
import { HOUR, MIN, num, R, SEC } from './zh-lexicon.ts';

/** 共5次, 到3月20日为止: the end of a repetition. */
export function limit(c: Cursor, spec: Spec): boolean {
  const t = c.eat(R.times);
  if (t) {
    const v = num(t[1]);
    if (v < 1) throw fail('bad_number');
    spec.maxRuns = v;
    return true;
  }
  const save = c.i;
  if (c.eat(R.until)) {
    const d = dateRef(c);
    if (d) {
      c.eat(R.untilEnd);
      spec.until = d;
      return true;
    }
  }
  c.i = save;
  return false;
}

/** 30分钟后, 一刻钟后, 3天后: exactly that much after now. */
export function relative(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  let ms = 0;
  let days = 0;
  let parts = 0;
  for (;;) {
    const q = c.eat(R.quarterHour);
    if (q) {
      ms += (q[1] === '一' || q[1] === '1' ? 15 : 45) * MIN;
      parts++;
      continue;
    }
    const p = c.eat(R.relPart);
    if (!p) break;
    const k = p[3] ? 0.5 : (p[1].includes('.') ? Number(p[1]) : num(p[1])) + (p[2] || p[5] ? 0.5 : 0);
    const u = p[4];
    if (u.startsWith('秒')) ms += k * SEC;
    else if (u.startsWith('分')) ms += k * MIN;
    else if (u === '小时' || u === '钟头' || u === '个钟' || u === '钟') ms += k * HOUR;
    else if (u === '天' || u === '日') days += k;
    else days += 7 * k;
    parts++;
  }
  if (parts === 0 || !c.eat(R.after)) {
    c.i = save;
    return false;
  }
  if (ms === 0 && days === 0) throw fail('zero_interval');
  if (!Number.isInteger(days)) {
    ms += days * 86_400_000;
    days = 0;
  }
  if (days > 0 && ms > 0) spec.relMs = ms + days * 86_400_000;
  else if (days > 0) spec.relDays = days;
  else spec.relMs = Math.round(ms);
  return true;
}
