import { describe, expect, it } from 'vitest';
import { compileCron, nextCron } from '../../src/schedule/index.ts';
import { refCompile, refFires, timeline } from './cron-reference.ts';

// Clock changes of 2026 (and a zone without any) with a window of 30 hours either side.
const H = 3_600_000;
const WINDOWS: Array<[string, string]> = [
  ['America/New_York', '2026-03-08T07:00:00Z'], // 02:00 EST → 03:00 EDT
  ['America/New_York', '2026-11-01T06:00:00Z'], // 02:00 EDT → 01:00 EST
  ['Europe/Berlin', '2026-03-29T01:00:00Z'], // 02:00 → 03:00
  ['Europe/Berlin', '2026-10-25T01:00:00Z'], // 03:00 → 02:00
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // 02:00 → 01:30 (a 30-minute change)
  ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'], // 02:00 → 02:30
  ['Asia/Shanghai', '2026-03-08T07:00:00Z'], // no clock change: the control
  ['Asia/Shanghai', '2026-10-31T16:00:00Z'], // month end
];

const FIELDS = {
  minute: ['0', '30', '*/15', '0,30', '5-10', '*/7', '59', '*', '0-50/25', '45', '15,45'],
  hour: ['*', '1', '2', '3', '0-4', '1-3', '*/2', '2,3', '1-5/2', '9', '23', '0', '12-14', '*/3', '2-23/6'],
  dom: ['*', '*', '*', '1', '8', '1-7', 'L', '31', '*/10', 'LW', '4W', '29', '1,25', '?', '25-31', '3-5'],
  month: ['*', '*', '3', '10', '11', '4', '3,10', '*/2', 'MAR', 'NOV', '1-6', 'OCT-DEC'],
  dow: ['*', '*', '*', '0', '7', '1-5', 'MON-FRI', '0,6', '0#1', '6#1', '5L', '+0', '+SUN', '6', '?', '2-4', 'SUN', '+1-5', '0L'],
};

// A small deterministic generator (mulberry32) so a failure names a reproducible expression.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function expressions(count: number): string[] {
  const pick = rng(12);
  const one = (xs: string[]) => xs[Math.floor(pick() * xs.length)];
  const out = new Set<string>([
    '0 1-3 * * *', '30 1-3 * * *', '0 2 * * *', '30 2 * * *', '0 1 * * *', '*/15 * * * *', '0 * * * *', '0 */2 * * *',
    '0 9 1 * 1', '0 9 1-7 * +1', '0 18 LW * *', '0 18 * * 5L', '45 1 * * *', '15 2 * * *', '0,30 1,2 * * *', '0 0-23/3 * * *',
  ]);
  while (out.size < count) {
    const e = [one(FIELDS.minute), one(FIELDS.hour), one(FIELDS.dom), one(FIELDS.month), one(FIELDS.dow)].join(' ');
    try {
      compileCron(e, 'UTC');
      out.add(e);
    } catch {
      // a combination that never fires (e.g. 31 November): not an expression to compare
    }
  }
  return [...out];
}

const EXPRS = expressions(320);

function engineFires(expr: string, tz: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = nextCron(expr, tz, from); t != null && t <= to; t = nextCron(expr, tz, t)) out.push(t);
  return out;
}

describe('cron evaluation against a brute-force reference', () => {
  it(`agrees on every fire instant of ${EXPRS.length} expressions in 4 timezones around clock changes`, () => {
    expect(EXPRS.length).toBeGreaterThanOrEqual(300);
    const differences: string[] = [];
    let compared = 0;
    for (const [tz, at] of WINDOWS) {
      const mid = Date.parse(at);
      const line = timeline(tz, mid - 30 * H, mid + 30 * H);
      const from = line[0].t;
      const to = line[line.length - 1].t;
      for (const expr of EXPRS) {
        const want = refFires(refCompile(expr), line);
        const got = engineFires(expr, tz, from, to);
        compared += want.length;
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          differences.push(`${expr} in ${tz} near ${at}: engine ${got.map((t) => new Date(t).toISOString()).join(',')} reference ${want.map((t) => new Date(t).toISOString()).join(',')}`);
        }
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(differences).toHaveLength(0);
    expect(compared).toBeGreaterThan(10_000);
  });

  it('agrees on the next fire instant from arbitrary instants inside the windows', () => {
    const pick = rng(99);
    const differences: string[] = [];
    for (const [tz, at] of WINDOWS) {
      const mid = Date.parse(at);
      const line = timeline(tz, mid - 30 * H, mid + 30 * H);
      for (const expr of EXPRS.slice(0, 120)) {
        const fires = refFires(refCompile(expr), line);
        for (let k = 0; k < 5; k++) {
          // anywhere in the first 50 hours, at any millisecond
          const from = line[0].t + Math.floor(pick() * 50 * H);
          const want = fires.find((t) => t > from);
          if (want === undefined) continue;
          const got = nextCron(expr, tz, from);
          if (got !== want) differences.push(`${expr} in ${tz} after ${new Date(from).toISOString()}: engine ${got && new Date(got).toISOString()} reference ${new Date(want).toISOString()}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
