import { civilFromDays, daysFromCivil, daysInMonth, weekdayOf } from '../civil.ts';
import { fromWallTime, wallTime } from '../zone.ts';
import { fail } from './errors.ts';

/** A calendar day. */
export interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

/** A time of day. */
export interface Tod {
  h: number;
  m: number;
  s?: number;
  /** an hour written without am/pm, minutes or a part of the day ("at 5", "5点"): a guess. */
  bare?: boolean;
}

export const NINE: Tod = { h: 9, m: 0 };
const DAY = 86_400_000;

/** The local calendar day of `now` in `tz`. */
export function today(now: number, tz: string): Ymd {
  const w = wallTime(now, tz);
  return { y: w.year, m: w.month, d: w.day };
}

// A day the day-number arithmetic of civil.ts reads as Date.UTC does: integers, a month 1-12 and
// a year Date.UTC takes as written (it reads 0-99 as 1900-1999); others go through Date.
const plain = (y: number, m: number, d: number): boolean =>
  Number.isInteger(y) && y >= 100 && y <= 200_000 && Number.isInteger(m) && m >= 1 && m <= 12 && Number.isInteger(d) && Math.abs(d) <= 1_000_000;

/** `day` moved by `n` calendar days. */
export function addDays(day: Ymd, n: number): Ymd {
  if (plain(day.y, day.m, day.d) && Number.isInteger(n) && Math.abs(n) <= 1_000_000) return civilFromDays(daysFromCivil(day.y, day.m, day.d) + n);
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d) + n * DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** `day` moved by `n` calendar months, on the month's last day when it is shorter (31 Jan + 1 = 28 Feb). */
export function addMonths(day: Ymd, n: number): Ymd {
  const k = day.y * 12 + (day.m - 1) + n;
  const y = Math.floor(k / 12);
  const m = (k % 12) + 1;
  const last = plain(y, m, 1) ? daysInMonth(y, m) : new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(day.d, last) };
}

/** 0 = Sunday. */
export function weekday(day: Ymd): number {
  if (plain(day.y, day.m, day.d)) return weekdayOf(daysFromCivil(day.y, day.m, day.d));
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
}

/** True when the day exists in the Gregorian calendar. */
export function isValidDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1 || d > 31) return false;
  if (plain(y, m, d)) return d <= daysInMonth(y, m);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** True when a month/day exists in some year (29 February included). */
export function isValidMonthDay(m: number, d: number): boolean {
  return isValidDay(2024, m, d);
}

/** Throws bad_time unless the clock reading exists. */
export function checkTod(t: Tod): Tod {
  if (!Number.isInteger(t.h) || !Number.isInteger(t.m) || t.h < 0 || t.h > 23 || t.m < 0 || t.m > 59 || (t.s ?? 0) < 0 || (t.s ?? 0) > 59) {
    throw fail('bad_time');
  }
  return t;
}

/** The instant of `day` at `tod` in `tz` (DST gaps move forward, repeats take the first). */
export function instant(tz: string, day: Ymd, tod: Tod): number {
  return fromWallTime(tz, day.y, day.m, day.d, tod.h, tod.m, tod.s ?? 0);
}

/** The Monday that starts the week of `day` (weeks start on Monday). */
export function mondayOf(day: Ymd): Ymd {
  return addDays(day, -((weekday(day) + 6) % 7));
}
