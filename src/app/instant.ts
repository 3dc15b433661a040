import { UserError } from '../domain/index.ts';
import { fromWallTime, wallTime } from '../schedule/index.ts';

// "2030-12-20T10:00", "2030-12-20 10:00:30", "2030-12-20": a wall time with no offset or Z.
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * An instant as callers write it: epoch ms, ISO 8601 with an offset, or a wall time without
 * one, which is read in `tz` (the task's zone), as the person who wrote it meant it.
 */
export function readInstant(v: number | string, field: string, tz: string): number {
  if (typeof v === 'number') return v;
  const m = LOCAL.exec(v.trim());
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    const ms = fromWallTime(tz, y, mo, d, h, mi, s);
    const w = wallTime(ms, tz);
    // Date.UTC rolls 2030-02-30 over to March: a date that does not exist is refused, not moved
    if (w.month === mo && w.day === d) return ms;
  } else {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UserError('bad_instant', { en: `${field}: "${v}" is not a date and time (use ISO 8601)`, zh: `${field}：“${v}”不是有效的日期时间（请用 ISO 8601）` }, field);
}

/** "2030-12-20 10:00 (Asia/Shanghai)": an instant as the reader of that zone writes it. */
export function wallText(ms: number, tz: string, lang: 'en' | 'zh'): string {
  const w = wallTime(ms, tz);
  const at = `${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)}${w.second ? `:${p2(w.second)}` : ''}`;
  return lang === 'zh' ? `${at}（${tz}）` : `${at} (${tz})`;
}
