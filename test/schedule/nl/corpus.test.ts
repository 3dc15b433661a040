import { Cron } from 'croner';
import fc from 'fast-check';
import { leftoverWord, maskQuotes, scheduleWord } from '../../../src/schedule/nl/leftover.ts';
import { normalize } from '../../../src/schedule/nl/text.ts';
import { dayRule } from '../../../src/schedule/cron-fields.ts';
import { describe, expect, it } from 'vitest';
import { nextRuns, toZonedIso } from '../../../src/schedule/index.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';
import { allCases, assertedCases, corpus, ISSUE12_REGRESSIONS, type CorpusCase } from './corpus.ts';

const COUNT = 3;

// Computed from the hand-written expectation only: croner for cron cases, the listed instants otherwise.
function expectedNext(c: CorpusCase): string[] {
  if (c.at) return c.at.map((iso) => toZonedIso(Date.parse(iso), c.tz));
  const pattern = new Cron(c.cron as string, { paused: true, timezone: c.tz });
  return pattern.nextRuns(COUNT, new Date(c.now)).map((d) => toZonedIso(d.getTime(), c.tz));
}

function label(c: CorpusCase): string {
  return c.text.length > 60 ? `${c.text.slice(0, 20)}… (${c.text.length} chars)` : JSON.stringify(c.text);
}

