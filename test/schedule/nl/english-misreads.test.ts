import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';

// English phrases a probe found accepted with a wrong schedule (2026-03-04 is a Wednesday).
const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
const read = (text: string) => {
  const r = parseSchedule(text, EN);
  return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code, error: r.error };
};
const notes = (text: string) => {
  const r = parseSchedule(text, EN);
  return r.ok ? r.notes : [`refused: ${r.code}`];
};

describe('a part of the day with a clock time', () => {
  it('takes only the stated time, moved to the afternoon or evening by the part of the day', () => {
    expect(read('every evening at 6')).toEqual({ expr: '0 18 * * *', rest: '' });
    expect(read('every night at 10pm')).toEqual({ expr: '0 22 * * *', rest: '' });
    expect(read('every morning at 8')).toEqual({ expr: '0 8 * * *', rest: '' });
    expect(read('every afternoon at 3pm')).toEqual({ expr: '0 15 * * *', rest: '' });
    expect(read('every afternoon at 3')).toEqual({ expr: '0 15 * * *', rest: '' });
    expect(notes('every evening at 6')).toEqual([]);
  });

  it('keeps the default hour of a part of the day without a clock time', () => {
    expect(read('every evening')).toEqual({ expr: '0 18 * * *', rest: '' });
    expect(read('every night')).toEqual({ expr: '0 21 * * *', rest: '' });
  });

  it('reads a part of the day after a repeated weekday', () => {
    expect(read('every friday afternoon demo')).toEqual({ expr: '0 14 * * 5', rest: 'demo' });
    expect(read('every sunday evening prep')).toEqual({ expr: '0 18 * * 0', rest: 'prep' });
    expect(read('every friday night')).toEqual({ expr: '0 21 * * 5', rest: '' });
  });

  it('reads "this afternoon" and "this evening" as today', () => {
    expect(read('this afternoon at 3 call')).toEqual({ expr: '2026-03-04T15:00:00-05:00', rest: 'call' });
    expect(read('this evening at 7 dinner')).toEqual({ expr: '2026-03-04T19:00:00-05:00', rest: 'dinner' });
    expect(read('this afternoon review')).toEqual({ expr: '2026-03-04T14:00:00-05:00', rest: 'review' });
    expect(read('this morning at 8')).toMatchObject({ code: 'past' });
  });

  it('reads "tonight" alone as 21:00, as "tomorrow night" is', () => {
    expect(read('tonight call mom')).toEqual({ expr: '2026-03-04T21:00:00-05:00', rest: 'call mom' });
  });

  it('reads "in the evening" after a clock time, on a repetition and without a day', () => {
    expect(read('every day at 8 in the evening review')).toEqual({ expr: '0 20 * * *', rest: 'review' });
    expect(read('at 3 in the afternoon')).toEqual({ expr: '2026-03-04T15:00:00-05:00', rest: '' });
    expect(read('tomorrow at 3 in the afternoon')).toEqual({ expr: '2026-03-05T15:00:00-05:00', rest: '' });
    expect(notes('at 3 in the afternoon')).toEqual([]);
  });

  it('leaves a bare part-of-day word after a clock time in the task text', () => {
    expect(read('every day at 9 morning standup')).toEqual({ expr: '0 9 * * *', rest: 'morning standup' });
  });

  it('refuses a clock time outside the part of the day written with it', () => {
    for (const t of ['tonight at 9am', 'tonight at 5am', 'tomorrow morning at 8pm', 'every evening at 1am']) {
      expect(read(t)).toMatchObject({ code: 'part_of_day' });
    }
    // the small hours (1 to 4) are the night's, after its midnight (they were refused here too)
    expect(read('tonight at 1am')).toMatchObject({ expr: '2026-03-05T01:00:00-05:00' });
    expect(read('tonight at 2')).toMatchObject({ expr: '2026-03-05T02:00:00-05:00' });
    expect(read('every night at 1')).toMatchObject({ expr: '0 1 * * *' });
    expect(read('tonight at 9am')).toMatchObject({ error: '09:00 is not in the night: the clock time and the part of the day disagree' });
  });
});

