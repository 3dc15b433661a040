import { UserError } from '../domain/index.ts';
import { civilFromDays, daysInMonth, timeClip, weekdayOf } from './civil.ts';

/** Local wall-clock fields of an instant in a timezone. */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name this runtime knows. */
export function isValidTimezone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  if (tz === 'UTC') return true; // see offsetMs
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Throws a UserError naming the zone when it is unknown. */
export function assertTimezone(tz: string, field = 'tz'): void {
  if (!isValidTimezone(tz)) {
    throw new UserError(
      'bad_timezone',
      { en: `unknown timezone "${tz}"; use an IANA name such as Asia/Shanghai or Europe/Berlin`, zh: `未知时区“${tz}”，请使用 IANA 名称，例如 Asia/Shanghai` },
      field,
    );
  }
}

// The offset is read from Intl once per zone and quarter hour, then kept: every DST change of
// the IANA database since 1970 falls on a quarter hour, and formatToParts costs ~8 µs a call.
const BUCKET = 900_000; // ms
const offsets = new Map<string, Map<number, number>>(); // zone → quarter hour → offset ms
const OFFSETS_MAX = 100_000;

function intlOffsetMs(ms: number, tz: string): number {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000) * 60_000;
}

// the zone of the last call: a phrase asks about one zone many times in a row
let lastTz = '';
let lastZone: Map<number, number> | undefined;

/** Offset of `tz` from UTC at instant `ms`, in ms (east positive). */
export function offsetMs(ms: number, tz: string): number {
  // UTC (the default zone) has no offset to look up: without this, formatting an instant for
  // `chatcron list` made the process's first Intl object, which maps ICU's data (+9 MB, 10-50 ms).
  if (tz === 'UTC') return 0;
  const b = Math.floor(ms / BUCKET);
  let zone = tz === lastTz ? lastZone : offsets.get(tz);
  if (!zone) offsets.set(tz, (zone = new Map()));
  lastTz = tz;
  lastZone = zone;
  const hit = zone.get(b);
  if (hit !== undefined) return hit;
  const start = intlOffsetMs(b * BUCKET, tz);
  const end = intlOffsetMs(b * BUCKET + BUCKET - 1000, tz);
  // a change inside the quarter hour (never seen since 1970): ask Intl for this instant only
  if (start !== end) return intlOffsetMs(ms, tz);
  if (zone.size >= OFFSETS_MAX) zone.clear();
  zone.set(b, start);
  return start;
}

/**
 * The first instant in (from, to] at which the offset of `tz` differs from its offset at `from`,
 * or null. Offsets are sampled weekly (no zone since 1970 changes twice within a week and back)
 * and the change is then found by halving, on quarter hours first.
 */
export function nextOffsetChange(tz: string, from: number, to: number): number | null {
  const off = offsetMs(from, tz);
  let lo = from;
  let hi = from;
  for (let t = from + 7 * 86_400_000; ; t += 7 * 86_400_000) {
    hi = Math.min(t, to);
    if (offsetMs(hi, tz) !== off) break;
    if (hi >= to) return null;
    lo = hi;
  }
  // offset(lo) === off, offset(hi) !== off: halve to the second
  while (hi - lo > 1000) {
    const mid: number = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    const b: number = Math.floor(mid / BUCKET) * BUCKET;
    const m: number = b > lo && b < hi ? b : mid; // prefer quarter-hour boundaries: cached and where changes fall
    if (offsetMs(m, tz) === off) lo = m;
    else hi = m;
  }
  // changes fall on whole seconds
  return Math.min(hi, Math.ceil((lo + 1) / 1000) * 1000);
}

/** The wall-clock fields of `ms` in `tz`. */
export function wallTime(ms: number, tz: string): WallTime {
  return fields(ms + offsetMs(ms, tz));
}

const DAY = 86_400_000; // ms

// The UTC fields of `new Date(local)`, computed without one (civil.ts).
function fields(local: number): WallTime {
  const t = timeClip(local);
  if (Number.isNaN(t)) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN, weekday: NaN };
  const days = Math.floor(t / DAY);
  const inDay = t - days * DAY;
  const c = civilFromDays(days);
  return {
    year: c.y,
    month: c.m,
    day: c.d,
    hour: Math.floor(inDay / 3_600_000),
    minute: Math.floor(inDay / 60_000) % 60,
    second: Math.floor(inDay / 1000) % 60,
    weekday: weekdayOf(days),
  };
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (east positive). */
export function offsetMinutes(ms: number, tz: string): number {
  return offsetMs(ms, tz) / 60_000;
}

/**
 * The instant at which the wall clock in `tz` shows the given fields. A time that occurs
 * twice (DST fall-back) resolves to its first occurrence; a time that does not exist
 * (spring-forward gap) resolves to the first valid instant after it.
 */
export function fromWallTime(
  tz: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  // Most days have one offset around them: then there is one candidate, and no set to sort.
  const off = offsetMs(naive, tz);
  if (offsetMs(naive - 86_400_000, tz) === off && offsetMs(naive + 86_400_000, tz) === off) {
    const c = naive - off;
    // the wall time of c is the one asked for when the offset at c is the same and the fields
    // are a real wall time (Date.UTC moves 24:00 or 31 April on, which wallTime never shows)
    if (offsetMs(c, tz) === off && isWallTime(year, month, day, hour, minute, second)) return c;
  }
  // Try both offsets around the naive instant; the earliest that round-trips wins.
  const candidates = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) {
    candidates.add(naive - offsetMinutes(probe, tz) * 60_000);
  }
  const matches = [...candidates]
    .filter((c) => {
      const w = wallTime(c, tz);
      return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute && w.second === second;
    })
    .sort((a, b) => a - b);
  if (matches.length > 0) return matches[0];
  // In a gap: the first instant after it is where the clock resumes, the transition itself.
  const before = naive - offsetMinutes(naive - 86_400_000, tz) * 60_000;
  const after = naive - offsetMinutes(naive + 86_400_000, tz) * 60_000;
  let lo = Math.min(before, after);
  let hi = Math.max(before, after);
  const offLo = offsetMinutes(lo, tz);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetMinutes(mid, tz) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Fields that wallTime can return as they are: integers in range, a year Date.UTC takes as written.
function isWallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return (
    Number.isInteger(year) && year >= 100 && year <= 275_759 &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month) &&
    Number.isInteger(hour) && hour >= 0 && hour <= 23 &&
    Number.isInteger(minute) && minute >= 0 && minute <= 59 &&
    Number.isInteger(second) && second >= 0 && second <= 59
  );
}

/** Formats `ms` as ISO 8601 with the offset of `tz` ("2026-12-01T09:00:00+08:00"). */
export function toZonedIso(ms: number, tz: string): string {
  const offMs = offsetMs(ms, tz);
  const w = fields(ms + offMs);
  const off = offMs / 60_000;
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number, l = 2): string {
  return String(n).padStart(l, '0');
}
