import { LANG } from './i18n.ts';

const LOCALE = LANG === 'zh' ? 'zh-CN' : 'en-GB';
const formats = new Map<string, Intl.DateTimeFormat>();

function fmt(tz: string, withYear: boolean, short = false): Intl.DateTimeFormat {
  const key = `${tz}|${withYear}|${short}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      timeZone: tz,
      year: withYear ? 'numeric' : undefined,
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: short ? undefined : '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(key, f);
  }
  return f;
}

/**
 * An instant as the console shows every time: in the zone that owns it, with that zone named
 * (the one rule: a task's times in the task's zone, the conversation in the service's zone).
 */
export function when(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const thisYear = new Date().getFullYear() === d.getFullYear();
  const text = fmt(tz, !thisYear).format(d);
  // "18:59:01 UTC", not "18:59:01 UTC (UTC)": the zone is named once when its short name is its name
  return text.endsWith(` ${tz}`) ? text : `${text} (${tz})`;
}

/** The same instant for narrow places (lists): minutes, and the zone as its offset ("GMT+8"). */
export function whenShort(iso: string | null | undefined, tz: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return fmt(tz, new Date().getFullYear() !== d.getFullYear(), true).format(d);
}

/** A duration in ms as "1.2 s" / "350 ms". */
export function span(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** How long ago an instant was, in words ("12 seconds ago", "3 分钟前"); `now` in ms. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = Math.round((ms - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
  const a = Math.abs(s);
  if (a < 60) return rtf.format(s, 'second');
  if (a < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
}
