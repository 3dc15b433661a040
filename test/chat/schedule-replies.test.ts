import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;

// 2026-11-28 is a Saturday; 08:00 UTC is 16:00 in Shanghai.
const START = '2026-11-28T08:00:00Z';

beforeEach(async () => {
  h = await engineHarness({ start: START });
  route = createRouter({ app: h.ctx, isAdmin: () => false, botNames: ['cronbot'], onBug: (e) => { throw e; } });
});
afterEach(async () => h?.close());

async function say(text: string): Promise<string> {
  const replies = await route({
    platform: 'tg', chatId: 'chat-1', chatType: 'group', messageId: `m${++seq}`, userId: 'u-alice', userName: 'Alice',
    text, mentions: [], addressedToBot: false, receivedAt: h.clock.now(),
  });
  expect(replies).toHaveLength(1);
  return replies[0].text;
}

const tasks = () => store.listTasks(h.database.db, {});
const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

describe('/tz applies to /edit', () => {
  it('reads the new schedule of /edit in the chat timezone set after the task was created', async () => {
    await say('/add every day at 9:00 standup');
    expect(await say('/tz Asia/Shanghai')).toContain('New and edited schedules are read in it');
    const reply = await say('/edit 1 every day at 10:00');
    expect(reply).toContain('every day at 10:00 (Asia/Shanghai) — standup');
    const [t] = await tasks();
    expect(t.schedule).toMatchObject({ expr: '0 10 * * *', tz: 'Asia/Shanghai' });
    expect(iso(t.nextRunAt)).toBe('2026-11-29T02:00:00.000Z');
  });

  it('reads "the last weekday of every month" in /edit as the last working day', async () => {
    await say('/tz Asia/Shanghai');
    await say('/add every day at 9:00 payroll reminder');
    const reply = await say('/edit 1 on the last weekday of every month at 6pm');
    expect(reply).toContain('every last working day of the month (Monday to Friday) at 18:00 (Asia/Shanghai) — payroll reminder');
    expect(reply).toContain('Next: Mon 30 Nov 18:00, Thu 31 Dec 18:00, Fri 29 Jan 2027 18:00');
    expect((await tasks())[0].schedule).toMatchObject({ expr: '0 18 LW * *', tz: 'Asia/Shanghai' });
  });

  it('keeps the task timezone when /修改 changes only the text', async () => {
    await say('/add every day at 9:00 standup');
    await say('/时区 Asia/Shanghai');
    expect(await say('/修改 1 站会纪要')).toContain('每天 09:00（UTC） — 站会纪要');
    expect((await tasks())[0].schedule.tz).toBe('UTC');
  });
});

describe('refusals, in the writer language', () => {
  it('refuses a weekday left in the task text and says what it read', async () => {
    const en = await say('/add every day at 9 and every monday at 10 standup');
    expect(en).toContain('"monday" is left in the task text but looks like part of the schedule; I read only "every day at 09:00 (UTC)"');
    expect(en).toContain('put text that only mentions a time in quotes');
    expect(await say('/add every monday every friday standup')).toContain('this message holds two different schedules; create one task for each schedule');
    const zh = await say('/添加 每天9点 周一例会');
    expect(zh).toContain('无法识别时间：这条消息里有两个不同的周期');
    expect(zh).toContain('请为每个周期分别创建一个任务');
    expect(await tasks()).toHaveLength(0);
  });

  it('refuses a time left behind in Chinese task text', async () => {
    const zh = await say('/添加 每月3号 提醒交报表 下午5点前');
    expect(zh).toContain('“5点”留在了任务内容里，但看起来是时间的一部分；我只识别出“每月3号 09:00”');
    expect(zh).toContain('或把只是提到时间的内容放进引号');
    expect(await tasks()).toHaveLength(0);
  });

  it('refuses a lunar festival as a yearly schedule and one outside the table', async () => {
    expect(await say('/添加 每年中秋节 发月饼')).toContain('农历节日每年的公历日期不同，不能作为固定的每年周期：中秋节');
    expect(await say('/add every year on mid-autumn festival')).toContain('a lunar festival moves every year, so it cannot repeat as one yearly schedule: Mid-Autumn Festival');
    expect(await say('/添加 2040年春节 拜年')).toContain('春节的日期只收录了 2024–2035 年');
    expect(await say('/add 2040 chinese new year')).toContain('I know the date of Spring Festival only for 2024–2035');
    expect(await tasks()).toHaveLength(0);
  });

  it('refuses a month of every year without a day, and last year\'s holiday, in Chinese', async () => {
    const month = await say('/添加 每年9月 开学');
    expect(month).toContain('“每年9月”没有说是哪一天');
    expect(month).toContain('请写明日期，例如“每年9月1日上午9点”，或写“9月每天上午9点”');
    expect(await say('/添加 去年元旦 聚餐')).toContain('这个时间已经过去了');
    expect(await tasks()).toHaveLength(0);
  });

  it('asks whether 每周日报 means Sundays or a weekly 日报, in Chinese, with a way to write each', async () => {
    const zh = await say('/添加 每周日报 发给老板');
    expect(zh).toContain('“每周日报”有两种读法：“每周日”，任务是“报”；或“每周”，任务是“日报”（但这样没有说星期几）');
    expect(zh).toContain('指周日写“每周日 9点 日报”，指其他某一天就写明星期几，如“每周一 9点 日报”');
    expect(await say('/添加 每星期日报 9点')).toContain('“每星期日报”有两种读法');
    expect(await tasks()).toHaveLength(0);
    expect(await say('/添加 每周日 9点 日报')).toContain('✅ 已创建任务 #1：每周日 09:00（UTC） — 日报');
  });

  it('refuses a piece of a schedule left in the task text, in the writer language', async () => {
    expect(await say('/add halloween eve party')).toContain('"eve" is left in the task text but looks like part of the schedule');
    // (每两个星期天 was the example here until it was read: every other Sunday)
    expect(await say('/添加 每月初三 上香')).toContain('“初三”留在了任务内容里，但看起来是时间的一部分');
    expect(await say('/添加 元旦 今年计划')).toContain('“今年”留在了任务内容里');
    expect(await tasks()).toHaveLength(0);
  });

  it('refuses a holiday of this year that has passed', async () => {
    expect(await say('/添加 今年国庆节 升旗')).toContain('这个时间已经过去了');
    expect(await say("/add this year's christmas eve at 8pm party")).toContain('✅ Task #1 created: once on 2026-12-24 at 20:00 (UTC) — party');
    expect(await say("/add this year's mother's day")).toContain('that time is already in the past');
  });
});

