// Chinese words and patterns for the schedule grammar in zh*.ts. Every pattern is sticky (y).
import { fail } from './errors.ts';
import { zhNumber } from './numbers.ts';
import type { Spec } from './spec.ts';

export const SEC = 1000; // ms
export const MIN = 60_000; // ms
export const HOUR = 3_600_000; // ms

const N = '([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,6})';
// 晚 and 早 alone as chats shorten them (周五晚8点, 明天早9点), not in 晚饭, 早餐, 早点, 晚会…
const PERIOD = '(早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|半夜|午夜|深夜|晚(?![上饭餐会安霞间点期辈些到了好])|早(?![上晨饭餐点期安日些就已到了好]))';
const DOW_CH = '[一二三四五六日天七]';
// A weekday character that is one: never the count of 每周一次 / 每周三次 (once, three times a
// week), nor the 天 of 天气 (每周天气预报: weekly weather report, not Sunday with 气预报).
// 周1 to 周7 as chats write them, unless the digit is a count or a number (每周1次, 每周2小时, 周12).
const DOW = '(?:[一二三四五六日七](?!\\s*[次遍回趟])|天(?![气次遍回趟])|[1-7](?![0-9.:次遍回趟个天号点时分小周]))';
const WEEK = '(?:周|星期|礼拜)';
const END = '(?=$|\\s|[,，。;；!！?？])'; // the end of a word
const MORE = '(?![0-9零〇一二两三四五六七八九十百千分钟刻次遍回趟])'; // nothing that makes it another number or a duration
// The minutes after 点 (one capture group each): with 分 (space allowed); 零五; two digits;
// one digit at the end of a word; two digits after a space at the end of a word; 十-numerals.
const MINUTE = [
  `\\s*零?\\s*${N}\\s*分(?!钟)`,
  `零\\s*([0-9]|[一二三四五六七八九])${MORE}`,
  `([0-5][0-9])${MORE}`,
  `([0-9])${END}`,
  `\\s+([0-5][0-9])${END}`,
  `([一二三四五]?十[一二三四五六七八九]?)${MORE}`,
].join('|');
const re = (src: string) => new RegExp(src, 'y');