describe('the natural-language corpus', () => {
  it('holds at least 250 phrases, about half of them Chinese, each with a source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    const zh = corpus.filter((c) => /[\u3400-\u9fff]/.test(c.text)).length;
    expect(zh / corpus.length).toBeGreaterThan(0.4);
    expect(corpus.filter((c) => c.source.length === 0)).toEqual([]);
    expect(corpus.filter((c) => !c.error && !c.cron && !c.at)).toEqual([]);
  });

  it('holds no phrase whose only source is the issue-12 reports: those are regressions, kept apart', () => {
    const issue12Source = ISSUE12_REGRESSIONS[0]?.source;
    expect(issue12Source).toMatch(/issue 12/);
    expect(corpus.filter((c) => c.source === issue12Source).map((c) => c.text)).toEqual([]);
    expect(ISSUE12_REGRESSIONS.filter((c) => c.source !== issue12Source)).toEqual([]);
    expect(ISSUE12_REGRESSIONS.filter((c) => !c.error && !c.cron && !c.at)).toEqual([]);
  });

  for (const c of assertedCases) {
    if (c.error) {
      it(`refuses ${label(c)} with ${c.error} (${c.tz})`, () => {
        const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
        expect(r.ok ? r.schedule : r.code).toBe(c.error);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(`reads ${label(c)} at ${c.now} in ${c.tz}`, () => {
      const now = Date.parse(c.now);
      const r = parseSchedule(c.text, { now, tz: c.tz });
      if (!r.ok) throw new Error(`refused with ${r.code}: ${r.error}`);
      if (c.kind) expect(r.schedule.kind).toBe(c.kind);
      expect(r.schedule.tz).toBe(c.tz);
      if (c.cron && c.kind === 'cron') expect(r.schedule.expr).toBe(c.cron);
      const got = nextRuns(r.schedule, r.window, now, COUNT).map((ms) => toZonedIso(ms, c.tz));
      expect(got).toEqual(expectedNext(c));
      if (c.rest !== undefined) expect(r.rest).toBe(c.rest);
      expect(r.description.length).toBeGreaterThan(0);
    });
  }
});

describe('the task text of an accepted phrase', () => {
  it('never holds a schedule word, over the whole corpus and the issue-12 regressions', () => {
    const leaks: string[] = [];
    for (const c of assertedCases) {
      const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
      if (!r.ok) continue;
      const word = scheduleWord(normalize(maskQuotes(r.rest)));
      if (word) leaks.push(`${c.text} → rest "${r.rest}" holds "${word}"`);
    }
    expect(leaks).toEqual([]);
  });

  it('never holds a schedule word for phrases built from a schedule and task text with times in it', () => {
    const schedules = ['every day at 9', 'every monday', '每天早上9点', '每周五下午5点', 'tomorrow at 10am', 'cron 0 9 * * 1-5', '30分钟后'];
    const texts = ['standup', 'fri review', 'the 10:30 sync', 'in 5 minutes', '周一例会', '下午3点开会', 'every week', '"demo at 5pm"', '「3点的会」', 'on monday', 'call mom'];
    fc.assert(
      fc.property(fc.constantFrom(...schedules), fc.constantFrom(...texts), fc.boolean(), (s, t, first) => {
        const text = first ? `${t} ${s}` : `${s} ${t}`;
        const r = parseSchedule(text, { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' });
        if (r.ok) expect(scheduleWord(normalize(maskQuotes(r.rest)))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('cron expressions the parser writes', () => {
  it('never restrict day of month and day of week together, so the Linux OR rule cannot change them', () => {
    const both: string[] = [];
    for (const c of allCases) {
      if (/^\s*cron\b/i.test(c.text)) continue;
      const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
      if (r.ok && r.schedule.kind === 'cron' && dayRule(r.schedule.expr) !== 'single') both.push(`${c.text} → ${r.schedule.expr}`);
    }
    expect(both).toEqual([]);
  });
});

// Misreads found while checking public phrases; these phrases have no public source of their own.
describe('Chinese phrases near the public ones', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code, error: r.error };
  };

  it('reads 每个 before a weekday as 每 does, never as a weekly repeat on today', () => {
    for (const t of ['每个星期天', '每个礼拜天', '每个周日']) expect(read(t)).toEqual({ expr: '0 9 * * 0', rest: '' });
    expect(read('每个星期一早上9点')).toEqual({ expr: '0 9 * * 1', rest: '' });
    expect(read('每个星期天早上9点一刻 晨跑')).toEqual({ expr: '15 9 * * 0', rest: '晨跑' });
  });

  it('does not take 天 or the 日 of 日报 in the task text as a second weekday', () => {
    expect(read('每周日天气预报')).toEqual({ expr: '0 9 * * 0', rest: '天气预报' });
    expect(read('每周五日报')).toEqual({ expr: '0 9 * * 5', rest: '日报' });
    expect(read('每周六日 上午10点')).toEqual({ expr: '0 10 * * 0,6', rest: '' });
  });

  it('asks whether 每周日报 is Sunday with 报 or weekly with 日报, and names both readings in Chinese', () => {
    const r = parseSchedule('每周日报 发给老板', ZH);
    expect(r).toMatchObject({
      ok: false,
      code: 'sunday_or_word',
      error: '“每周日报”有两种读法：“每周日”，任务是“报”；或“每周”，任务是“日报”（但这样没有说星期几）',
    });
    if (!r.ok) expect(r.suggestion).toBe('请把日期和任务分开写，例如指周日写“每周日 9点 日报”，指其他某一天就写明星期几，如“每周一 9点 日报”');
    for (const t of ['每周日报', '每周日报 9点', '每星期日报 9点', '每个周日报', '每个星期日报', '每礼拜日报', '每周日记', '每周日程 提醒', '隔周周日报']) {
      expect(read(t)).toMatchObject({ code: 'sunday_or_word' });
    }
    expect(read('每周一、日报')).toMatchObject({ code: 'sunday_or_word', error: '“每周一、日报”有两种读法：“每周一、日”，任务是“报”；或“每周一”，任务是“日报”' });
  });

  it('reads both ways the refusal of 每周日报 suggests', () => {
    expect(read('每周日 9点 日报')).toEqual({ expr: '0 9 * * 0', rest: '日报' });
    expect(read('每周一 9点 日报')).toEqual({ expr: '0 9 * * 1', rest: '日报' });
    expect(read('每周一、日 9点 日报')).toEqual({ expr: '0 9 * * 0,1', rest: '日报' });
    expect(read('每周日日报')).toEqual({ expr: '0 9 * * 0', rest: '日报' });
    expect(read('每周日 日报')).toEqual({ expr: '0 9 * * 0', rest: '日报' });
  });

  it('keeps Sunday when 日 opens no word of its own, or the characters after it are a word', () => {
    expect(read('每周日 上午10点')).toEqual({ expr: '0 10 * * 0', rest: '' });
    expect(read('每周日报告')).toEqual({ expr: '0 9 * * 0', rest: '报告' });
    expect(read('周日报告')).toEqual({ expr: '2026-03-08T09:00:00+08:00', rest: '报告' });
    expect(read('每周日报销')).toEqual({ expr: '0 9 * * 0', rest: '报销' });
    expect(read('每周日记得吃药')).toEqual({ expr: '0 9 * * 0', rest: '记得吃药' });
    expect(read('每周日志愿服务')).toEqual({ expr: '0 9 * * 0', rest: '志愿服务' });
    expect(read('每周天报')).toEqual({ expr: '0 9 * * 0', rest: '报' });
  });

  it('reads the weekdays of one month of every year as a weekly repeat limited to that month', () => {
    expect(read('每年三月的星期三的下午2:10')).toEqual({ expr: '10 14 * 3 3', rest: '' });
  });

  it('refuses a month of every year with no day, and says so in Chinese', () => {
    const r = parseSchedule('每年9月 开学', ZH);
    expect(r).toMatchObject({ ok: false, code: 'month_without_day', error: '“每年9月”没有说是哪一天' });
    if (!r.ok) expect(r.suggestion).toContain('每年9月1日上午9点');
    expect(read('每年9月 3点')).toMatchObject({ code: 'month_without_day' });
  });

  it('keeps the month of a daily repeat, in a range of hours too, or refuses', () => {
    expect(read('12月内每天早上6点')).toEqual({ expr: '0 6 * 12 *', rest: '' });
    expect(read('12月每天早上6点到12点每3小时')).toEqual({ expr: '0 6-12/3 * 12 *', rest: '' });
    expect(read('12月每3小时')).toMatchObject({ code: 'unsupported' });
  });

  it('refuses last year\'s holiday as past, in Chinese', () => {
    expect(read('去年元旦')).toEqual({ code: 'past', error: '这个时间已经过去了' });
    expect(read('去年元旦节 聚餐')).toMatchObject({ code: 'past' });
  });

  it('reads 元旦节 as 元旦', () => {
    expect(read('元旦节 上午10点 升旗')).toEqual({ expr: '2027-01-01T10:00:00+08:00', rest: '升旗' });
  });
});

describe('English holidays near the public ones', () => {
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  const read = (text: string) => {
    const r = parseSchedule(text, EN);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest, notes: r.notes } : { code: r.code, error: r.error };
  };

  it('reads the year said after the name', () => {
    expect(read('christmas of next year')).toEqual({ expr: '2027-12-25T09:00:00-05:00', rest: '', notes: [] });
    expect(read('christmas of last year')).toMatchObject({ code: 'past' });
    expect(read('every christmas of next year')).toMatchObject({ code: 'two_schedules' });
    expect(read('every christmas next year')).toMatchObject({ code: 'two_schedules' });
  });

  it('reads "this" and "next" before the name, and says which "next christmas" it took', () => {
    expect(read('this Christmas we have a party')).toEqual({ expr: '2026-12-25T09:00:00-05:00', rest: 'we have a party', notes: [] });
    expect(read('this coming christmas')).toEqual({ expr: '2026-12-25T09:00:00-05:00', rest: '', notes: [] });
    expect(read('next christmas at 8pm party')).toEqual({
      expr: '2026-12-25T20:00:00-05:00',
      rest: 'party',
      notes: ['"next Christmas" read as the coming one, on 2026-12-25; write "Christmas 2027" for the one after'],
    });
    expect(read('next christmas 2027')).toMatchObject({ code: 'unsupported' });
  });
});

describe('a piece of a schedule left at the cut', () => {
  it('is found after a consumed 星期, after a holiday (节, eve) and before one (next, this)', () => {
    expect(leftoverWord('每个星期天', 0, 4)).toBe('天');
    expect(leftoverWord('每个礼拜日', 0, 4)).toBe('日');
    expect(leftoverWord('元旦节', 0, 2)).toBe('节');
    expect(leftoverWord("new year's eve", 0, 10)).toBe('eve');
    expect(leftoverWord('next christmas', 5, 14)).toBe('next');
    expect(leftoverWord('this coming christmas', 5, 21)).toBe('this');
    expect(leftoverWord('去年元旦', 2, 4)).toBe('去年');
    expect(leftoverWord('元旦 今年计划', 0, 2)).toBe('今年');
  });

  it('is not found in task text that merely follows', () => {
    expect(leftoverWord('每周日天气预报', 0, 3)).toBeNull();
    expect(leftoverWord('christmas evening party', 0, 9)).toBeNull();
    expect(leftoverWord('next week christmas', 10, 19)).toBeNull();
  });

  it('makes the parser refuse rather than accept', () => {
    const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
    const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
    // 每两个星期天 was the example here until it was read (every other Sunday, below)
    expect(parseSchedule('每两周日报 打球', ZH)).toMatchObject({ ok: false, code: 'leftover' });
    expect(parseSchedule('halloween eve party', EN)).toMatchObject({ ok: false, code: 'leftover' });
    expect(parseSchedule('明年元旦 今年总结', ZH)).toMatchObject({ ok: false, code: 'leftover' });
  });
});

// "每周一次" was read as every Monday with the task 次, "每周三次" as every Wednesday, "once a week
// standup" and "twice a week gym" as one-offs a week ahead: a count in a period is no weekday.
describe('how often in a period', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' }; // a Wednesday
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  const read = (text: string, o = ZH) => {
    const r = parseSchedule(text, o);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code, error: r.error, suggestion: r.suggestion };
  };

  it('reads once in a period as the period, never the count as a weekday', () => {
    expect(read('每周一次 例会')).toEqual({ expr: '0 9 * * 3', rest: '例会' });
    expect(read('每星期一次')).toEqual({ expr: '0 9 * * 3', rest: '' });
    expect(read('每周一遍 复盘')).toEqual({ expr: '0 9 * * 3', rest: '复盘' });
    expect(read('一周一次 交周报')).toEqual({ expr: '0 9 * * 3', rest: '交周报' });
    expect(read('一个星期一次')).toEqual({ expr: '0 9 * * 3', rest: '' });
    expect(read('每天一次 吃药')).toEqual({ expr: '0 9 * * *', rest: '吃药' });
    expect(read('一天一次')).toEqual({ expr: '0 9 * * *', rest: '' });
    expect(read('天天一次')).toEqual({ expr: '0 9 * * *', rest: '' });
    expect(read('每月一次 交房租')).toEqual({ expr: '0 9 4 * *', rest: '交房租' });
    expect(read('每个月一次')).toEqual({ expr: '0 9 4 * *', rest: '' });
    expect(read('每年一次 体检')).toEqual({ expr: '0 9 4 3 *', rest: '体检' });
    expect(read('每小时一次 巡检')).toEqual({ expr: '1h', rest: '巡检' });
    expect(read('每两周一次 同步')).toEqual({ expr: '14d', rest: '同步' });
    expect(read('两周一次 同步')).toEqual({ expr: '14d', rest: '同步' });
    expect(read('隔周一次')).toEqual({ expr: '14d', rest: '' });
    expect(read('每隔一天一次')).toEqual({ expr: '2d', rest: '' });
    expect(read('每两个星期一次开会')).toEqual({ expr: '14d', rest: '开会' });
    expect(read('每周一次 上午10点')).toEqual({ expr: '0 10 * * 3', rest: '' });
  });

  it('keeps weekdays that are weekdays, and 一次性 as task text', () => {
    expect(read('每周一下午3点')).toEqual({ expr: '0 15 * * 1', rest: '' });
    expect(read('每周一 一次')).toEqual({ expr: '0 9 * * 1', rest: '' });
    expect(read('每周三 9点 三次元会议')).toEqual({ expr: '0 9 * * 3', rest: '三次元会议' });
    expect(read('每天一次性 检查')).toEqual({ expr: '0 9 * * *', rest: '一次性 检查' });
  });

  it('reads 每周天气预报 as weekly with the task 天气预报, not Sunday with 气预报', () => {
    expect(read('每周天气预报')).toEqual({ expr: '0 9 * * 3', rest: '天气预报' });
    expect(read('每周日天气预报')).toEqual({ expr: '0 9 * * 0', rest: '天气预报' });
    expect(read('每周天 上午9点')).toEqual({ expr: '0 9 * * 0', rest: '' });
  });

  it('refuses several times in a period in Chinese, asking for the days or the times', () => {
    expect(read('每周三次 健身')).toEqual({
      code: 'times_per_period',
      error: '“每周三次”只说了次数，没说时间：任务按写明的日期和时间执行',
      suggestion: '请写明日期或时间，例如“每周一、三、五上午9点”或“每天9点和17点”',
    });
    for (const t of ['每天两次', '一天三次 吃药', '隔周三次', '每星期五次']) expect(read(t)).toMatchObject({ code: 'times_per_period' });
    // the suggestion reads as it says
    expect(read('每周一、三、五上午9点')).toEqual({ expr: '0 9 * * 1,3,5', rest: '' });
    expect(read('每天9点和17点')).toEqual({ expr: '0 9,17 * * *', rest: '' });
  });

  it('reads "once a week", "once daily" and "once every two weeks" as the period', () => {
    expect(read('once a week standup', EN)).toEqual({ expr: '0 9 * * 3', rest: 'standup' });
    expect(read('once per week review', EN)).toEqual({ expr: '0 9 * * 3', rest: 'review' });
    expect(read('one time a week', EN)).toEqual({ expr: '0 9 * * 3', rest: '' });
    expect(read('once a day take pills', EN)).toEqual({ expr: '0 9 * * *', rest: 'take pills' });
    expect(read('once daily backup', EN)).toEqual({ expr: '0 9 * * *', rest: 'backup' });
    expect(read('once a month pay rent', EN)).toEqual({ expr: '0 9 4 * *', rest: 'pay rent' });
    expect(read('once every two weeks sync', EN)).toEqual({ expr: '14d', rest: 'sync' });
    expect(read('once a fortnight review', EN)).toEqual({ expr: '14d', rest: 'review' });
    expect(read('once a week on monday standup', EN)).toEqual({ expr: '0 9 * * 1', rest: 'standup' });
    expect(read('every monday at 9 once a week standup', EN)).toEqual({ expr: '0 9 * * 1', rest: 'standup' });
  });

  it('refuses "twice a week" and "3 times a day" in English, and keeps "5 times" as a limit', () => {
    expect(read('twice a week gym', EN)).toEqual({
      code: 'times_per_period',
      error: '"twice a week" says how often but not when: a task runs at the days and times its schedule names',
      suggestion: 'name them, e.g. "every Mon, Wed and Fri at 9am" or "every day at 9am and 5pm"',
    });
    for (const t of ['3 times a day water', 'twice daily backup', 'ten times a day', 'every day twice a day']) expect(read(t, EN)).toMatchObject({ code: 'times_per_period' });
    expect(read('every day at 9am 5 times', EN)).toEqual({ expr: '0 9 * * *', rest: '' });
  });

  it('refuses a count in a period left in the task text', () => {
    expect(read('tomorrow 9am take pills twice a day', EN)).toMatchObject({ code: 'leftover' });
    expect(read('明天9点 吃药 一天三次')).toMatchObject({ code: 'leftover' });
    expect(read('每天9点 重试三次')).toEqual({ expr: '0 9 * * *', rest: '重试三次' });
  });
});

// Misreads an adversarial probe of phrases teams paste found; each was accepted with the wrong time.
describe('Chinese task text after a time, and parts of the day', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' }; // a Wednesday
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  const read = (text: string, o = ZH) => {
    const r = parseSchedule(text, o);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('takes no minutes from the task text after 点', () => {
    expect(read('每天9点 一起吃饭')).toEqual({ expr: '0 9 * * *', rest: '一起吃饭' });
    expect(read('每天19点 一起打球')).toEqual({ expr: '0 19 * * *', rest: '一起打球' });
    expect(read('每天9点 10楼会议室开会')).toEqual({ expr: '0 9 * * *', rest: '10楼会议室开会' });
    expect(read('每天9点 半小时阅读')).toEqual({ expr: '0 9 * * *', rest: '半小时阅读' });
    expect(read('每天下午5点 半小时复盘')).toEqual({ expr: '0 17 * * *', rest: '半小时复盘' });
    expect(read('每天9点 七夕活动')).toEqual({ expr: '0 9 * * *', rest: '七夕活动' });
    expect(read('每天9点 5分钟站会')).toMatchObject({ code: 'leftover' });
  });

  it('still reads the minutes written as minutes', () => {
    for (const [t, m] of [['9点30分', 30], ['9点30', 30], ['9点 30', 30], ['9点零五', 5], ['九点三十', 30], ['九点十五分', 15], ['9点5分', 5], ['9点5', 5], ['9点半', 30], ['9点一刻', 15], ['九点三刻', 45], ['10点整', 0]] as const) {
      const r = parseSchedule(`每天${t} 开会`, ZH);
      expect(r.ok && r.schedule.expr, t).toBe(`${m} ${t.startsWith('10') ? 10 : 9} * * *`);
    }
    expect(read('每天9点05开会')).toEqual({ expr: '5 9 * * *', rest: '开会' });
  });

  it('continues a weekday list only unspaced', () => {
    expect(read('每周三 二组开会')).toEqual({ expr: '0 9 * * 3', rest: '二组开会' });
    expect(read('每周五 一起聚餐')).toEqual({ expr: '0 9 * * 5', rest: '一起聚餐' });
    expect(read('每周一 二维码更新')).toEqual({ expr: '0 9 * * 1', rest: '二维码更新' });
    expect(read('每周日 日常打扫')).toEqual({ expr: '0 9 * * 0', rest: '日常打扫' });
    expect(read('每周一 一点 开会')).toEqual({ expr: '0 1 * * 1', rest: '开会' });
    expect(read('每周一三五 9点')).toEqual({ expr: '0 9 * * 1,3,5', rest: '' });
    expect(read('每周一 周三')).toEqual({ expr: '0 9 * * 1,3', rest: '' });
  });

  it('reads a part of the day with no clock time as its hour', () => {
    expect(read('每天下午 站会')).toEqual({ expr: '0 14 * * *', rest: '站会' });
    expect(read('每天晚上 复盘')).toEqual({ expr: '0 20 * * *', rest: '复盘' });
    expect(read('每周五下午 周报')).toEqual({ expr: '0 14 * * 5', rest: '周报' });
    expect(read('每天中午 吃饭')).toEqual({ expr: '0 12 * * *', rest: '吃饭' });
    expect(read('明天下午 开会')).toEqual({ expr: '2026-03-05T14:00:00+08:00', rest: '开会' });
    expect(read('下周三下午 评审')).toEqual({ expr: '2026-03-11T14:00:00+08:00', rest: '评审' });
    expect(read('今晚 直播')).toEqual({ expr: '2026-03-04T20:00:00+08:00', rest: '直播' });
    expect(read('今晚8点 直播')).toEqual({ expr: '2026-03-04T20:00:00+08:00', rest: '直播' });
    expect(read('每天下午3点 站会')).toEqual({ expr: '0 15 * * *', rest: '站会' });
    expect(read('每天凌晨 备份')).toMatchObject({ code: 'leftover' });
  });

  it('fires a relative day at the clock time written with it, in both languages', () => {
    expect(read('两天后 下午3点 复查')).toEqual({ expr: '2026-03-06T15:00:00+08:00', rest: '复查' });
    expect(read('3天后9点')).toEqual({ expr: '2026-03-07T09:00:00+08:00', rest: '' });
    expect(read('3天后 下午')).toEqual({ expr: '2026-03-07T14:00:00+08:00', rest: '' });
    expect(read('两天后')).toEqual({ expr: '2026-03-06T10:15:00+08:00', rest: '' });
    expect(read('in 2 days at 3pm review', EN)).toEqual({ expr: '2026-03-06T15:00:00-05:00', rest: 'review' });
    expect(read('两小时后 下午3点')).toMatchObject({ code: 'two_schedules' });
    expect(read('in 2 hours at 3pm', EN)).toMatchObject({ code: 'two_schedules' });
    expect(read('一周后的周一 开会')).toMatchObject({ code: 'unsupported' });
  });
});

describe('Chinese night hours, written dates and fractional durations', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('reads 12点 at night as midnight, and 深夜11点 as 23:00', () => {
    expect(read('半夜12点 开会')).toEqual({ expr: '2026-03-05T00:00:00+08:00', rest: '开会' });
    expect(read('午夜12点 备份')).toEqual({ expr: '2026-03-05T00:00:00+08:00', rest: '备份' });
    expect(read('凌晨12点 备份')).toEqual({ expr: '2026-03-05T00:00:00+08:00', rest: '备份' });
    expect(read('深夜11点 开会')).toEqual({ expr: '2026-03-04T23:00:00+08:00', rest: '开会' });
    expect(read('每天午夜 备份')).toEqual({ expr: '0 0 * * *', rest: '备份' });
    expect(read('每天半夜2点 备份')).toEqual({ expr: '0 2 * * *', rest: '备份' });
    expect(read('每天半夜 备份')).toMatchObject({ code: 'leftover' });
    expect(read('凌晨9点')).toMatchObject({ code: 'bad_time' });
  });

  it('reads dates written with slashes or dots after the year', () => {
    expect(read('2026/3/20 10:00 开会')).toEqual({ expr: '2026-03-20T10:00:00+08:00', rest: '开会' });
    expect(read('2026.3.20 开会')).toEqual({ expr: '2026-03-20T09:00:00+08:00', rest: '开会' });
    expect(read('2026/3/20 下午3点 开会')).toEqual({ expr: '2026-03-20T15:00:00+08:00', rest: '开会' });
    expect(read('2026/2/30 开会')).toMatchObject({ code: 'bad_date' });
  });

  it('reads 1.5小时后 and 1小时半后 as an hour and a half', () => {
    for (const t of ['1.5小时后 出发', '1小时半后 出发', '一个半小时后 出发']) expect(read(t), t).toEqual({ expr: '2026-03-04T11:45:00+08:00', rest: '出发' });
    expect(read('1.25小时后')).toEqual({ expr: '2026-03-04T11:30:00+08:00', rest: '' });
  });
});

describe('Chinese month edges, day ranges and weekday digits', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('reads 月底, 月末 and 月初 of every month and of next month', () => {
    expect(read('每月底 结账')).toEqual({ expr: '0 9 L * *', rest: '结账' });
    expect(read('每月末 对账')).toEqual({ expr: '0 9 L * *', rest: '对账' });
    expect(read('每个月底 结账')).toEqual({ expr: '0 9 L * *', rest: '结账' });
    expect(read('每月初 计划')).toEqual({ expr: '0 9 1 * *', rest: '计划' });
    expect(read('每季度末 复盘')).toEqual({ expr: '0 9 L 3,6,9,12 *', rest: '复盘' });
    expect(read('下个月底 续费')).toEqual({ expr: '2026-04-30T09:00:00+08:00', rest: '续费' });
    expect(read('下月初 续费')).toEqual({ expr: '2026-04-01T09:00:00+08:00', rest: '续费' });
    expect(read('每月初三 上香')).toMatchObject({ code: 'leftover' });
  });

  it('reads 每月1号到5号 as each of those days, not as an end after the 5th', () => {
    expect(read('每月1号到5号 考勤')).toEqual({ expr: '0 9 1,2,3,4,5 * *', rest: '考勤' });
    expect(read('每月1日至5日 9点')).toEqual({ expr: '0 9 1,2,3,4,5 * *', rest: '' });
    expect(read('每月5号到1号')).toMatchObject({ code: 'bad_date' });
  });

  it('reads weekdays written with digits, but not counts', () => {
    expect(read('周1到周5 9点 打卡')).toEqual({ expr: '0 9 * * 1-5', rest: '打卡' });
    expect(read('周1-周5 9点')).toEqual({ expr: '0 9 * * 1-5', rest: '' });
    expect(read('每周1、3、5 10点')).toEqual({ expr: '0 10 * * 1,3,5', rest: '' });
    expect(read('每周7 9点')).toEqual({ expr: '0 9 * * 0', rest: '' });
    expect(read('周5下午 开会')).toEqual({ expr: '2026-03-06T14:00:00+08:00', rest: '开会' });
    expect(read('每周1次')).toEqual({ expr: '0 9 * * 3', rest: '' });
    expect(read('每周2小时')).toMatchObject({ code: 'leftover' });
  });
});

describe('Chinese weekday sets and what is left after the task text', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest, window: r.window } : { code: r.code, error: r.error };
  };

  it('reads 非工作日 as the weekend (it was the working days), 周末每天 as the weekend, 双周 as every other week', () => {
    expect(read('非工作日 10点 打卡')).toMatchObject({ expr: '0 10 * * 0,6', rest: '打卡' });
    expect(read('每个非工作日 10点')).toMatchObject({ expr: '0 10 * * 0,6', rest: '' });
    expect(read('周末每天10点 打卡')).toMatchObject({ expr: '0 10 * * 0,6', rest: '打卡' });
    expect(read('双周周五 开会')).toMatchObject({ expr: '14d', rest: '开会' });
    expect(read('单周周一 开会')).toMatchObject({ code: 'leftover' });
  });

  it('refuses an end or a count of the repetition written after the task, rather than repeat forever', () => {
    expect(read('每天9点 打卡 到3月底')).toEqual({ code: 'leftover', error: '“到3月底”留在了任务内容里，但看起来是时间的一部分；我只识别出“每天 09:00”' });
    for (const t of ['每天9点 打卡 到月底为止', '每天9点 打卡 持续一周', '每天9点打卡 共3次', '每周一9点开会 共4次', '接下来3天每天9点 打卡', '未来一周每天9点']) {
      expect(read(t), t).toMatchObject({ code: 'leftover' });
    }
    expect(read('每天9点 共3次 打卡')).toEqual({ expr: '0 9 * * *', rest: '打卡', window: { maxRuns: 3 } });
    expect(read('每天9点 提醒大家到10号楼开会')).toMatchObject({ expr: '0 9 * * *', rest: '提醒大家到10号楼开会' });
    expect(read('每天9点 汇报本周进度')).toMatchObject({ expr: '0 9 * * *', rest: '汇报本周进度' });
  });

  it('refuses a day counted from a holiday and "this time" tomorrow, rather than drop them', () => {
    expect(read('中秋节前一天 发月饼')).toMatchObject({ code: 'leftover' });
    expect(read('国庆节后两天 上班')).toMatchObject({ code: 'leftover' });
    expect(read('明天这个时候 提醒我')).toMatchObject({ code: 'leftover' });
  });
});

describe('Chinese mixed clock times, 每晚, this month and days of a quarter', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string, o = ZH) => {
    const r = parseSchedule(text, o);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('reads am and pm after a clock time in Chinese text (5:30pm was 05:30)', () => {
    expect(read('每天 5:30pm 下班')).toEqual({ expr: '30 17 * * *', rest: '下班' });
    expect(read('每周五 4:00pm 周报')).toEqual({ expr: '0 16 * * 5', rest: '周报' });
    expect(read('每天 9am 站会')).toEqual({ expr: '0 9 * * *', rest: '站会' });
    expect(read('每周一 10am')).toEqual({ expr: '0 10 * * 1', rest: '' });
    expect(read('每天 13pm')).toMatchObject({ code: 'bad_time' });
  });

  it('reads 每晚 and 每早 as every evening and morning', () => {
    expect(read('每晚10点 写日记')).toEqual({ expr: '0 22 * * *', rest: '写日记' });
    expect(read('每早8点')).toEqual({ expr: '0 8 * * *', rest: '' });
    expect(read('每晚 复盘')).toEqual({ expr: '0 20 * * *', rest: '复盘' });
  });

  it('reads a day of this month, and leaves 本月 alone as task text', () => {
    expect(read('本月25号 发工资')).toEqual({ expr: '2026-03-25T09:00:00+08:00', rest: '发工资' });
    expect(read('这个月底 结账')).toEqual({ expr: '2026-03-31T09:00:00+08:00', rest: '结账' });
    expect(read('本月 总结')).toMatchObject({ code: 'no_schedule' });
  });

  it('reads the n-th day of a month, and the start and end of calendar quarters whatever the month', () => {
    expect(read('每月第3天')).toEqual({ expr: '0 9 3 * *', rest: '' });
    expect(read('每月的第一天')).toEqual({ expr: '0 9 1 * *', rest: '' });
    expect(read('每月的15号 还款')).toEqual({ expr: '0 9 15 * *', rest: '还款' });
    expect(read('每月倒数第一天 结账')).toEqual({ expr: '0 9 L * *', rest: '结账' });
    expect(read('每月倒数第二天 结账')).toMatchObject({ code: 'unsupported' });
    const feb = { now: Date.parse('2026-02-10T10:15:00+08:00'), tz: 'Asia/Shanghai' };
    for (const o of [ZH, feb]) {
      expect(read('每季度第一天 复盘', o)).toEqual({ expr: '0 9 1 1,4,7,10 *', rest: '复盘' });
      expect(read('每季度末 复盘', o)).toEqual({ expr: '0 9 L 3,6,9,12 *', rest: '复盘' });
      expect(read('每季度第一个工作日', o)).toEqual({ expr: '0 9 1W 1,4,7,10 *', rest: '' });
    }
    expect(read('每季度15号', feb)).toEqual({ expr: '0 9 15 2,5,8,11 *', rest: '' });
  });
});

