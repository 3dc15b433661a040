// English holiday names: "christmas", "next year's mid-autumn festival", "every christmas".
import { Cursor } from './cursor.ts';
import { R } from './en-lexicon.ts';
import { fail } from './errors.ts';
import { EN_HOLIDAY_RE, EN_HOLIDAYS, FIXED, LUNAR } from './holidays.ts';
import type { Spec } from './spec.ts';

const YEAR = /,?\s*((?:19|20)\d{2})(?![0-9])/y;

// "Christmas", "on Mother's Day", "next year's Mid-Autumn Festival", "every Christmas", "christmas every year".
export function holiday(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  c.eat(R.on);
  const pre = c.eat(R.yearWord) ?? (c.eat(R.every) ? ['every', 'every'] : null);
  const y1 = pre ? null : c.eat(YEAR);
  const h = c.eat(EN_HOLIDAY_RE);
  if (!h) {
    c.i = save;
    return false;
  }
  const key = EN_HOLIDAYS[h[1]];
  const y2 = y1 ? null : c.eat(YEAR);
  const year = y1 ?? y2;
  if (year && !pre) {
    if (spec.day) throw fail('two_schedules');
    spec.day = { k: 'holiday', key, y: Number(year[1]) };
    return true;
  }
  const post = c.eat(R.yearWord);
  const which = (pre ?? post)?.[1];
  if (which === 'every' || spec.rec?.k === 'years') {
    const f = FIXED[key];
    if (!f) throw fail('lunar_yearly', { en: LUNAR[key].name.en, zh: LUNAR[key].name.zh });
    if (spec.rec && spec.rec.k !== 'years') throw fail('two_schedules');
    spec.rec = f.nth ? { k: 'years', m: f.m, nth: f.nth } : { k: 'years', m: f.m, d: f.d };
    return true;
  }
  if (spec.day) {
    c.i = save;
    return false;
  }
  spec.day = { k: 'holiday', key, ...(which === 'this' ? { yRel: 0 } : which === 'next' ? { yRel: 1 } : {}) };
  return true;
}
