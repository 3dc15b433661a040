import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';

const NOW = Date.parse('2026-03-04T10:15:00+08:00');
// CPU time of this process, not wall time: a neighbour on the machine (CI beside two CPU hogs)
// stretches the wall clock, not the work a parse does. Generous for slow machines, yet far below
// what catastrophic backtracking costs (seconds of CPU).
const BOUND_MS = 50;

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function timed(text: string, tz = 'Asia/Shanghai'): { ms: number; ok: boolean } {
  const t0 = cpuMs();
  const r = parseSchedule(text, { now: NOW, tz });
  const ms = cpuMs() - t0;
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) expect(r.description.length).toBeGreaterThan(0);
  else expect(r.error.length).toBeGreaterThan(0);
  return { ms, ok: r.ok };
}

// The slowest of three tries, ignoring a single GC pause: a real regression is slow every time.
function fastest(text: string): number {
  return Math.min(timed(text).ms, timed(text).ms, timed(text).ms);
}

const pieces = ['每', '每隔', '天', '周一', '三', '点', '半', '后', '明天', '下午', '到', '共', '次', 'every', ' ', 'at', '9', ':', '30', 'pm', 'day', 'and', ',', '-', '0', '十', '两', '号', '月', 'cron', '*', 'in', 'minutes', 'until', 'dec', '🙂', '\u0000'];

describe('parseSchedule on any input', () => {
  it('never throws and answers quickly for random strings', () => {
    timed('warm up every day at 9');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(fastest(s)).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and answers quickly for strings built from schedule words', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200 }), (parts) => {
        expect(fastest(parts.join(''))).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and answers quickly for full-unicode and mixed-script strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin'), (s, tz) => {
        expect(timed(s, tz).ms).toBeLessThan(BOUND_MS * 5);
      }),
      { numRuns: 200 },
    );
  });

  const adversarial: Array<[string, string]> = [
    ['a 5,000-character paste', 'x'.repeat(5000)],
    ['1,000 digits', '9'.repeat(1000)],
    ['a thousand 每', '每'.repeat(1000)],
    ['"every " repeated to the cap', 'every '.repeat(166)],
    ['digits and colons', '1:'.repeat(500)],
    ['Chinese numerals', '二十三'.repeat(333)],
    ['weekday lists', '每周一、'.repeat(250)],
    ['mixed scripts', 'every 每 2 两 minutes 分钟 '.repeat(40)],
    ['time lists', 'at 9, 10 and '.repeat(76)],
    ['spaces', ' '.repeat(999) + 'x'],
    ['cron fields', 'cron ' + '* '.repeat(497)],
    ['ordinals', 'every 1st '.repeat(100)],
  ];
  for (const [name, text] of adversarial) {
    it(`answers ${name} without throwing, within the time bound`, () => {
      timed(text);
      expect(fastest(text)).toBeLessThan(BOUND_MS);
    });
  }

  it('refuses text over the length cap with too_long', () => {
    const r = parseSchedule('every day at 9 '.repeat(100), { now: NOW, tz: 'UTC' });
    expect(r.ok ? 'ok' : r.code).toBe('too_long');
  });

  it('refuses an unknown timezone instead of throwing', () => {
    const r = parseSchedule('every day at 9', { now: NOW, tz: 'Mars/Olympus' });
    expect(r.ok ? 'ok' : r.code).toBe('bad_timezone');
  });
});