describe('a dotted number in Chinese text', () => {
  it('asks whether 3.15 is 15 March or 03:15, in Chinese, rather than fire at 03:15', () => {
    const r = parseSchedule('3.15晚会 提醒', { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' });
    expect(r).toMatchObject({ ok: false, code: 'date_or_time', error: '“3.15”有两种读法：3月15日，或 3:15' });
    if (!r.ok) expect(r.suggestion).toBe('指日期请写“3月15日”，指时间请写“3:15”或“3点15分”');
    const en = parseSchedule('tomorrow 9.30 standup', { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' });
    expect(en.ok && en.schedule.expr).toBe('2026-03-05T09:30:00-05:00');
  });
});

describe('every n weeks on the weekday that shares its 周', () => {
  it('reads 每两个星期天 and 每两周日 as every other Sunday, 每三个星期一 as every third Monday', () => {
    const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
    for (const [t, anchor, rest] of [['每两个星期天 打球', '2026-03-08T09:00:00+08:00', '打球'], ['每两周日', '2026-03-08T09:00:00+08:00', ''], ['每三个星期一 例会', '2026-03-09T09:00:00+08:00', '例会']] as const) {
      const r = parseSchedule(t, ZH);
      expect(r.ok && { expr: r.schedule.expr, anchor: r.schedule.anchor, rest: r.rest }, t).toEqual({ expr: t.startsWith('每三') ? '21d' : '14d', anchor: Date.parse(anchor), rest });
    }
  });
});

describe('a span of the clock, and 到 with nothing repeating', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest, window: r.window, notes: r.notes } : { code: r.code };
  };

  it('fires a meeting at the start of its span and says so (it fired at 09:00, or hourly)', () => {
    expect(read('明天 10:00-11:00 开会')).toEqual({ expr: '2026-03-05T10:00:00+08:00', rest: '开会', window: {}, notes: ['在 10:00（10:00–11:00 的开始）触发；如需在这段时间内重复，请加“每小时”'] });
    expect(read('明天下午3点到4点 开会')).toMatchObject({ expr: '2026-03-05T15:00:00+08:00', notes: ['在 15:00（15:00–16:00 的开始）触发；如需在这段时间内重复，请加“每小时”'] });
    expect(read('周三 14:00-15:30 评审')).toMatchObject({ expr: '2026-03-04T14:00:00+08:00', rest: '评审' });
    expect(read('每周三 14:00-15:30 评审')).toMatchObject({ expr: '0 14 * * 3', rest: '评审' });
    expect(read('每天9点到17点')).toMatchObject({ expr: '0 9 * * *' });
    // with an interval the span is where it repeats, as before
    expect(read('每天9点到17点每2小时')).toMatchObject({ expr: '0 9-17/2 * * *', notes: [] });
    expect(read('下午1点到5点每小时')).toMatchObject({ expr: '0 13-17 * * *' });
  });

  it('reads 到 as the day when nothing repeats, and as an end when something does', () => {
    expect(read('会议推迟到周五上午10点')).toEqual({ expr: '2026-03-06T10:00:00+08:00', rest: '会议推迟', window: {}, notes: [] });
    expect(read('把周会改到周四下午3点')).toMatchObject({ expr: '2026-03-05T15:00:00+08:00', rest: '把周会改' });
    expect(read('每天9点到周五')).toMatchObject({ expr: '0 9 * * *', window: { endAt: Date.parse('2026-03-07T00:00:00+08:00') - 1 } });
  });
});

describe('mixed languages, written time zones and what the grammar cannot place', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  const read = (text: string, o = ZH) => {
    const r = parseSchedule(text, o);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code, error: r.error };
  };

  it('reads the English words before a time in Chinese text as part of the phrase', () => {
    expect(read('tomorrow 3pm 开会')).toEqual({ expr: '2026-03-05T15:00:00+08:00', rest: '开会' });
    expect(read('daily 9am 站会')).toEqual({ expr: '0 9 * * *', rest: '站会' });
    expect(read('every day 9am 提醒喝水')).toEqual({ expr: '0 9 * * *', rest: '提醒喝水' });
    expect(read('PR 123 明天9点 review')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: 'PR 123 review' });
  });

  it('drops a written zone that is the task zone, and refuses another (it was ignored)', () => {
    expect(read('北京时间9点 开会')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: '开会' });
    expect(read('明天9点（北京时间）开会')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: '开会' });
    expect(read('tomorrow at 9am EST standup', EN)).toEqual({ expr: '2026-03-05T09:00:00-05:00', rest: 'standup' });
    expect(read('every day at 9 UTC-5 sync', EN)).toEqual({ expr: '0 9 * * *', rest: 'sync' });
    expect(read('tomorrow at 9am PST standup', EN)).toEqual({ code: 'zone_in_text', error: '"PST" is a time zone, but times are read in America/New_York' });
    expect(read('Sat, Mar 7 at 10am GMT review', EN)).toMatchObject({ code: 'zone_in_text' });
    expect(read('北京时间9点 开会', EN)).toEqual({ code: 'zone_in_text', error: '“北京时间”是时区，但时间按 America/New_York 理解' });
  });

  it('refuses moments, weekday sets and offsets it cannot place, rather than drop them', () => {
    for (const t of ['每天下班前 写日报', '每周五下班前 总结', '每天9点 除周末 打卡', '每天9点打卡（周末除外）', '周末 10点 爬山', '每天早上和晚上 打卡', '每月15 对账', '每月中旬 对账', '春节前 发年终奖', '国庆节后 上班']) {
      expect(read(t), t).toMatchObject({ code: 'leftover' });
    }
    expect(read('每天9点 提醒大家下班前打卡')).toEqual({ expr: '0 9 * * *', rest: '提醒大家下班前打卡' });
    expect(read('每个周末 10点 爬山')).toEqual({ expr: '0 10 * * 0,6', rest: '爬山' });
  });
});

