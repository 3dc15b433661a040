import { UserError } from '../domain/index.ts';

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
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

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
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name this runtime knows. */
export function isValidTimezone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
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

/** The wall-clock fields of `ms` in `tz`. */
export function wallTime(ms: number, tz: string): WallTime {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (east positive). */
export function offsetMinutes(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
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

/** Formats `ms` as ISO 8601 with the offset of `tz` ("2026-12-01T09:00:00+08:00"). */
export function toZonedIso(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  const off = offsetMinutes(ms, tz);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}
