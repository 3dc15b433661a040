// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), the same
// results as Date's UTC getters without a Date object per call: the parser reads a wall time
// several times per phrase, and each Date costs an allocation and a field decomposition.
// Algorithms from H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".

/** The day number of a calendar day: month 1-12, any integer day (as Date.UTC counts on past a month's end). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar day (month 1-12) of a day number. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** 0 = Sunday. */
export function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The time value a Date would hold for `ms` (TimeClip: integer towards zero, NaN beyond
 * ±8.64e15), so that the fields computed from it are those of `new Date(ms)`.
 */
export function timeClip(ms: number): number {
  if (!(Math.abs(ms) <= 8.64e15)) return NaN;
  return Math.trunc(ms) + 0; // + 0: -0 is +0
}
