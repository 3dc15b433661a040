// The kinds issue 21 names, in both languages where they apply. These phrases are the issue's
// own examples, not a public source: tested here, kept out of the corpus and its split.
import { describe, expect, it } from 'vitest';
import { nextRuns, toZonedIso } from '../../../src/schedule/index.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';

const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };

function read(text: string, o = EN) {
  const r = parseSchedule(text, o);
  if (!r.ok) return { code: r.code, error: r.error };
  return { expr: r.schedule.kind === 'cron' ? r.schedule.expr : r.schedule.kind, rest: r.rest, next: nextRuns(r.schedule, r.window, o.now, 2).map((ms) => toZonedIso(ms, o.tz)) };
}

describe('a repetition stated as a restriction, without "every"', () => {
  it('reads the English restrictions as the repetition they limit', () => {
    expect(read('at 09:30, only on Mondays')).toMatchObject({ expr: '30 9 * * 1', rest: '' });
    expect(read('on day 15 of the month')).toMatchObject({ expr: '0 9 15 * *' });
    expect(read('January through March')).toMatchObject({ expr: '0 9 * 1-3 *' });
    expect(read('only in February')).toMatchObject({ expr: '0 9 * 2 *', next: ['2027-02-01T09:00:00-05:00', '2027-02-02T09:00:00-05:00'] });
    expect(read('at 4pm, only on weekdays')).toMatchObject({ expr: '0 16 * * 1-5' });
    expect(read('only on mondays at 9:30 standup')).toMatchObject({ expr: '30 9 * * 1', rest: 'standup' });
    expect(read('At 09:00 AM, on the third Saturday of the month')).toMatchObject({ expr: '0 9 * * 6#3' });
  });

  it('reads the Chinese restrictions 限 / 仅 / 仅于 and a span of months', () => {
    expect(read('限每月3号', ZH)).toMatchObject({ expr: '0 9 3 * *', rest: '' });
    expect(read('限每月3号 10点 交报表', ZH)).toMatchObject({ expr: '0 10 3 * *', rest: '交报表' });
    expect(read('仅于二月份', ZH)).toMatchObject({ expr: '0 9 * 2 *', rest: '' });
    expect(read('仅星期五', ZH)).toMatchObject({ expr: '0 9 * * 5', rest: '' });
    expect(read('仅星期五 下午5点 周报', ZH)).toMatchObject({ expr: '0 17 * * 5', rest: '周报' });
    // 至 between months is a span: it was read as the two months alone (1,3)
    expect(read('一月至三月 每天9点', ZH)).toMatchObject({ expr: '0 9 * 1-3 *' });
  });

  it('asks when a phrase has two sensible readings, in the writer\'s language', () => {
    expect(read('between 9 and 17 on weekdays')).toEqual({
      code: 'range_or_hourly',
      error: '"between 9 and 17 on weekdays" reads two ways: every hour in that span, or once at its start',
    });
    expect(read('every hour between 9 and 17 on weekdays')).toMatchObject({ expr: '0 9-17 * * 1-5' });
    expect(read('在 09:00 和 17:00 之间, 星期一至星期五', ZH)).toMatchObject({ code: 'range_or_hourly', error: expect.stringContaining('有两种读法') });
    // the nth weekday "of the month" alone: this month once, or every month (as before)
    expect(read('on the third Saturday of the month')).toMatchObject({ code: 'which_month' });
    expect(read('saturday or sunday at 10')).toEqual({ code: 'either_day', error: '"saturday or sunday" reads two ways: both days every week, or one of them once' });
  });

  it('refuses 之间 left after a span instead of dropping it, naming it in Chinese', () => {
    expect(read('工作日 9点到17点之间', ZH)).toMatchObject({ code: 'unread_words', error: expect.stringContaining('“之间”') });
    expect(read('每天9点 部门之间沟通', ZH)).toMatchObject({ expr: '0 9 * * *', rest: '部门之间沟通' });
  });
});