/** Sticky patterns of the Chinese grammar. */
export const R = {
  every: re('(每隔|每逢|每)'),
  // 每晚10点, 每早8点: every day, in that part of it
  everyPart: re('每个?(早上|早晨|上午|中午|下午|傍晚|晚上|夜里|晚|早|夜)(?![饭餐点])'),
  negative: re('-\\s*[0-9]'),
  dayUnit: re('(?:天|日)'),
  // not 下个工作日 (once, the next one), read in dates
  workday: re('(?<![下本这]个?)个?工作日(?:每天)?'),
  // 非工作日: Saturday and Sunday (public holidays are not known), never the working days
  nonWorkday: re('个?非工作日(?:每天)?'),
  weekend: re('个?周末'),
  // 周末每天10点: the weekend days, the 每天 after it repeating them
  weekendDaily: re('周末的?(?=\\s*每天)'),
  // 每个星期天 as 每星期天; 周一三五 without separators, but never 天 bare after a weekday
  // (每周日天气: 天 starts the task text), nor 日 that opens a word (每周五日报: Friday, 日报)
  // a bare weekday character continues the list only unspaced (每周一三五; 每周三 二组开会 is Wednesday)
  dowList: re(`个?${WEEK}(${DOW}(?:\\s*(?:、|,|和|及|与|至|到|-|~)\\s*${WEEK}?${DOW}|\\s*${WEEK}${DOW}|[一二三四五六七](?!\\s*[次遍回趟])|日(?![报记志程]))*)`),
  // a word 日 opens (日报, 日记, 日志, 日程) when the 日 also ends a weekday list (每周日报), unless the
  // next two characters are a word of their own (每周日报告, 每周日记得, 每周日志愿, 每周日程序)
  dayWord: re('日(报(?![告销名到])|记(?![得住录账])|志(?!愿)|程(?!序))'),
  weekUnit: re(`个?${WEEK}`),
  // 每两个星期天, 每两周日: the weekday sharing the 周/星期 of the count (not 日报, 日记…)
  sharedDow: re(`(${DOW})(?![报记志程])`),
  monthUnit: re('个?月'),
  quarter: re('个?季度?'),
  yearUnit: re('年'),
  count: re(`${N}\\s*(?=个|小时|分|秒|天|日|周|星期|礼拜|月|年|季)`),
  half: re('半'),
  hourUnit: re('个?(?:小时|钟头)'),
  andHalf: re('个?半'),
  month: re(`${N}\\s*月`),
  // 每年9月5 as the 5th, but not 每年9月 3点: a clock time is no day
  day: re(`${N}\\s*(?:日|号|(?!\\s*(?:点|时|:|分|月|[0-9])))`),
  sub: re('个?(秒钟|秒|分钟|分|小时|钟头|个钟)'),
  dom: re(`${N}\\s*(?:号|日)`),
  domTo: re(`\\s*(?:到|至|-|~)\\s*${N}\\s*(?:号|日)`),
  domSep: re('\\s*(?:、|,|和|及|与)\\s*'),
  lastDay: re('(?:最后一天|月底|最后1天)'),
  nthDow: re(`第${N}个?${WEEK}(${DOW_CH})`),
  lastDow: re(`最后一个?${WEEK}(${DOW_CH})`),
  monthDay: re(`${N}\\s*月\\s*${N}\\s*(?:日|号)?`),
  altWeek: re('(?:隔周|双周)'), // 双周周五: every other Friday
  dowRange: re(`${WEEK}(${DOW})\\s*(?:至|到|-|~)\\s*${WEEK}?(${DOW})\\s*(?:每天)?`),
  altDay: re('(?:每隔一天|隔天|每隔1天)'),
  daily: re('天天'),
  de: re('的'),
  // 9点30, 9点30分, 9点零五, 九点三十, 9点半, 9点一刻; never the task text after it: 9点 一起吃饭
  // (not 09:01), 9点 10楼 (not 09:10), 9点 5分钟站会, 9点 半小时阅读
  // 下午, 晚上 with no clock time after them (每天下午 站会): the part of the day alone
  periodOnly: re(`${PERIOD}(?!\\s*[0-9零〇一二两三四五六七八九十:]|好)`), // not 早上好, 晚上好
  time: re(`${PERIOD}?\\s*${N}\\s*(?:点钟|点|时)(?:\\s*(半(?![小天个钟年月])|一刻|三刻|[1-3一二三]刻(?!钟)|(?<=[点时])整(?![理顿改合体])|(?<=[点时])正(?![在常式好确]))|${MINUTE})?(?:(?<=分)\\s*${N}\\s*秒(?!钟))?`), // 整 / 正 only written on: 9点 整理报表 is 9点 and the task 整理报表; seconds after 分 (15点30分15秒)
  // 下个月5号, 本月25号; 下个月底 / 下月末 (its last day), 下月初 (its 1st)
  monthRel: re(`(下+|本|这个?)个?月\\s*(?:${N}\\s*(?:号|日)|(底|末|初)(?![0-9零〇一二两三四五六七八九十]))?`),
  // 每月底, 每月末: the last day; 每月初: the 1st (not 每月初三, a day of the lunar month)
  // 每月第3天, 每季度第一天; 每月倒数第一天 (the last), 倒数第二天 (refused: cron counts no days back)
  nthDay: re(`(倒数)?第\\s*${N}\\s*(?:天|日)`),
  // 每年最后一天, 每年年底 / 年末: 31 December; 每年年初, 每年第一天: 1 January
  yearEdge: re('的?(最后一天|年底|年末|底|末|年初|初|第一天)(?![0-9零〇一二两三四五六七八九十])'),
  monthEdgeChar: re('(底|末|初)(?![0-9零〇一二两三四五六七八九十])'),
  // 下周, 下下周 (上周 is past: in a message it is task text, as in 每周一 上周数据复盘); not 下周末
  weekRel: re(`(下+)个?(?:周|星期|礼拜)(?![一二三四五六日天七末1-7])`),
  yearPre: re('(去年|前年|今年|明年|后年|[0-9]{4}\\s*年)的?'),
  monthsPre: re(`${N}\\s*月份?((?:\\s*(?:、|和|,|至|到)\\s*${N}\\s*月份?)*)\\s*(?:内|里|中|期间)?\\s*的?(?=\\s*(?:每|工作日))`),
  workEdge: re('(最后一个|第一个)工作日'),
  from: re('(?:从|自)'),
  startEnd: re('\\s*(?:开始|起)'),
  // 15:30, 下午3:30, and as mixed chats write it: 5:30pm, 9am (group 5: am/pm)
  clock: re(`${PERIOD}?\\s*([0-9]{1,2})\\s*(?::\\s*([0-9]{2})(?::([0-9]{2}))?(?:\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z]))?|()\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z]))`),
  timeSep: re('\\s*(?:、|,|和|及|与)\\s*'),
  rangeSep: re('\\s*(?:到|至|-|~)\\s*'),
  relDay: re('(大后天|后天|明天|明日|今天|今日|大前天|前天|昨天|昨日)'),
  dayPeriod: re('(今早|今晚|今夜|明早|明晚|昨晚)'),
  weekday: re(`(下+个?|本|这个?|上+个?)?${WEEK}(${DOW})`),
  date: re(`(?:([0-9]{4}|[零〇一二三四五六七八九]{4})\\s*年\\s*)?${N}\\s*月\\s*${N}\\s*(?:日|号)?`),
  bareDom: re(`${N}\\s*(?:号|日)(?!内|之内)`),
  // 2026-03-20, and as Chinese chats write it: 2026/3/20, 2026.3.20 (one separator throughout)
  iso: re('([0-9]{4})([-/.])([0-9]{1,2})\\2([0-9]{1,2})(?![0-9])(?:[t\\s]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?'),
  quarterHour: re('(一|三|1|3)刻钟'),
  // 3天, 一个半小时, 半小时, 1.5小时, 1小时半 (the 半 after the unit: group 5)
  relPart: re(`(?:([0-9]{1,4}\\.[0-9]{1,3}|[0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,6})\\s*个?\\s*(半)?|(半))\\s*个?\\s*(秒钟|秒|分钟|分|小时|钟头|个钟|钟|天|日|周|星期|礼拜)(半)?`),
  after: re('(?:以后|之后|过后|后)'),
  until: re('(?:直到|截止到|截止|截至|到|至)'),
  untilEnd: re('(?:为止|止)'),
  times: re(`(?:共|一共|总共|重复)\\s*${N}\\s*次`),
  // 每天一次, 每周三次: how often in each period, after a repetition
  perTimes: re(`\\s*${N}\\s*(?:次|遍|回|趟)(?!性)`),
  // 一周一次, 两周一次, 三个月一次, 一天三次: a period and how often in it, with no 每
  perPeriod: re(`${N}\\s*(天|个?(?:周|星期|礼拜)|个月|年|个?(?:小时|钟头)|个?季度)\\s*${N}\\s*(?:次|遍|回|趟)(?!性)`),
};

// The hour a part of the day stands for when no clock time follows, as in English ("tomorrow
// afternoon" is 14:00); 午夜 is midnight; 凌晨, 半夜 and 深夜 name no hour anyone agrees on.
export const PART_HOUR: Record<string, number> = { 早: 9, 晚: 20, 早上: 9, 早晨: 9, 清晨: 9, 上午: 9, 中午: 12, 下午: 14, 傍晚: 18, 晚上: 20, 夜里: 22, 午夜: 0 };

/** Weekday characters → 0 (Sunday) to 6. */
export const DOW_MAP: Record<string, number> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 7: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6 };

/** A further day of the month in a list ("1号、15号", "1、15号"). */
export const DOM_NEXT = re(`${N}\\s*(?:号|日|(?![0-9:点时]))`);

/** What a Chinese phrase has said so far. */
export interface Ctx {
  spec: Spec;
  period?: string; // from 今晚 / 明早: applies to the next clock time without its own period
}

/** A Chinese or Arabic numeral; throws bad_number when the text is not one. */
export function num(text: string): number {
  const v = zhNumber(text);
  if (!Number.isFinite(v)) throw fail('bad_number');
  return v;
}
