import { describe, expect, it } from 'vitest';
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