describe('Chinese short parts of the day, past-relative words in the task, years and 每个早上', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const read = (text: string) => {
    const r = parseSchedule(text, ZH);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('reads 晚 and 早 alone as the evening and the morning, not in 晚饭 or 早点', () => {
    expect(read('周五晚 聚餐')).toEqual({ expr: '2026-03-06T20:00:00+08:00', rest: '聚餐' });
    expect(read('周五晚8点 聚餐')).toEqual({ expr: '2026-03-06T20:00:00+08:00', rest: '聚餐' });
    expect(read('每天晚6点 打卡')).toEqual({ expr: '0 18 * * *', rest: '打卡' });
    expect(read('明天早九点 开会')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: '开会' });
    expect(read('每天早点下班')).toEqual({ expr: '0 9 * * *', rest: '早点下班' });
    expect(read('明天晚饭后 散步')).toMatchObject({ code: 'leftover' });
  });

  it('never reads a greeting as a part of the day', () => {
    expect(read('早上好 明天9点 开会')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: '早上好开会' });
    expect(read('晚上好 今晚8点 直播')).toEqual({ expr: '2026-03-04T20:00:00+08:00', rest: '晚上好直播' });
    expect(read('晚安 明天7点 叫我')).toMatchObject({ expr: '2026-03-05T07:00:00+08:00' });
    expect(read('早上好')).toMatchObject({ code: 'no_schedule' });
  });

  it('leaves a part of the day after a clock time in the task text', () => {
    expect(read('周三下午三点 下午茶')).toEqual({ expr: '2026-03-04T15:00:00+08:00', rest: '下午茶' });
    expect(read('明天10点 晚上的会改期')).toEqual({ expr: '2026-03-05T10:00:00+08:00', rest: '晚上的会改期' });
  });

  it('keeps 上周 and 上月 in the task text (they were a second, past schedule)', () => {
    expect(read('每周一 上周数据复盘')).toEqual({ expr: '0 9 * * 1', rest: '上周数据复盘' });
    expect(read('每月1号 上月账单')).toEqual({ expr: '0 9 1 * *', rest: '上月账单' });
  });

  it('reads 每个早上, 每逢, a year said before a date, and the edges of the year', () => {
    expect(read('每个早上 打卡')).toEqual({ expr: '0 9 * * *', rest: '打卡' });
    expect(read('每个晚上 复盘')).toEqual({ expr: '0 20 * * *', rest: '复盘' });
    expect(read('每逢周一 例会')).toEqual({ expr: '0 9 * * 1', rest: '例会' });
    expect(read('明年1月5号 开工')).toEqual({ expr: '2027-01-05T09:00:00+08:00', rest: '开工' });
    expect(read('今年12月31日 总结')).toEqual({ expr: '2026-12-31T09:00:00+08:00', rest: '总结' });
    expect(read('每年最后一天 总结')).toEqual({ expr: '0 9 31 12 *', rest: '总结' });
    expect(read('每年年初 计划')).toEqual({ expr: '0 9 1 1 *', rest: '计划' });
    expect(read('下个工作日 跟进')).toMatchObject({ code: 'no_schedule' });
  });
});

