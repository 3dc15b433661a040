// English parts of the day: "tomorrow morning", "every friday afternoon", "at 8 in the evening",
// and what they do to the clock times written with them ("tonight at 12" is midnight).
import type { Tod } from './calendar.ts';
import { Cursor } from './cursor.ts';
import { R } from './en-lexicon.ts';
import type { EnTod } from './en-time.ts';
import { NlError } from './errors.ts';
import { midnightEndsDay } from './midnight.ts';
import type { Spec } from './spec.ts';

const PART_HOUR: Record<string, number> = { morning: 9, afternoon: 14, evening: 18, night: 21 };
const PART_NAME: Record<number, string> = { 9: 'morning', 14: 'afternoon', 18: 'evening', 21: 'night' };
const PART_ZH: Record<number, string> = { 9: '早上', 14: '下午', 18: '傍晚', 21: '晚上' };
const EVENING_FROM = 17; // h: an evening or night hour earlier than this is no evening

/** Sets the part of the day a word names ("afternoon"): its default time, and pm for bare hours. */
export function setPart(spec: Spec, word: string): void {
  const h = PART_HOUR[word];
  spec.partTod = { h, m: 0 };
  if (h >= 14) spec.evening = true;
}

/**
 * "tomorrow morning", "every friday afternoon", "at 3 in the afternoon": a part of the day after a
 * day, a repetition by days or a clock time.
 */
export function partOfDay(c: Cursor, spec: Spec): boolean {
  if (spec.partTod) return false;
  const rec = spec.rec;
  const byDays = rec != null && rec.k !== 'interval' && rec.k !== 'cron';
  if (!spec.day && !byDays && !spec.times) return false;
  const save = c.i;
  const p = c.eat(R.partOfDay);
  if (!p) return false;
  // after a clock time, a bare "morning" is more often the task's ("every day at 9 morning standup")
  if (!spec.day && spec.times && !p[0].startsWith('in')) {
    c.i = save;
    return false;
  }
  setPart(spec, p[1]);
  return true;
}

function conflict(t: Tod, part: number): NlError {
  const at = `${String(t.h).padStart(2, '0')}:${String(t.m).padStart(2, '0')}`;
  const en = PART_NAME[part] ?? 'night';
  return new NlError(
    'part_of_day',
    { en: `${at} is not in the ${en}: the clock time and the part of the day disagree`, zh: `${at} 不在${PART_ZH[part] ?? '晚上'}：时刻和时段对不上` },
    { en: 'write the day and the time with am or pm, e.g. "tomorrow at 1am" or "tonight at 9pm"', zh: '请写日期和带上午/下午的时刻，例如“明天凌晨1点”或“今晚9点”' },
  );
}

// The clock time a part of the day makes of `t`; h 0 in the evening or night is the midnight that ends it.
function inPart(t: EnTod, part: number): EnTod {
  const night = part >= 18;
  // "every night at 1am", "tonight at 2": the small hours after midnight belong to the night
  if (part >= 21 && t.meridiem !== 'pm' && t.h >= 1 && t.h <= 4) return t;
  if (part < 14) {
    if (t.meridiem === 'pm' || (t.meridiem == null && t.h >= 12)) throw conflict(t, part);
    return t;
  }
  if (t.meridiem === 'am' || t.h === 0) {
    if (t.h === 0 && night) return t;
    throw conflict(t, part);
  }
  if (t.meridiem === 'pm') {
    if (t.h === 12 && night) throw conflict(t, part);
    return t;
  }
  if (t.h === 12) return night ? { h: 0, m: t.m, ...(t.s ? { s: t.s } : {}) } : t;
  if (t.h >= 13) return t;
  const h = t.h + 12;
  if (night && h < EVENING_FROM) throw conflict({ h, m: t.m }, part);
  return { h, m: t.m, ...(t.s ? { s: t.s } : {}) };
}

/**
 * Applies the part of the day to the clock times written with it, once the whole phrase is read:
 * "every evening at 6" is 18:00, "tonight at 12" the midnight after today, "tonight at 9am" is refused.
 */
export function settleParts(spec: Spec): void {
  const part = spec.partTod?.h ?? (spec.evening ? 21 : null); // "tonight": the night
  if (part == null || !spec.times?.length) return;
  const times = spec.times.map((t) => inPart(t, part));
  spec.times = times;
  spec.evening = undefined;
  // the midnight that ends the evening belongs to the next day
  const late = part >= 18 ? times.filter((t) => t.h === 0 || (part >= 21 && t.h <= 4)).length : 0;
  if (late > 0) midnightEndsDay(spec, late);
}