describe('compact or joined weekday lists', () => {
  it('reads initials, abbreviations with dots, and slashes as the weekly set', () => {
    expect(read('M W F at 9')).toMatchObject({ expr: '0 9 * * 1,3,5', rest: '' });
    expect(read('tu th at 4pm gym')).toMatchObject({ expr: '0 16 * * 2,4', rest: 'gym' });
    expect(read('Mon. and Thu. at 9')).toMatchObject({ expr: '0 9 * * 1,4', rest: '' });
    expect(read('every Mon. and Thu. at 9')).toMatchObject({ expr: '0 9 * * 1,4' });
    expect(read('tue/thu at 10')).toMatchObject({ expr: '0 10 * * 2,4' });
  });
});

describe('"N units from now"', () => {
  it('is now plus the exact duration, with number words and any unit, as "in 2 hours" is', () => {
    expect(read('a week from now')).toMatchObject({ expr: 'once', next: ['2026-03-11T10:15:00-04:00'] });
    expect(read('three days from now')).toMatchObject({ expr: 'once', next: ['2026-03-07T10:15:00-05:00'] });
    expect(read('two hours from now')).toMatchObject({ expr: 'once', next: ['2026-03-04T12:15:00-05:00'] });
    expect(read('2 hours from now call mom')).toMatchObject({ next: ['2026-03-04T12:15:00-05:00'], rest: 'call mom' });
    expect(read('5 months from now')).toMatchObject({ next: ['2026-08-04T10:15:00-04:00'] });
    expect(read('from now on use main every day at 9')).toMatchObject({ expr: '0 9 * * *', rest: 'from now on use main' });
  });
});

describe('cron-describer style', () => {
  it('reads comma-joined clauses, 24-hour and 12-hour forms', () => {
    expect(read('At 16:00, on day 1 of the month, every 3 months')).toMatchObject({ expr: '0 16 1 */3 *', next: ['2026-04-01T16:00:00-04:00', '2026-07-01T16:00:00-04:00'] });
    expect(read('At 04:00 PM, on day 1 of the month, every 3 months')).toMatchObject({ expr: '0 16 1 */3 *' });
    expect(read('在16:00, 限每月 1 号, 每隔 3 个月', ZH)).toMatchObject({ expr: '0 16 1 */3 *' });
    // cRonstrue's 上午 12:00 is midnight, 上午12点 is noon to many: asked, never guessed
    expect(read('在上午 12:00, 每天', ZH)).toMatchObject({ code: 'noon_or_midnight', error: '“上午12点”有两种读法：中午12点，或12小时制的午夜0点' });
    expect(read('明天上午12点', ZH)).toMatchObject({ code: 'noon_or_midnight' });
    expect(read('在 上午 09:00, 下午 02:00 和 下午 05:00, 每天', ZH)).toMatchObject({ expr: '0 9,14,17 * * *' });
    expect(read('At 09:00 AM, 02:00 PM and 05:00 PM, every day')).toMatchObject({ expr: '0 9,14,17 * * *' });
  });

  it('reads seconds and an evening hour on the 24-hour clock in Chinese', () => {
    expect(read('15点30分15秒', ZH)).toMatchObject({ expr: 'once', next: ['2026-03-04T15:30:15+08:00'] });
    expect(read('每天15点30分15秒', ZH)).toMatchObject({ expr: '15 30 15 * * *' });
    expect(read('晚上二十二点', ZH)).toMatchObject({ expr: 'once', next: ['2026-03-04T22:00:00+08:00'] });
    expect(read('每天晚上22点 复盘', ZH)).toMatchObject({ expr: '0 22 * * *', rest: '复盘' });
    // 晚上 is still 5 to 11 (and 17 to 23): 晚上3点 stays refused
    expect(read('晚上3点', ZH)).toMatchObject({ code: 'bad_time' });
  });
});
