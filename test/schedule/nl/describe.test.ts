import { describe, expect, it } from 'vitest';
import { describeSchedule } from '../../../src/schedule/nl/index.ts';
import { zhNumber } from '../../../src/schedule/nl/numbers.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);

describe('describeSchedule', () => {
  const cases: Array<[string, Parameters<typeof describeSchedule>[0], Parameters<typeof describeSchedule>[1], string, string]> = [
    ['weekday cron', { kind: 'cron', expr: '30 9 * * 1-5', tz: SH }, {}, 'every weekday at 09:30 (Asia/Shanghai)', '每个工作日 09:30'],
    ['daily cron with several hours', { kind: 'cron', expr: '0 10,12,17 * * *', tz: SH }, {}, 'every day at 10:00, 12:00 and 17:00 (Asia/Shanghai)', '每天 10:00、12:00、17:00'],
    ['weekday list', { kind: 'cron', expr: '0 10 * * 1,3,5', tz: SH }, {}, 'every Monday, Wednesday and Friday at 10:00 (Asia/Shanghai)', '每周一、三、五 10:00'],
    ['days of the month', { kind: 'cron', expr: '30 10 1,15 * *', tz: SH }, {}, 'every month on the 1st and 15th at 10:30 (Asia/Shanghai)', '每月1号和15号 10:30'],
    ['last day of the month', { kind: 'cron', expr: '0 18 L * *', tz: SH }, {}, 'every last day of the month at 18:00 (Asia/Shanghai)', '每月最后一天 18:00'],
    ['nth weekday of a month in a year', { kind: 'cron', expr: '0 9 * 5 0#2', tz: SH }, {}, 'every year on the 2nd Sunday of May at 09:00 (Asia/Shanghai)', '每年5月第2个周日 09:00'],
    ['hour range', { kind: 'cron', expr: '0 9-17/2 * * *', tz: SH }, {}, 'every 2 hours from 09:00 to 17:00 (Asia/Shanghai)', '每天 09:00 到 17:00 每2小时'],
    ['sub-day interval', { kind: 'every', expr: '2m', tz: SH, anchor: at('2026-03-04T10:17:00+08:00') }, {}, 'every 2 minutes (Asia/Shanghai)', '每2分钟'],
    ['two-week interval', { kind: 'every', expr: '14d', tz: SH, anchor: at('2026-03-11T09:00:00+08:00') }, {}, 'every other week on Wednesday at 09:00 (Asia/Shanghai)', '每两周周三 09:00'],
    ['one-shot', { kind: 'once', expr: '2026-03-05T09:00:00+08:00', tz: SH, anchor: at('2026-03-05T09:00:00+08:00') }, {}, 'once on 2026-03-05 at 09:00 (Asia/Shanghai)', '2026年3月5日 09:00（一次）'],
    ['an expression it has no words for', { kind: 'cron', expr: '*/7 3 * * *', tz: SH }, {}, 'cron */7 3 * * * (Asia/Shanghai)', 'cron 表达式 */7 3 * * *'],
    ['limits', { kind: 'cron', expr: '0 9 * * *', tz: SH }, { endAt: at('2026-12-31T23:59:59.999+08:00'), maxRuns: 3 }, 'every day at 09:00 (Asia/Shanghai) until 2026-12-31 for 3 times', '每天 09:00，截至 2026-12-31，共 3 次'],
  ];
  for (const [name, s, w, en, zh] of cases) {
    it(`describes a ${name} in English and Chinese`, () => {
      expect(describeSchedule(s, w, 'en')).toBe(en);
      expect(describeSchedule(s, w, 'zh')).toBe(zh);
    });
  }
});

describe('zhNumber', () => {
  it('reads digits, positional numerals and digit-by-digit years', () => {
    expect(['15', '两', '十', '十五', '二十三', '一百零五', '二零二六', '〇'].map(zhNumber)).toEqual([15, 2, 10, 15, 23, 105, 2026, 0]);
  });
  it('returns NaN for anything that is not a number', () => {
    expect(zhNumber('三个')).toBeNaN();
    expect(zhNumber('')).toBeNaN();
  });
});
