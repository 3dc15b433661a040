import { describe, expect, it } from 'vitest';
import { parseEnglishAt } from '../../../src/schedule/nl/en.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';

// More English phrases a probe found accepted with a wrong schedule (2026-03-04 is a Wednesday).
const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
const read = (text: string) => {
  const r = parseSchedule(text, EN);
  return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code, error: r.error };
};
const notes = (text: string) => {
  const r = parseSchedule(text, EN);
  return r.ok ? r.notes : [`refused: ${r.code}`];
};

describe('abbreviated weekdays', () => {
  it('reads "thurs", "tues" and "weds" as one coming day, not as plurals', () => {
    expect(read('thurs 3pm call')).toEqual({ expr: '2026-03-05T15:00:00-05:00', rest: 'call' });
    expect(read('tues 3pm call')).toEqual({ expr: '2026-03-10T15:00:00-04:00', rest: 'call' });
    expect(read('weds 3pm call')).toEqual({ expr: '2026-03-04T15:00:00-05:00', rest: 'call' });
  });

  it('keeps plural weekday names recurring', () => {
    expect(read('thursdays 3pm')).toEqual({ expr: '0 15 * * 4', rest: '' });
    expect(read('on tuesdays')).toEqual({ expr: '0 9 * * 2', rest: '' });
    expect(read('every tues 3pm')).toEqual({ expr: '0 15 * * 2', rest: '' });
  });
});

describe('chat spellings of tomorrow and tonight', () => {
  it('reads tmrw, tmr, tomorow, tommorow and 2moro as tomorrow', () => {
    for (const t of ['tmrw 3pm call', 'tmr 3pm call', 'tomorow 3pm call', 'tommorow 3pm call', '2moro 3pm call']) {
      expect(read(t)).toEqual({ expr: '2026-03-05T15:00:00-05:00', rest: 'call' });
    }
    expect(read('tommorow')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: '' });
  });

  it('reads tonite as tonight, evening hours included', () => {
    expect(read('tonite at 8 call')).toEqual({ expr: '2026-03-04T20:00:00-05:00', rest: 'call' });
  });
});

describe('a colon after the clock time', () => {
  it('ends the time, as Slack messages write it', () => {
    expect(read('every monday 9am: standup')).toEqual({ expr: '0 9 * * 1', rest: 'standup' });
    expect(read('every monday at 9:30: standup')).toEqual({ expr: '30 9 * * 1', rest: 'standup' });
  });
});

describe('a count of runs after a list of times', () => {
  it('reads ", 5 times," as the number of runs, not as 05:00', () => {
    const r = parseSchedule('every day at 9am, 5 times, standup', EN);
    expect(r.ok && { expr: r.schedule.expr, rest: r.rest, window: r.window }).toEqual({ expr: '0 9 * * *', rest: 'standup', window: { maxRuns: 5 } });
    expect(read('every day at 9, 10')).toEqual({ expr: '0 9,10 * * *', rest: '' });
  });
});

describe('a day of the month without a month', () => {
  it('reads "on the 15th" and "the 5th" as the coming one, once, at 09:00', () => {
    expect(read('on the 15th pay rent')).toEqual({ expr: '2026-03-15T09:00:00-04:00', rest: 'pay rent' });
    expect(read('remind me on the 15th to pay')).toEqual({ expr: '2026-03-15T09:00:00-04:00', rest: 'remind me to pay' });
    expect(read('the 5th pay')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: 'pay' });
    expect(read('on the 3rd pay')).toEqual({ expr: '2026-04-03T09:00:00-04:00', rest: 'pay' });
  });
});

describe('the first and the end of the month', () => {
  it('reads the first of every month and every month end as monthly', () => {
    expect(read('first of every month pay rent')).toEqual({ expr: '0 9 1 * *', rest: 'pay rent' });
    expect(read('on the first of each month pay')).toEqual({ expr: '0 9 1 * *', rest: 'pay' });
    expect(read('the last of every month')).toEqual({ expr: '0 9 L * *', rest: '' });
    expect(read('every month end pay')).toEqual({ expr: '0 9 L * *', rest: 'pay' });
    expect(read('every month first day pay')).toEqual({ expr: '0 9 1 * *', rest: 'pay' });
  });

  it('refuses "month end" and "the first of the month" without every, as "the last friday of the month" is', () => {
    expect(read('month end close books')).toMatchObject({ code: 'which_month', error: '"month end" does not say whether it is this month once or every month' });
    expect(read('first of the month pay rent')).toMatchObject({ code: 'which_month' });
    expect(read('the 15th of the month')).toMatchObject({ code: 'which_month' });
  });

  it('reads the start of next month and a day of next month once', () => {
    expect(read('start of next month')).toEqual({ expr: '2026-04-01T09:00:00-04:00', rest: '' });
    expect(read('beginning of next month review')).toEqual({ expr: '2026-04-01T09:00:00-04:00', rest: 'review' });
    expect(read('the 15th of next month')).toEqual({ expr: '2026-04-15T09:00:00-04:00', rest: '' });
  });
});