describe('assumptions said back, in the writer language', () => {
  it('says a bare hour was read on the 24-hour clock', async () => {
    const en = await say('/add at 5 ping the team');
    expect(en).toContain('once on 2026-11-29 at 05:00 (UTC) — ping the team');
    expect(en).toContain('ℹ️ Note: 05:00, on the 24-hour clock; write 5pm for 17:00');
    const zh = await say('/添加 5点 开会');
    expect(zh).toContain('ℹ️ 说明：按24小时制理解为 05:00；如指下午或晚上，请写“下午5点”或“17:00”');
  });

  it('says that months without the 31st are skipped', async () => {
    expect(await say('/add every month on the 31st at 10:00 close the books')).toContain("months without a 31st are skipped, as cron does; write \"on the last day of the month\" for month ends");
    expect(await say('/添加 每月31号 10:00 结账')).toContain('没有31号的月份跳过（与 cron 相同）');
    const [t] = await tasks();
    expect(t.schedule.expr).toBe('0 10 31 * *');
    expect(iso(t.nextRunAt)).toBe('2026-12-31T10:00:00.000Z');
  });

  it('says that 29 February comes only in leap years', async () => {
    expect(await say('/add every year on feb 29 at 9:00 leap party')).toContain('29 February comes only in leap years');
    expect(await say('/添加 每年2月29日 9:00 闰日')).toContain('2月29日只在闰年出现');
    expect(iso((await tasks())[0].nextRunAt)).toBe('2028-02-29T09:00:00.000Z');
  });

  it('says which day rule applies when a cron line restricts both days', async () => {
    const en = await say('/add cron 0 9 1 * 1 report');
    expect(en).toContain('on either the day of month or the day of week');
    expect(en).toContain('it fires when either matches, as crontab does');
    expect(en).toContain('Next: Mon 30 Nov 09:00, Tue 1 Dec 09:00, Mon 7 Dec 09:00');
    const zh = await say('/添加 cron 0 9 1-7 * +1 报告');
    expect(zh).toContain('日期和星期同时匹配才触发');
    expect(zh).toContain('星期字段前的 + 表示日期和星期必须同时满足');
    expect(await say('/添加 cron 0 9 1 * 1 报告')).toContain('同时指定了日期和星期：任一匹配即触发（与 crontab 相同）');
    expect(await say('/add cron 0 9 1-7 * +1 report')).toContain('the + before the weekday field means both day of month and day of week must match');
  });

  it('says that working days ignore public holidays, and names the lunar date', async () => {
    expect(await say('/add last business day of the month at 6pm run payroll reminder')).toContain(
      'every last working day of the month (Monday to Friday) at 18:00 (UTC) — run payroll reminder',
    );
    const zh = await say('/添加 每月最后一个工作日 18点 发工资提醒');
    expect(zh).toContain('每月最后一个工作日（周一至周五） 18:00（UTC） — 发工资提醒');
    expect(zh).toContain('工作日按周一至周五计算，不考虑法定节假日和调休');
    expect(await say('/add every last workday at 18:00 payroll')).toContain('working days are Monday to Friday; public holidays are not taken into account');
    const moon = await say('/add next year\'s mid-autumn festival at 8pm mooncakes');
    expect(moon).toContain('Mid-Autumn Festival 2027 falls on 2027-09-15 (lunar calendar)');
    expect(await say('/添加 明年中秋节 晚上8点 赏月')).toContain('2027年中秋节是9月15日（农历）');
  });

  it('says which Christmas "next christmas" was read as', async () => {
    const en = await say('/add next christmas at 8pm party');
    expect(en).toContain('once on 2026-12-25 at 20:00 (UTC) — party');
    expect(en).toContain('"next Christmas" read as the coming one, on 2026-12-25; write "Christmas 2027" for the one after');
  });

  it('keeps quoted text as task text even when it holds a time', async () => {
    const reply = await say('/add "demo starts in 10 minutes" at 9am every Friday');
    expect(reply).toContain('every Friday at 09:00 (UTC) — "demo starts in 10 minutes"');
    expect(reply).not.toContain('Note');
  });
});