describe('midnight and noon', () => {
  it('reads midnight or 12 tonight as the midnight that ends today', () => {
    expect(read('tonight at midnight backup')).toEqual({ expr: '2026-03-05T00:00:00-05:00', rest: 'backup' });
    expect(read('tonight at 12 deploy')).toEqual({ expr: '2026-03-05T00:00:00-05:00', rest: 'deploy' });
    expect(read('tonight at 12am')).toEqual({ expr: '2026-03-05T00:00:00-05:00', rest: '' });
    expect(read('friday night at 12')).toEqual({ expr: '2026-03-07T00:00:00-05:00', rest: '' });
    expect(read('every friday night at midnight')).toEqual({ expr: '0 0 * * 6', rest: '' });
    expect(read('every night at 12')).toEqual({ expr: '0 0 * * *', rest: '' });
  });

  it('reads "12 midnight" and "12 noon" as one time each', () => {
    expect(read('every day at 12 midnight backup')).toEqual({ expr: '0 0 * * *', rest: 'backup' });
    expect(read('every day at 12 noon lunch')).toEqual({ expr: '0 12 * * *', rest: 'lunch' });
    expect(read('12 noon')).toEqual({ expr: '2026-03-04T12:00:00-05:00', rest: '' });
  });

  it('refuses midnight after the evening when other times would stay on the day itself', () => {
    expect(read('tonight at 11 and midnight')).toMatchObject({ code: 'midnight_day' });
  });
});

describe('spans and lists of weekdays', () => {
  it('reads a span of weekdays as a weekly repetition, with or without "every"', () => {
    expect(read('monday to friday at 9 standup')).toEqual({ expr: '0 9 * * 1-5', rest: 'standup' });
    expect(read('mon-fri at 9')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('mon - fri 9am')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('every monday to friday')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('every mon-fri')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('fri-mon at 9')).toEqual({ expr: '0 9 * * 0,1,5,6', rest: '' });
  });

  it('reads "through" between two weekdays as a span, not as the end of the repetition', () => {
    const r = parseSchedule('every monday through friday at 9 standup', EN);
    expect(r).toMatchObject({ ok: true, rest: 'standup', window: {} });
    if (r.ok) expect(r.schedule.expr).toBe('0 9 * * 1-5');
  });

  it('reads weekdays joined by slashes or spaces', () => {
    expect(read('every mon/wed/fri')).toEqual({ expr: '0 9 * * 1,3,5', rest: '' });
    expect(read('every tue/thu')).toEqual({ expr: '0 9 * * 2,4', rest: '' });
    expect(read('mon wed fri at 9')).toEqual({ expr: '0 9 * * 1,3,5', rest: '' });
  });

  it('keeps a single bare weekday a one-off', () => {
    expect(read('on monday call')).toEqual({ expr: '2026-03-09T09:00:00-04:00', rest: 'call' });
  });
});

describe('days of every month said without "every" in front', () => {
  it('reads the n-th weekday of each month', () => {
    expect(read('on the last friday of each month demo')).toEqual({ expr: '0 9 * * 5#L', rest: 'demo' });
    expect(read('first monday of every month at 10am')).toEqual({ expr: '0 10 * * 1#1', rest: '' });
    expect(read('last friday of every month at 4pm')).toEqual({ expr: '0 16 * * 5#L', rest: '' });
    expect(read('2nd monday of every month')).toEqual({ expr: '0 9 * * 1#2', rest: '' });
  });

  it('reads a day of the month of every month', () => {
    expect(read('on the 15th of every month')).toEqual({ expr: '0 9 15 * *', rest: '' });
    expect(read('15th of every month')).toEqual({ expr: '0 9 15 * *', rest: '' });
    expect(read('on the 1st and 15th of every month pay')).toEqual({ expr: '0 9 1,15 * *', rest: 'pay' });
  });

  it('refuses "of the month" without "every", which may be this month once', () => {
    expect(read('the last friday of the month demo')).toMatchObject({ code: 'which_month' });
    expect(read('every last friday of the month')).toEqual({ expr: '0 9 * * 5#L', rest: '' });
  });

  it('reads the end and the start of every month', () => {
    expect(read('at the end of every month close books')).toEqual({ expr: '0 9 L * *', rest: 'close books' });
    expect(read('at the start of every month')).toEqual({ expr: '0 9 1 * *', rest: '' });
    expect(read('at the beginning of each month report')).toEqual({ expr: '0 9 1 * *', rest: 'report' });
  });
});

