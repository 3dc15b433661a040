// Wall times of a zone and instants, for datetime-local inputs: pure, no page or language needed,
// so the form's state (form-state.ts) can be tested outside a browser.

/** The offset of `tz` from UTC at `ms`, in minutes. */
function offsetAt(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
  return Math.round((wall - ms) / 60_000);
}

/** "2026-03-01T09:00" read as a wall time in `tz`, as an ISO instant with its offset; '' stays ''. */
export function wallToIso(local: string, tz: string): string {
  if (!local) return '';
  const guess = Date.parse(`${local}Z`);
  if (Number.isNaN(guess)) return local;
  const off = offsetAt(guess - offsetAt(guess, tz) * 60_000, tz);
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${local.length === 16 ? `${local}:00` : local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** An instant as the wall time of `tz`, for a datetime-local input ("2026-03-01T09:00"). */
export function isoToWall(iso: string | null | undefined, tz: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + offsetAt(ms, tz) * 60_000).toISOString().slice(0, 16);
}
