import type { Bilingual } from '../../domain/index.ts';

/** A refusal raised inside the grammar; parseSchedule turns it into `{ ok: false }`. */
export class NlError extends Error {
  readonly code: string;
  readonly text: Bilingual;
  readonly suggestion?: Bilingual;
  constructor(code: string, text: Bilingual, suggestion?: Bilingual) {
    // a refusal of user input needs no stack, and capturing one is most of its cost
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(text.en);
    Error.stackTraceLimit = limit;
    this.name = 'NlError';
    this.code = code;
    this.text = text;
    this.suggestion = suggestion;
  }
}

const MESSAGES: Record<string, { text: Bilingual; suggestion?: Bilingual }> = {
  empty: {
    text: { en: 'there is no schedule in an empty message', zh: '消息为空，没有可识别的时间' },
    suggestion: { en: 'try "every weekday at 9:30 post standup notes"', zh: '例如“每个工作日上午9点半 提醒提交日报”' },
  },
  too_long: {
    text: { en: 'the message is too long to read as a schedule (at most 1000 characters)', zh: '消息太长，无法识别（最多 1000 个字符）' },
  },
  no_schedule: {
    text: { en: 'I could not find a time or a schedule in this message', zh: '没有识别出时间或周期' },
    suggestion: { en: 'try "tomorrow 9am", "in 30 minutes" or "every Monday at 10:00"', zh: '例如“明天上午9点”、“30分钟后”或“每周一上午10点”' },
  },
  zero_interval: {
    text: { en: 'the interval must be longer than zero', zh: '间隔必须大于零' },
    suggestion: { en: 'try "every 5 minutes"', zh: '例如“每5分钟”' },
  },
  bad_number: {
    text: { en: 'the number must be a positive whole number', zh: '数字必须是正整数' },
    suggestion: { en: 'try "every 3 minutes"', zh: '例如“每3分钟”' },
  },
  bad_date: {
    text: { en: 'that date does not exist', zh: '这个日期不存在' },
    suggestion: { en: 'check the day of the month, e.g. "on February 28"', zh: '请检查日期，例如“2月28日”' },
  },
  bad_time: {
    text: { en: 'that time of day does not exist', zh: '这个时刻不存在' },
    suggestion: { en: 'write hours 0–23 and minutes 0–59, e.g. "at 17:30"', zh: '小时写 0–23，分钟写 0–59，例如“下午5点半”或“17:30”；晚上只能是5到11点' },
  },
  past: {
    text: { en: 'that time is already in the past', zh: '这个时间已经过去了' },
    suggestion: { en: 'name a future time, e.g. "tomorrow at 9am"', zh: '请写一个将来的时间，例如“明天上午9点”' },
  },
  two_schedules: {
    text: { en: 'this message holds two different schedules', zh: '这条消息里有两个不同的周期' },
    suggestion: { en: 'create one task for each schedule', zh: '请为每个周期分别创建一个任务' },
  },
  lunar_yearly: {
    text: { en: 'a lunar festival moves every year, so it cannot repeat as one yearly schedule', zh: '农历节日每年的公历日期不同，不能作为固定的每年周期' },
    suggestion: { en: 'add it for one year, e.g. "this year\'s Mid-Autumn Festival at 9am"', zh: '请按年份添加，例如“今年中秋节上午9点”' },
  },
  unsupported: {
    text: { en: 'this kind of schedule cannot be expressed yet', zh: '暂不支持这种周期' },
    suggestion: { en: 'split it into several tasks, or use "cron <expression>"', zh: '可以拆成多个任务，或使用“cron <表达式>”' },
  },
};

/** Builds the refusal for `code`, with the standard message and suggestion. */
export function fail(code: string, detail?: Bilingual): NlError {
  const m = MESSAGES[code] ?? MESSAGES.no_schedule;
  const text = detail ? { en: `${m.text.en}: ${detail.en}`, zh: `${m.text.zh}：${detail.zh}` } : m.text;
  return new NlError(code, text, m.suggestion);
}

/** "twice a week", 每周三次: a count in a period, where a schedule needs days or times. */
export function timesPerPeriod(written: string): NlError {
  return new NlError(
    'times_per_period',
    { en: `"${written}" says how often but not when: a task runs at the days and times its schedule names`, zh: `“${written}”只说了次数，没说时间：任务按写明的日期和时间执行` },
    { en: 'name them, e.g. "every Mon, Wed and Fri at 9am" or "every day at 9am and 5pm"', zh: '请写明日期或时间，例如“每周一、三、五上午9点”或“每天9点和17点”' },
  );
}

/** 上午12点 is noon to many readers and 00:00 on a 12-hour clock (cRonstrue writes 在上午 12:00 for midnight). */
export function noonOrMidnight(): NlError {
  return new NlError(
    'noon_or_midnight',
    { en: '"上午12点" reads two ways: noon, or midnight on a 12-hour clock', zh: '“上午12点”有两种读法：中午12点，或12小时制的午夜0点' },
    { en: 'write 中午12点 for noon, or 凌晨0点 for midnight', zh: '中午请写“中午12点”，午夜请写“凌晨0点”或“0:00”' },
  );
}
