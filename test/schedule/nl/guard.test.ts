import { describe, expect, it } from 'vitest';
import { unreadWords } from '../../../src/schedule/nl/guard.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';
import { normalize } from '../../../src/schedule/nl/text.ts';
import { cldrNames } from '../../../src/schedule/nl/vocabulary.ts';

const { EN_MONTHS, EN_WEEKDAYS, ZH_MONTHS, ZH_WEEKDAYS } = cldrNames();

const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };

// the schedule words of `task`, written after a phrase that was read ("<phrase> <task>")
function unread(task: string, phrase = 'tomorrow at 9'): string[] {
  const s = normalize(`${phrase} ${task}`);
  return unreadWords(s, 0, phrase.length).map(([a, b]) => s.slice(a, b));
}

describe('the closed schedule vocabulary', () => {
  it('holds every CLDR weekday and month name, long and short, in English and Chinese', () => {
    expect(EN_WEEKDAYS).toEqual(expect.arrayContaining(['monday', 'mon', 'thursday', 'thu', 'thurs', 'tues', 'sun', 'sat']));
    expect(EN_MONTHS).toEqual(expect.arrayContaining(['january', 'jan', 'may', 'september', 'sep', 'sept']));
    expect(ZH_WEEKDAYS).toEqual(expect.arrayContaining(['星期一', '周一', '星期日', '周日', '礼拜一', '星期天']));
    expect(ZH_MONTHS).toEqual(expect.arrayContaining(['一月', '1月', '十二月', '12月', '二月份', '2月份']));
  });
});

describe('a schedule word left in the task text', () => {
  it('is named when the reading did not consume it', () => {
    expect(unread("o'clock standup")).toEqual(["o'clock"]);
    expect(unread('only on mondays')).toEqual(['only', 'mondays']);
    expect(unread('monday through friday')).toEqual(['monday', 'through', 'friday']);
    expect(unread('between 9 and 5')).toEqual(['between']);
    expect(unread('3 days from now')).toEqual(['from now']);
    expect(unread('on day 15 of the month')).toEqual(['of the month']);
    expect(unread('the first monday')).toEqual(['first', 'monday']);
    expect(unread('march 5')).toEqual(['march']);
    expect(unread('on sat')).toEqual(['sat']);
    expect(unread('report weekly')).toEqual(['weekly']);
  });

  it('is the task\'s where its neighbours rule the schedule sense out, one rule each', () => {
    expect(unread('demo, only if ready')).toEqual([]); // only: not before on / in / at / a day
    expect(unread('walk through the docs')).toEqual([]); // through: not between two days, months or numbers
    expect(unread('between us')).toEqual([]); // between: not before a number
    expect(unread('from now on use main')).toEqual([]); // from now on
    expect(unread('vote the employee of the month')).toEqual([]); // of the month: not after a day or an ordinal
    expect(unread("review tomorrow's agenda", 'every day at 9')).toEqual([]); // a possessive
    expect(unread('post the weekly report', 'every friday at 4pm')).toEqual([]); // an adjective before a noun
    expect(unread('march in the parade')).toEqual([]); // names that are ordinary words: may, march, sun, sat, wed
    expect(unread('may the force be with you')).toEqual([]);
    expect(unread('buy a sun hat')).toEqual([]);
    expect(unread('sat down with ops')).toEqual([]);
    expect(unread('wait a second')).toEqual([]);
    expect(unread('finish the first draft')).toEqual([]); // ordinals: not before a day, a weekday or "of the month"
  });

  it('is named in Chinese for 仅 / 限 before a restriction and for a month in one, not in other task text', () => {
    expect(unread('开会 仅于二月份', '明天9点')).toEqual(['仅', '二月份']);
    expect(unread('开会 限每月3号', '明天9点')).toEqual(['限']);
    expect(unread('仅限内部人员', '明天9点')).toEqual([]);
    expect(unread('整理三月报表', '明天9点')).toEqual([]);
  });
});

describe('the parser with the guard', () => {
  it('refuses in the writer\'s language, naming the words it did not understand', () => {
    const en = parseSchedule('tomorrow at 9 standup, only if on time? only in february', EN);
    expect(en).toMatchObject({ ok: false });
    const zh = parseSchedule('明天9点 开会 仅于二月份', ZH);
    expect(zh).toMatchObject({ ok: false, code: 'unread_words' });
    if (!zh.ok) expect(zh.error).toBe('没有看懂时间里的“仅”、“二月份”；我只识别出“2026年3月5日 09:00（一次）”');
    const o = parseSchedule('standup tomorrow, 10 minutes only at noon', EN);
    expect(o.ok).toBe(false);
  });

  it('does not refuse task text that merely holds a preposition or a duration', () => {
    const cafe = parseSchedule('tomorrow at 9 meet at the cafe', EN);
    expect(cafe).toMatchObject({ ok: true, rest: 'meet at the cafe' });
    const meditate = parseSchedule('every day at 7am meditate for 3 minutes', EN);
    expect(meditate).toMatchObject({ ok: true, rest: 'meditate for 3 minutes' });
    if (meditate.ok) expect(meditate.schedule.expr).toBe('0 7 * * *');
    // a duration alone says how long, not when
    expect(parseSchedule('meditate for 3 minutes', EN)).toMatchObject({ ok: false, code: 'no_schedule' });
    expect(parseSchedule('明天9点 整理三月报表', ZH)).toMatchObject({ ok: true, rest: '整理三月报表' });
    expect(parseSchedule('明天9点 仅限内部人员', ZH)).toMatchObject({ ok: true, rest: '仅限内部人员' });
  });
});

describe('a message template placeholder', () => {
  it('is task text, however much it looks like a schedule word', () => {
    const en = parseSchedule('every day at 9am {today} {weekday} standup', EN);
    if (!en.ok) throw new Error(en.error);
    expect(en.rest).toBe('{today} {weekday} standup');
    expect(en.schedule).toMatchObject({ kind: 'cron' });
    const zh = parseSchedule('每天早上9点 {日期} {星期} 日报', ZH);
    if (!zh.ok) throw new Error(zh.error);
    expect(zh.rest).toBe('{日期} {星期} 日报');
    expect(zh.schedule).toMatchObject({ kind: 'cron' });
  });
});
