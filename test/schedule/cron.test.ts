import { describe, expect, it } from 'vitest';
import { nextRuns, toZonedIso } from '../../src/schedule/index.ts';

const NY = 'America/New_York';
const BER = 'Europe/Berlin';

function fires(expr: string, tz: string, from: string, count: number): string[] {
  return nextRuns({ kind: 'cron', expr, tz }, {}, Date.parse(from), count).map((ms) => toZonedIso(ms, tz));
}

describe('cron day of month and day of week', () => {
  it('fires on either when both are restricted, as Linux cron does', () => {
    expect(fires('0 9 1 * 1', 'UTC', '2026-05-29T00:00:00Z', 4)).toEqual([
      '2026-06-01T09:00:00+00:00', '2026-06-08T09:00:00+00:00', '2026-06-15T09:00:00+00:00', '2026-06-22T09:00:00+00:00',
    ]);
    expect(fires('0 9 1 * 1', 'UTC', '2026-06-23T00:00:00Z', 2)).toEqual(['2026-06-29T09:00:00+00:00', '2026-07-01T09:00:00+00:00']);
  });

  it('requires both when the weekday field starts with +', () => {
    expect(fires('0 9 1-7 * +1', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-05T09:00:00+00:00', '2026-02-02T09:00:00+00:00', '2026-03-02T09:00:00+00:00']);
  });

  it('reads LW as the last Monday-to-Friday day of the month', () => {
    expect(fires('0 18 LW * *', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-30T18:00:00+00:00', '2026-02-27T18:00:00+00:00', '2026-03-31T18:00:00+00:00']);
  });
});

describe('cron across clock changes', () => {
  it('fires each hour of a range once on the fall-back day', () => {
    expect(fires('0 1-3 * * *', NY, '2026-10-31T12:00:00Z', 4)).toEqual([
      '2026-11-01T01:00:00-04:00', '2026-11-01T02:00:00-05:00', '2026-11-01T03:00:00-05:00', '2026-11-02T01:00:00-05:00',
    ]);
  });

  it('fires a range slot inside the spring-forward gap once, where the clock resumes', () => {
    expect(fires('30 1-3 * * *', NY, '2026-03-07T12:00:00Z', 4)).toEqual([
      '2026-03-08T01:30:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00', '2026-03-09T01:30:00-04:00',
    ]);
  });

  it('treats lists and hour steps like ranges', () => {
    expect(fires('0,30 2 * * *', BER, '2026-03-28T12:00:00Z', 3)).toEqual(['2026-03-29T03:00:00+02:00', '2026-03-30T02:00:00+02:00', '2026-03-30T02:30:00+02:00']);
    expect(fires('0 */2 * * *', BER, '2026-10-24T23:00:00Z', 3)).toEqual(['2026-10-25T02:00:00+02:00', '2026-10-25T04:00:00+01:00', '2026-10-25T06:00:00+01:00']);
  });

  it('follows real time when the hour field is *', () => {
    expect(fires('*/30 * * * *', NY, '2026-11-01T04:45:00Z', 5)).toEqual([
      '2026-11-01T01:00:00-04:00', '2026-11-01T01:30:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T01:30:00-05:00', '2026-11-01T02:00:00-05:00',
    ]);
    expect(fires('0 * * * *', NY, '2026-03-08T05:30:00Z', 3)).toEqual(['2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T04:00:00-04:00']);
  });

  it('handles the 30-minute change of Lord Howe Island', () => {
    expect(fires('15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z', 2)).toEqual(['2026-10-04T02:30:00+11:00', '2026-10-05T02:15:00+11:00']);
    expect(fires('45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z', 2)).toEqual(['2026-04-05T01:45:00+11:00', '2026-04-06T01:45:00+10:30']);
  });
});