describe('a weekday of next week', () => {
  it('reads "friday next week" and "thursday of next week" as next week\'s day', () => {
    expect(read('friday next week demo')).toEqual({ expr: '2026-03-13T09:00:00-04:00', rest: 'demo' });
    expect(read('on thursday next week demo')).toEqual({ expr: '2026-03-12T09:00:00-04:00', rest: 'demo' });
    expect(read('thursday of next week demo')).toEqual({ expr: '2026-03-12T09:00:00-04:00', rest: 'demo' });
    expect(read('friday this week')).toEqual({ expr: '2026-03-06T09:00:00-05:00', rest: '' });
  });

  it('reads "monday after next" as the Monday after the coming one', () => {
    expect(read('monday after next kickoff')).toEqual({ expr: '2026-03-16T09:00:00-04:00', rest: 'kickoff' });
  });

  it('refuses a week counted from a day, or a week with no day', () => {
    for (const t of ['friday after next', 'two weeks from friday retro', 'a week from friday', 'the week after next sync']) {
      expect(read(t)).toMatchObject({ code: 'which_week' });
    }
  });
});

describe('named days that are not plain weekdays', () => {
  it('refuses Black Friday, Cyber Monday and Good Friday instead of reading the coming weekday', () => {
    expect(read('black friday sale starts')).toMatchObject({ code: 'named_day', error: '"black friday" is a named day whose date I do not compute' });
    expect(read('cyber monday deals')).toMatchObject({ code: 'named_day' });
    expect(read('good friday off')).toMatchObject({ code: 'named_day' });
    expect(read('every good friday')).toMatchObject({ code: 'named_day' });
  });
});

describe('weekends', () => {
  it('reads plural "weekends" as every Saturday and Sunday', () => {
    expect(read('weekends at 10am go running')).toEqual({ expr: '0 10 * * 0,6', rest: 'go running' });
    expect(read('on weekends at 10am')).toEqual({ expr: '0 10 * * 0,6', rest: '' });
  });

  it('refuses "the weekend" with a time, which does not say which day', () => {
    expect(read('on the weekend at 10am hike')).toMatchObject({ code: 'which_day' });
    expect(read('at 10am this weekend')).toMatchObject({ code: 'which_day' });
    expect(read('this weekend')).toMatchObject({ code: 'no_schedule' });
  });

  it('keeps "weekend" in task text written apart from the schedule', () => {
    expect(read('have a nice weekend tomorrow 9am')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: 'have a nice weekend' });
  });
});

describe('working days counted ahead', () => {
  it('refuses the next business day and business days from now, and never repeats them', () => {
    for (const t of ['next weekday follow up', 'next business day follow up', 'in 3 business days follow up']) {
      expect(read(t)).toMatchObject({ code: 'working_day_ahead' });
    }
  });
});

describe('plural parts of the day and weekday shorthand', () => {
  it('reads "monday mornings" and "weekday mornings" as a repetition', () => {
    expect(read('monday mornings standup')).toEqual({ expr: '0 9 * * 1', rest: 'standup' });
    expect(read('weekday mornings standup')).toEqual({ expr: '0 9 * * 1-5', rest: 'standup' });
    expect(read('friday evenings at 6 drinks')).toEqual({ expr: '0 18 * * 5', rest: 'drinks' });
  });

  it('reads M-F, MWF, TTh and tu/th as sets of weekdays', () => {
    expect(read('M-F 9am')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('MWF 7am gym')).toEqual({ expr: '0 7 * * 1,3,5', rest: 'gym' });
    expect(read('TTh 7pm')).toEqual({ expr: '0 19 * * 2,4', rest: '' });
    expect(read('tu/th 2pm')).toEqual({ expr: '0 14 * * 2,4', rest: '' });
  });

  it('reads "Sat." with its full stop as the coming Saturday, never today', () => {
    expect(read('Sat. 3pm brunch')).toEqual({ expr: '2026-03-07T15:00:00-05:00', rest: 'brunch' });
  });
});

