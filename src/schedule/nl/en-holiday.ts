// English holiday names: "christmas", "next year's mid-autumn festival", "every christmas".
import { Cursor } from './cursor.ts';
import { R } from './en-lexicon.ts';
import { fail } from './errors.ts';
import { EN_HOLIDAY_RE, EN_HOLIDAYS, FIXED, LUNAR } from './holidays.ts';
import type { Spec } from './spec.ts';

const YEAR = /,?\s*((?:19|20)\d{2})(?![0-9])/y;
// "next christmas", "this thanksgiving", "last christmas": which one, said before the name
const WHICH = /(this\s+coming|this|next|coming|last)(?![a-z])/y;
// "thanksgiving of next year" (Duckling's EN corpus): the year said after the name
const OF_YEAR = /of\s+(this|next|last)\s+year(?![a-z0-9])/y;
// "Next Thanksgiving Day" is the coming one in Duckling's EN corpus (said 12 Feb 2013, read
// 28 Nov 2013): read so, and said back as a note, since some mean the one a year later.
const YEAR_REL: Record<string, number> = { this: 0, next: 1, last: -1 };

// "Christmas", "on Mother's Day", "next year's Mid-Autumn Festival", "every Christmas", "christmas every year".
export function holiday(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  c.eat(R.on);
  const pre = c.eat(R.yearWord) ?? (c.eat(R.every) ? ['every', 'every'] : null);
  const rel = pre ? null : c.eat(WHICH);
  const y1 = pre || rel ? null : c.eat(YEAR);
  const h = c.eat(EN_HOLIDAY_RE);
  if (!h) {
    c.i = save;
    return false;
  }
  const key = EN_HOLIDAYS[h[1]];
  const y2 = y1 ? null : c.eat(YEAR);
  const year = y1 ?? y2;
  if (year && rel) throw fail('unsupported'); // "next christmas 2027": two ways of naming the year
  if (year && !pre) {
    if (spec.day) throw fail('two_schedules');
    spec.day = { k: 'holiday', key, y: Number(year[1]) };
    return true;
  }
  const post = c.eat(R.yearWord) ?? c.eat(OF_YEAR);
  // "every christmas of next year", "this year's christmas next year": the year said twice, differently
  if (pre && post && pre[1] !== post[1]) throw fail('two_schedules');
  if (rel) {
    if (post || spec.rec) throw fail('two_schedules');
    if (spec.day) {
      c.i = save;
      return false;
    }
    const r = rel[1];
    spec.day = { k: 'holiday', key, ...(r === 'this' ? { yRel: 0 } : r === 'last' ? { yRel: -1 } : r === 'next' ? { said: 'next' as const } : {}) };
    return true;
  }
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
  spec.day = { k: 'holiday', key, ...(which && which in YEAR_REL ? { yRel: YEAR_REL[which] } : {}) };
  return true;
}