describe('12点 at night', () => {
  it('is the midnight that ends the day named, in one-offs and repetitions (it was refused)', () => {
    const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
    const read = (text: string) => {
      const r = parseSchedule(text, ZH);
      return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
    };
    expect(read('今晚12点 备份')).toEqual({ expr: '2026-03-05T00:00:00+08:00', rest: '备份' });
    expect(read('明晚12点')).toEqual({ expr: '2026-03-06T00:00:00+08:00', rest: '' });
    expect(read('周五半夜12点 上线')).toEqual({ expr: '2026-03-07T00:00:00+08:00', rest: '上线' });
    expect(read('每天晚上12点 备份')).toEqual({ expr: '0 0 * * *', rest: '备份' });
    expect(read('每晚12点 备份')).toEqual({ expr: '0 0 * * *', rest: '备份' });
    expect(read('每周五晚上12点 结算')).toEqual({ expr: '0 0 * * 6', rest: '结算' });
    expect(read('今晚8点和12点')).toMatchObject({ code: 'midnight_day' });
  });
});

describe('a schedule written in two pieces, and words that are only near a schedule', () => {
  const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
  const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
  const read = (text: string, o = ZH) => {
    const r = parseSchedule(text, o);
    return r.ok ? { expr: r.schedule.expr, rest: r.rest } : { code: r.code };
  };

  it('joins a repetition or a day with a time written on the other side of the task', () => {
    expect(read('daily standup at 9:30', EN)).toEqual({ expr: '30 9 * * *', rest: 'standup' });
    expect(read('weekly report every friday at 4pm', EN)).toEqual({ expr: '0 16 * * 5', rest: 'weekly report' });
    expect(read('weekly 1:1 with Sam on thursday at 2pm', EN)).toEqual({ expr: '0 14 * * 4', rest: '1:1 with Sam' });
    expect(read('monthly newsletter on the 1st', EN)).toEqual({ expr: '0 9 1 * *', rest: 'newsletter' });
    expect(read('at 9am standup every weekday', EN)).toEqual({ expr: '0 9 * * 1-5', rest: 'standup' });
    expect(read('daily 9点 站会')).toEqual({ expr: '0 9 * * *', rest: '站会' });
    expect(read('每周五 站会 下午3点')).toEqual({ expr: '0 15 * * 5', rest: '站会' });
    // a deadline is not when to fire
    expect(read('每月3号 提醒交报表 下午5点前')).toMatchObject({ code: 'leftover' });
  });

  it('keeps zones, years, versions and limits inside the task text as task text', () => {
    expect(read('every monday at 9am post the UTC logs', EN)).toEqual({ expr: '0 9 * * 1', rest: 'post the UTC logs' });
    expect(read('latest numbers at 5pm EST', EN)).toEqual({ expr: '2026-03-04T17:00:00-05:00', rest: 'latest numbers' });
    expect(read('every day at 9am PT standup', EN)).toMatchObject({ code: 'zone_in_text' });
    expect(read('every monday at 9am release v2.10', EN)).toEqual({ expr: '0 9 * * 1', rest: 'release v2.10' });
    expect(read('每周一 9点 讨论今年的OKR')).toEqual({ expr: '0 9 * * 1', rest: '讨论今年的OKR' });
    expect(read('每天9点 发布北京时间新闻')).toEqual({ expr: '0 9 * * *', rest: '发布北京时间新闻' });
    expect(read('每周五 17点 周末值班安排')).toEqual({ expr: '0 17 * * 5', rest: '周末值班安排' });
    expect(read('每天9点 检查持续3天以上的告警')).toEqual({ expr: '0 9 * * *', rest: '检查持续3天以上的告警' });
    expect(read('每周五17点 下班前清理工位')).toEqual({ expr: '0 17 * * 5', rest: '下班前清理工位' });
    expect(read('明天9点 前端发布')).toEqual({ expr: '2026-03-05T09:00:00+08:00', rest: '前端发布' });
    expect(read('每天9点 日本时间 开会')).toMatchObject({ code: 'zone_in_text' });
  });

  it('refuses what does change the schedule next to it or at the end', () => {
    for (const t of ['元旦 今年计划', '本周每天9点 站会', '清明节 9点 扫墓', '双十一 0点 抢购', '每周一前 提交周报', '03-20 10:00 开会', '每天9点 打卡 持续一周']) {
      expect(read(t), t).toMatchObject({ code: 'leftover' });
    }
  });
});

describe('the small hours of a night', () => {
  it('are after its midnight, in both languages (they were refused, or past)', () => {
    const ZH = { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' };
    const EN = { now: Date.parse('2026-03-04T10:15:00-05:00'), tz: 'America/New_York' };
    const expr = (text: string, o = ZH) => {
      const r = parseSchedule(text, o);
      return r.ok ? r.schedule.expr : r.code;
    };
    expect(expr('今晚凌晨2点 发版')).toBe('2026-03-05T02:00:00+08:00');
    expect(expr('今天夜里2点 发版')).toBe('2026-03-05T02:00:00+08:00');
    expect(expr('今晚1点 发版')).toBe('2026-03-05T01:00:00+08:00');
    expect(expr('每天夜里2点 备份')).toBe('0 2 * * *');
    expect(expr('周五半夜2点 上线')).toBe('2026-03-07T02:00:00+08:00');
    expect(expr('every night at 1am run backups', EN)).toBe('0 1 * * *');
    expect(expr('tonight at 1am maintenance window', EN)).toBe('2026-03-05T01:00:00-05:00');
    expect(expr('every friday night at 1am', EN)).toBe('0 1 * * 6');
    expect(expr('tonight at 9am', EN)).toBe('part_of_day');
  });
});
