// Round trip (issue 21): crontab lines of the shapes teams use, described by cRonstrue in
// English and zh_CN (verbose, so that a daily line says "every day": without it "At 09:00 AM"
// is a one-off to any reader), read back by the parser, must fire when croner fires the line,
// from fixed instants in a fixed zone, or be refused. Never accepted with other times.
import { Cron } from 'croner';
import cronstrueModule from 'cronstrue/i18n.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRuns } from '../../../src/schedule/index.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';

// the package is CommonJS: Node hands its exports over as the default, its typings name them one by one
const cronstrue = cronstrueModule as unknown as { toString(expr: string, opts: { locale: string; verbose: boolean }): string };
const TZ = 'Asia/Shanghai'; // no DST: the fire times compare the reading, not two DST policies
const INSTANTS = [Date.parse('2026-03-04T10:15:00+08:00'), Date.parse('2026-12-30T23:59:00+08:00')];
const N = 5;
const LOCALES = ['en', 'zh_CN'] as const;

type Outcome = 'same' | 'refused' | 'other';

function roundTrip(line: string, locale: (typeof LOCALES)[number]): { outcome: Outcome; text: string; detail?: string } {
  const text = cronstrue.toString(line, { locale, verbose: true });
  for (const now of INSTANTS) {
    const r = parseSchedule(text, { now, tz: TZ });
    if (!r.ok) return { outcome: 'refused', text };
    const got = nextRuns(r.schedule, r.window, now, N);
    const want = new Cron(line, { timezone: TZ, paused: true }).nextRuns(N, new Date(now)).map((d) => d.getTime());
    if (got.join() !== want.join()) return { outcome: 'other', text, detail: `${r.schedule.kind} ${r.schedule.expr}` };
  }
  return { outcome: 'same', text };
}

const pad = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b).join(',');
const minute = fc.constantFrom(0, 5, 15, 30, 45, 59);
const hour = fc.integer({ min: 0, max: 23 });
const dows = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 4 }).map(pad);
const doms = fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { minLength: 1, maxLength: 3 }).map(pad);
const months = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }).map(pad);
const hourSpan = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 12, max: 23 }));
const monthSpan = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 7, max: 12 }));

// one arbitrary per shape the issue names
const line = fc.oneof(
  fc.tuple(minute, hour).map(([m, h]) => `${m} ${h} * * *`), // daily
  fc.tuple(minute, fc.uniqueArray(hour, { minLength: 2, maxLength: 3 })).map(([m, hs]) => `${m} ${pad(hs)} * * *`), // several hours
  fc.tuple(minute, hour).map(([m, h]) => `${m} ${h} * * 1-5`), // weekdays
  fc.tuple(minute, hour, dows).map(([m, h, d]) => `${m} ${h} * * ${d}`), // weekday lists
  fc.tuple(minute, hour, doms).map(([m, h, d]) => `${m} ${h} ${d} * *`), // day-of-month lists
  fc.tuple(minute, hour, fc.constantFrom('L', 'LW')).map(([m, h, d]) => `${m} ${h} ${d} * *`), // L
  fc.tuple(minute, hour, fc.integer({ min: 0, max: 6 }), fc.constantFrom('#1', '#2', '#3', '#4', 'L')).map(([m, h, d, n]) => `${m} ${h} * * ${d}${n}`), // nth weekday
  fc.tuple(minute, hour, months).map(([m, h, mo]) => `${m} ${h} * ${mo} *`), // month lists
  fc.tuple(minute, hour, doms, months).map(([m, h, d, mo]) => `${m} ${h} ${d} ${mo} *`),
  fc.tuple(minute, hour, fc.integer({ min: 1, max: 28 }), fc.integer({ min: 2, max: 6 })).map(([m, h, d, k]) => `${m} ${h} ${d} */${k} *`), // month steps
  fc.tuple(minute, hour, monthSpan).map(([m, h, [a, b]]) => `${m} ${h} * ${a}-${b} *`), // month ranges
  fc.tuple(hourSpan, fc.constantFrom('*', '1-5')).map(([[a, b], d]) => `0 ${a}-${b} * * ${d}`), // hour ranges
  fc.tuple(hourSpan, fc.integer({ min: 2, max: 4 })).map(([[a, b], k]) => `0 ${a}-${b}/${k} * * *`),
);

describe('cRonstrue descriptions read back', () => {
  it('fire as croner fires the line, or are refused, over thousands of random lines in both languages', () => {
    const count: Record<string, Record<Outcome, number>> = { en: { same: 0, refused: 0, other: 0 }, zh_CN: { same: 0, refused: 0, other: 0 } };
    const wrong: string[] = [];
    fc.assert(
      fc.property(line, (l) => {
        for (const locale of LOCALES) {
          const r = roundTrip(l, locale);
          count[locale][r.outcome]++;
          if (r.outcome === 'other') wrong.push(`${l} → ${JSON.stringify(r.text)} → ${r.detail}`);
        }
      }),
      { numRuns: 1000, seed: 21 },
    );
    for (const locale of LOCALES) {
      const c = count[locale];
      process.stdout.write(`round trip ${locale}: ${c.same} same, ${c.refused} refused, ${c.other} other (accepted ${((100 * c.same) / (c.same + c.refused + c.other)).toFixed(1)} %)\n`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('reads one line of every shape back in both languages', () => {
    const lines = ['0 9 * * *', '30 9 * * 1-5', '0 10 * * 1,3,5', '0 9 1,15 * *', '0 18 L * *', '0 18 LW * *', '0 9 * * 6#3', '0 9 * * 5L', '0 9 * 1,3 *', '0 16 1 */3 *', '0 9 * 1-3 *', '0 9-17 * * 1-5', '0 8-18/2 * * *'];
    const refused = lines.flatMap((l) => LOCALES.map((loc) => [l, loc, roundTrip(l, loc)] as const)).filter(([, , r]) => r.outcome !== 'same');
    expect(refused.map(([l, loc, r]) => `${l} (${loc}) ${r.outcome}: ${r.text}`)).toEqual([]);
  });
});
