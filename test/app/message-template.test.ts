import { describe, expect, it } from 'vitest';
import { checkTemplate, isoWeek, placeholdersIn, renderTemplate } from '../../src/app/message-template.ts';
import { UserError } from '../../src/domain/index.ts';

// 2027-03-19T23:30Z is Friday 19 March 23:30 in UTC and already Saturday 20 March 07:30 in Shanghai.
const AT = Date.parse('2027-03-19T23:30:00Z');

describe('message templates', () => {
  it('fills date, time, weekday, week and month in the task zone, in Chinese', () => {
    const v = { at: AT, tz: 'Asia/Shanghai', lang: 'zh' as const, run: 12 };
    expect(renderTemplate('{日期} {星期} 日报', v)).toBe('3月20日 周六 日报');
    expect(renderTemplate('{时间} 第{周}周 {月} 第{次数}次', v)).toBe('07:30 第11周 3月 第12次');
    // The English names work in a Chinese chat too; the chat's language decides how they read.
    expect(renderTemplate('{date} {weekday}', v)).toBe('3月20日 周六');
  });

  it('fills the same instant in another zone, in English', () => {
    const v = { at: AT, tz: 'America/New_York', lang: 'en' as const, run: 3 };
    expect(renderTemplate('{date} {weekday} {time} week {week}, {month}, run {run}', v)).toBe('Mar 19 Fri 19:30 week 11, March, run 3');
    expect(renderTemplate('{日期} {星期}', v)).toBe('Mar 19 Fri');
  });

  it('fills a command result: its status word and the end of its output', () => {
    const v = { at: AT, tz: 'UTC', lang: 'en' as const, run: 1, output: 'line 1\nfree 42G\n\n', status: 'succeeded' };
    expect(renderTemplate('disk {status}:\n{output}', v)).toBe('disk succeeded:\nline 1\nfree 42G');
    const long = renderTemplate('{输出}', { ...v, output: 'x'.repeat(5000) });
    expect(long).toHaveLength(1500);
    expect(long.startsWith('…x')).toBe(true);
  });

  it('writes literal braces from {{ and }}, and leaves braces that are no placeholder as they are', () => {
    const v = { at: AT, tz: 'UTC', lang: 'en' as const, run: 1 };
    expect(renderTemplate('{{date}} is {date}', v)).toBe('{date} is Mar 19');
    expect(renderTemplate('payload {"ok": true} {{}}', v)).toBe('payload {"ok": true} {}');
    expect(placeholdersIn('{{date}} {"a":1} {time}')).toEqual(['time']);
  });

  it('counts ISO weeks across a year boundary', () => {
    expect(isoWeek(2027, 1, 1)).toBe(53); // a Friday: still the last week of 2026
    expect(isoWeek(2027, 1, 4)).toBe(1);
    expect(isoWeek(2026, 12, 31)).toBe(53);
    expect(isoWeek(2025, 12, 29)).toBe(1); // Monday of the week holding 1 January 2026 (a Thursday)
  });

  it('refuses an unknown placeholder naming it and listing the known ones in both languages', () => {
    expect(() => checkTemplate('{date} {dat} report')).toThrow(UserError);
    try {
      checkTemplate('{日子} 日报');
      expect.unreachable();
    } catch (e) {
      const err = e as UserError;
      expect(err.code).toBe('unknown_placeholder');
      expect(err.text.zh).toContain('未知的占位符 {日子}');
      expect(err.text.zh).toContain('{日期} {时间} {星期} {周} {月} {次数} {输出} {状态}');
      expect(err.text.en).toContain('known: {date} {time} {weekday} {week} {month} {run} {output} {status}');
    }
    expect(() => checkTemplate('{{anything}} {"json": 1} {date}')).not.toThrow();
  });
});
