const SPACES = /\s+/;

/** The fields of a cron expression as written. */
export function cronFields(expr: string): string[] {
  const t = expr.trim();
  return t.length === 0 ? [] : t.split(SPACES);
}

/** The day-of-month, day-of-week and hour fields of a 5- or 6-field expression. */
export function dayFields(expr: string): { dom: string; dow: string; hour: string } | null {
  const f = cronFields(expr);
  if (f.length !== 5 && f.length !== 6) return null;
  const o = f.length - 5;
  return { hour: f[o + 1], dom: f[o + 2], dow: f[o + 4] };
}

const ANY = /^[*?]$/;

/**
 * How day of month and day of week combine: `or` when both are restricted (POSIX, Vixie cron,
 * cronie), `and` when the weekday field starts with `+` (croner's explicit AND), else `single`.
 */
export function dayRule(expr: string): 'or' | 'and' | 'single' {
  const d = dayFields(expr);
  if (!d) return 'single';
  if (d.dow.startsWith('+')) return 'and';
  return !ANY.test(d.dom) && !ANY.test(d.dow) ? 'or' : 'single';
}

/**
 * True when the hour field is `*` (or `*\/1`): such a schedule follows real time on DST days
 * (the repeated hour fires again, the skipped hour has nothing to fire, as Linux cron does for
 * wildcard jobs). Every other hour field follows the wall-time rule (once; a gap fires at its end).
 */
export function followsRealTime(fields: string[]): boolean {
  if (fields.length !== 5 && fields.length !== 6) return false;
  const h = fields[fields.length - 4];
  return h === '*' || h === '*/1';
}
