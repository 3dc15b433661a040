// "tonight at 12", 今晚12点, 每周五晚上12点, 今晚1点: the midnight that ends a day, and the small
// hours after it, are on the next one.
import { NlError } from './errors.ts';
import type { DayRef, Spec } from './spec.ts';

function dayAfter(d: DayRef): DayRef | null {
  if (d.k === 'rel') return { k: 'rel', days: d.days + 1 };
  if (d.k === 'dow') return { k: 'dow', dow: (d.dow + 1) % 7 };
  if (d.k === 'week') return { k: 'week', dow: (d.dow + 1) % 7, weeks: d.dow === 0 ? d.weeks + 1 : d.weeks };
  return null;
}

function midnightUnsupported(): NlError {
  return new NlError(
    'midnight_day',
    { en: 'midnight at the end of that day cannot be said on this schedule', zh: '这种周期无法表示当天结束时的午夜' },
    { en: 'name the day after at 00:00, e.g. "every saturday at 00:00"', zh: '请写第二天的0点，例如“每周六0点”' },
  );
}

/**
 * `late` of the phrase's times (00:00 to 04:59, already on the 24-hour clock) fall after the
 * midnight that ends the day the phrase names: moves the day, or the weekdays, one on. Every day
 * and "the next such time" need nothing.
 */
export function midnightEndsDay(spec: Spec, late: number): void {
  const rec = spec.rec;
  const daily = rec?.k === 'days' && rec.n === 1 && !rec.dows;
  if (daily || (!spec.day && !rec)) return;
  if (late < (spec.times?.length ?? 0)) throw midnightUnsupported();
  if (spec.day) {
    const next = dayAfter(spec.day);
    if (!next) throw midnightUnsupported();
    spec.day = next;
    return;
  }
  if ((rec?.k === 'days' || rec?.k === 'weeks') && rec.dows) {
    rec.dows = rec.dows.map((d) => (d + 1) % 7);
    return;
  }
  throw midnightUnsupported();
}