describe('fractions and short units', () => {
  it('reads "and a half"', () => {
    expect(read('in an hour and a half leave')).toEqual({ expr: '2026-03-04T11:45:00-05:00', rest: 'leave' });
    expect(read('in 2 and a half hours')).toEqual({ expr: '2026-03-04T12:45:00-05:00', rest: '' });
    expect(read('in 1.5 hours')).toEqual({ expr: '2026-03-04T11:45:00-05:00', rest: '' });
    expect(read('in half an hour')).toEqual({ expr: '2026-03-04T10:45:00-05:00', rest: '' });
  });

  it('reads a count and its unit written together after "every" and "in"', () => {
    expect(read('every 2h check')).toEqual({ expr: '2h', rest: 'check' });
    expect(read('every 30m')).toEqual({ expr: '30m', rest: '' });
    expect(read('in 2h')).toEqual({ expr: '2026-03-04T12:15:00-05:00', rest: '' });
    expect(read('in 90s')).toEqual({ expr: '2026-03-04T10:16:30-05:00', rest: '' });
  });
});

describe('every two weeks and every quarter', () => {
  it('reads biweekly as every two weeks and says so', () => {
    expect(read('biweekly on friday payroll')).toEqual({ expr: '14d', rest: 'payroll' });
    expect(notes('biweekly on friday payroll')).toEqual(['"biweekly" read as every two weeks; for twice a week, name the days, e.g. "every Mon and Thu"']);
    const r = parseSchedule('biweekly on friday payroll', EN);
    if (r.ok) expect(r.description).toBe('every other week on Friday at 09:00 (America/New_York)');
  });

  it('reads fortnightly and every fortnight as every two weeks, without a note', () => {
    expect(read('fortnightly sync')).toEqual({ expr: '14d', rest: 'sync' });
    expect(read('every fortnight')).toEqual({ expr: '14d', rest: '' });
    expect(notes('fortnightly sync')).toEqual([]);
    expect(read('in a fortnight')).toEqual({ expr: '2026-03-18T10:15:00-04:00', rest: '' });
  });

  it('reads quarterly and every quarter on today\'s date, as 每季度 and "every 3 months" are', () => {
    expect(read('quarterly review')).toEqual({ expr: '0 9 4 3,6,9,12 *', rest: 'review' });
    expect(read('every quarter')).toEqual({ expr: '0 9 4 3,6,9,12 *', rest: '' });
    expect(read('every 3 months')).toEqual({ expr: '0 9 4 3,6,9,12 *', rest: '' });
  });

  it('leaves "weekly" and "quarterly" after a repetition in the task text', () => {
    expect(read('every friday at 5pm quarterly report')).toEqual({ expr: '0 17 * * 5', rest: 'quarterly report' });
  });
});

describe('clock times in words', () => {
  it('reads an hour word after "at" once the day or repetition is named', () => {
    expect(read('every day at nine')).toEqual({ expr: '0 9 * * *', rest: '' });
    expect(read("every day at nine o'clock standup")).toEqual({ expr: '0 9 * * *', rest: 'standup' });
    expect(read('tomorrow at ten')).toEqual({ expr: '2026-03-05T10:00:00-05:00', rest: '' });
  });

  it('does not read a number word as an hour in task text', () => {
    expect(read('look at one thing tomorrow')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: 'look at one thing' });
  });

  it('reads half past and quarter past or to, with the 24-hour note for early hours', () => {
    expect(read('half past nine')).toEqual({ expr: '2026-03-05T09:30:00-05:00', rest: '' });
    expect(read('quarter past 9')).toEqual({ expr: '2026-03-05T09:15:00-05:00', rest: '' });
    expect(read('a quarter to 10pm meet')).toEqual({ expr: '2026-03-04T21:45:00-05:00', rest: 'meet' });
    expect(read('every day at half past three')).toEqual({ expr: '30 3 * * *', rest: '' });
    expect(notes('every day at half past three')).toEqual(['03:30, on the 24-hour clock; write 3:30pm for 15:30']);
  });
});
