import { describe, expect, it } from 'vitest';
import { LUNAR_YEARS, lunarDate } from '../../../src/schedule/nl/holidays.ts';

// ICU's Chinese calendar (Node's Intl) is an independent computation of the same festivals.
const icu = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
function icuDate(y: number, lunarMonth: number, lunarDay: number): string {
  for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 86_400_000) {
    const parts = icu.formatToParts(new Date(t));
    const m = parts.find((p) => p.type === 'month')?.value;
    const d = parts.find((p) => p.type === 'day')?.value;
    if (m === String(lunarMonth) && d === String(lunarDay)) return new Date(t).toISOString().slice(0, 10);
  }
  return 'none';
}
const iso = (x: { y: number; m: number; d: number } | null) => (x ? `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}` : 'none');

// The new moon of 6 Feb 2027 (15:56 UTC) and of 2 Feb 2030 (16:07 UTC) fall minutes from Beijing
// midnight; the mainland calendar (GB/T 33661-2017) and ICU put them on different days.
const EXPLAINED = new Set(['spring 2027', 'spring 2030']);

describe('the lunar festival table', () => {
  it('agrees with ICU\'s Chinese calendar for every year it covers, but for the two listed days', () => {
    const diffs: string[] = [];
    for (let y = LUNAR_YEARS.from; y <= LUNAR_YEARS.to; y++) {
      for (const [key, m, d] of [['spring', 1, 1], ['dragon', 5, 5], ['moon', 8, 15]] as const) {
        const ours = iso(lunarDate(key, y));
        if (ours !== icuDate(y, m, d) && !EXPLAINED.has(`${key} ${y}`)) diffs.push(`${key} ${y}: table ${ours}, ICU ${icuDate(y, m, d)}`);
      }
    }
    expect(diffs).toEqual([]);
    expect(iso(lunarDate('spring', 2027))).toBe('2027-02-06');
    expect(iso(lunarDate('eve', 2027))).toBe('2027-02-05');
  });

  it('knows nothing outside the years it covers', () => {
    expect(lunarDate('moon', LUNAR_YEARS.from - 1)).toBeNull();
    expect(lunarDate('moon', LUNAR_YEARS.to + 1)).toBeNull();
  });
});