describe('ranges of hours', () => {
  it('reads "9-5" after a repetition as 9 to 17, with the hourly step after it', () => {
    expect(read('every weekday 9-5 hourly check')).toEqual({ expr: '0 9-17 * * 1-5', rest: 'check' });
    expect(read('every weekday from 9 to 5 hourly')).toEqual({ expr: '0 9-17 * * 1-5', rest: '' });
  });

  it('carries pm to the start of a range when the range stays forward', () => {
    expect(read('every day from 2 to 4pm every hour')).toEqual({ expr: '0 14-16 * * *', rest: '' });
    expect(read('every hour from 11-1pm')).toEqual({ expr: '0 11-13 * * *', rest: '' });
  });

  it('reads business hours as 9 to 17 on Monday to Friday, and says so', () => {
    expect(read('every hour during business hours check')).toEqual({ expr: '0 9-17 * * 1-5', rest: 'check' });
    expect(notes('every hour during business hours check')).toEqual(['"business hours" read as 09:00 to 17:00, Monday to Friday']);
    expect(read('every day every hour during business hours')).toEqual({ expr: '0 9-17 * * *', rest: '' });
    // a 30-minute step cannot be limited to hours in one cron expression
    expect(read('every 30 minutes during business hours check')).toMatchObject({ code: 'unsupported' });
  });

  it('fires a dash range on a repetition by days without an hourly step at its start, and says how to repeat within it', () => {
    expect(read('every monday 9-10am meeting')).toEqual({ expr: '0 9 * * 1', rest: 'meeting' });
    expect(notes('every monday 9-10am meeting')).toEqual(['fires at 09:00, the start of 09:00–10:00; add "every hour" to repeat within it']);
    expect(read('every weekday 9-5')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('every weekday 9-5, every 2 hours')).toEqual({ expr: '0 9-17/2 * * 1-5', rest: '' });
    expect(read('every hour 9-5')).toEqual({ expr: '0 9-17 * * *', rest: '' });
  });

  it('keeps a dash between bare numbers with nothing around them task text', () => {
    expect(read('10-12 people tomorrow')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: '10-12 people' });
  });
});

describe('the range of a one-off', () => {
  // build.ts takes the start of the range for a one-off; here only what the grammar records
  it('records "2-3pm" and "from 2 to 4pm" as a range of clock times', () => {
    expect(parseEnglishAt('2-3pm meeting', 0)).toEqual({ spec: { range: { from: { h: 14, m: 0 }, to: { h: 15, m: 0, meridiem: 'pm' } } }, end: 5 });
    const r = parseEnglishAt('tomorrow from 2 to 4pm training', 0);
    expect(r?.spec.range).toEqual({ from: { h: 14, m: 0 }, to: { h: 16, m: 0, meridiem: 'pm' } });
    expect(r?.spec.day).toEqual({ k: 'rel', days: 1 });
  });
});

describe('the end of the day and of the week', () => {
  it('reads EOD, COB and end of day as 17:00, and says so', () => {
    expect(read('EOD')).toEqual({ expr: '2026-03-04T17:00:00-05:00', rest: '' });
    expect(read('send report by EOD')).toEqual({ expr: '2026-03-04T17:00:00-05:00', rest: 'send report' });
    expect(read('friday COB')).toEqual({ expr: '2026-03-06T17:00:00-05:00', rest: '' });
    expect(read('tomorrow end of day')).toEqual({ expr: '2026-03-05T17:00:00-05:00', rest: '' });
    expect(notes('EOD')).toEqual(['"EOD" read as 17:00']);
  });

  it("reads the end of the week as that week's Friday, and says so", () => {
    expect(read('end of the week report')).toEqual({ expr: '2026-03-06T09:00:00-05:00', rest: 'report' });
    expect(read('by end of next week report')).toEqual({ expr: '2026-03-13T09:00:00-04:00', rest: 'report' });
    expect(notes('end of the week report')).toEqual(['"end of the week" read as this week\'s Friday']);
  });
});

describe('exceptions to a repetition', () => {
  it('reads "except weekends" as Monday to Friday', () => {
    expect(read('every day at 9 except weekends standup')).toEqual({ expr: '0 9 * * 1-5', rest: 'standup' });
    expect(read('daily except weekends')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
  });

  it('refuses any other exception, and one written after the task text', () => {
    expect(read('every day at 9 except holidays')).toMatchObject({ code: 'except' });
    expect(read('every day at 9 standup except weekends')).toMatchObject({ code: 'leftover' });
  });

  it('leaves "except" in task text that is not next to a repetition', () => {
    expect(read('everything except logs tomorrow 9am')).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: 'everything except logs' });
  });
});

describe('a day word after the task text', () => {
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  it('reads "at 3pm call mom tomorrow" as tomorrow at 15:00 (it fired today), and keeps "tomorrow\'s" as task text', () => {
    const r1 = parseSchedule('at 3pm call mom tomorrow', EN);
    expect(r1.ok && { expr: r1.schedule.expr, rest: r1.rest }).toEqual({ expr: '2026-03-05T15:00:00-05:00', rest: 'call mom' });
    const r2 = parseSchedule('3pm call tmrw', EN);
    expect(r2.ok && r2.schedule.expr).toBe('2026-03-05T15:00:00-05:00');
    const r = parseSchedule("every day at 5pm plan tomorrow's work", EN);
    expect(r.ok && r.rest).toBe("plan tomorrow's work");
  });
});

describe('named days the table does not know', () => {
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  it('are refused next to the time rather than dropped (they fired tomorrow), and stay task text elsewhere', () => {
    for (const t of ['memorial day at 10am bbq', 'easter at 10am brunch', 'labor day at noon bbq', 'the day before thanksgiving at 5pm pie', 'nightly 2am backup', 'weeknights at 9pm check']) {
      expect(parseSchedule(t, EN), t).toMatchObject({ ok: false, code: 'leftover' });
    }
    const r = parseSchedule('every day at 9 plan the memorial day sale', EN);
    expect(r.ok && r.rest).toBe('plan the memorial day sale');
  });
});
