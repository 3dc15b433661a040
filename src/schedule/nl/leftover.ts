import { EN_HOLIDAYS, ZH_HOLIDAYS } from './holidays.ts';
import { hasCjk } from './text.ts';
import { zoneNextTo } from './zones.ts';

// Words that belong to a schedule (weekends are not among them: "have a nice weekend" is task
// text far more often than a forgotten schedule). When one is still in the task text after the schedule phrase
// is cut out, the phrase was read only in part, and the parser refuses instead of guessing.
// Patterns run on normalized text (lower case, half-width) and are linear: no nested quantifiers.

const EN: RegExp[] = [
  /(?<![a-z])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|thu|thur|thurs|fri)s?(?![a-z])/,
  /(?<![a-z])(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)(?![a-z])/,
  /(?<![a-z])may\s+\d/,
  // 9:30 (a clock, hour ≤ 23); with a dot only before am/pm: "v2.10", "python 3.12", "65.50" are numbers
  /(?<![0-9.:])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?![0-9])|(?<![0-9.])\d{1,2}\.\d{2}\s*(?:am|pm)(?![a-z])/,
  /(?<![0-9a-z])\d{1,4}\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])/,
  /(?<![a-z])(?:noon|midnight|every|weekdays?|workdays?|fortnightly|nightly|weeknights?)(?![a-z])/,
  /(?<![a-z])(?:at|on|from|until|till|by)\s+(?:\d|noon|midnight|the\s+\d)/,
  // a duration after "for" is how long the task lasts ("meditate for 3 minutes"), not when it fires
  /(?<![a-z0-9.])(?<!(?<![a-z])for\s+)\d{1,6}(?:\.\d{1,3})?\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhdw])(?![a-z0-9])/,
  /(?<![0-9])\d{1,2}(?:st|nd|rd|th)(?![a-z])/,
  /(?<![0-9])\d{4}-\d{1,2}-\d{1,2}|(?<![0-9/])\d{1,2}\/\d{1,2}(?![0-9])/,
  /(?<![a-z])(?:once|twice|thrice|\d{1,3}\s+times)\s+(?:a|an|per|each|every)\s+(?:day|week|fortnight|month|quarter|year|hour)(?![a-z])/,
  // an exception to the repetition written after the task text ("every day at 9 standup except weekends")
  /(?<![a-z])except\s+(?:on\s+)?(?:weekends?|(?:public\s+|bank\s+)?holidays?)(?![a-z])/,
];

const ZN = '[0-9零〇一二两三四五六七八九十百]';
const ZH: RegExp[] = [
  new RegExp(`每(?:隔)?${ZN}{0,6}个?(?:半)?(?:天|日|周|星期|礼拜|月|年|小时|钟头|分钟|分|秒|工作日|季度?|早|晚)`),
  /(?:周|星期|礼拜)(?:[一二三四五六日天七]|[1-7](?![0-9]))|工作日/,
  /[0-9]{1,2}\s*[点时](?!心|评)|(?:[二两三四五六七八九]|十[一二]?)\s*[点时](?!心|评)/,
  new RegExp(`${ZN}{1,3}\\s*号(?![楼线机位房门厅室口床桌码])`),
  new RegExp(`${ZN}{1,4}\\s*月\\s*${ZN}{1,3}\\s*[日号]?`),
  new RegExp(`(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|凌晨|半夜|午夜|深夜)\\s*${ZN}`),
  new RegExp(`${ZN}{1,6}\\s*个?半?\\s*(?:小时|钟头|分钟|秒钟?|天|周|星期|个月)\\s*(?:后|以后|之后)`),
  new RegExp(`[0-9]{1,6}\\s*(?:小时|分钟|秒)`),
  /单周|双周/,
  // 每天9点 除周末 打卡, 周末除外: a weekday set the repetition does not have
  /除了?\s*(?:周末|周[一二三四五六日天1-7]|星期[一二三四五六日天]|工作日|节假日|假期|节日)|(?:周末|节假日|假期|节日)\s*除外/,
  // an end or a count of the repetition written after the task text (每天9点 打卡 到3月底 / 共5次)
  new RegExp(`${ZN}{1,4}\\s*月\\s*(?:底|末|初)`),
  new RegExp(`${ZN}{1,3}\\s*(?:天|个?(?:周|星期|礼拜)|个月|年|个?小时)\\s*${ZN}{1,3}\\s*[次遍回趟](?!性)`),
];

// One pass that says whether any of the patterns matches: most task text holds no schedule word,
// and one scan costs less than twelve calls. Which word is named is still decided in order.
const union = (res: RegExp[]) => new RegExp(res.map((re) => `(?:${re.source})`).join('|'));
const EN_ANY = union(EN);
const ZH_ANY = union(ZH);

// "in" and "by" are left out: "check in", "stop by" end task text as often as they open a time
const DANGLING_BEFORE = /(?<![a-z])(?:at|on|every|each|from|until|till|starting)\s*$/;
const DANGLING_AFTER = /^\s*(?:at|on|every|from|until|till)(?![a-z])/;

const byLength = (names: string[]) => [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const ZH_WEEK_END = /(?:周|星期|礼拜)$/;
// a named day the holiday table does not know, next to the phrase ("memorial day at 10am bbq"),
// and a day counted from one ("the day before thanksgiving")
const EN_UNKNOWN_DAY = '(?:memorial|labor|presidents|president\'s|presidents\'|mlk|independence|veterans|columbus|boxing|patriots|patriots\')\\s+day|easter(?:\\s+(?:sunday|monday))?';
const EN_UNKNOWN_BEFORE = new RegExp(`(?<![a-z])(?:${EN_UNKNOWN_DAY}|(?:the\\s+)?day\\s+(?:before|after))\\s*(?:at|on)?\\s*$`);
const EN_UNKNOWN_AFTER = new RegExp(`^\\s*(?:on\\s+)?(?:${EN_UNKNOWN_DAY})(?![a-z])`);
// an end or a count of the repetition written at the end of the message, after the task text
// (每天9点 打卡 到3月底 / 共3次 / 持续一周); inside the task text (检查持续3天以上的告警) it is the task's
const ZH_TRAILING_LIMIT = new RegExp(
  `(?:(?:共|一共|总共)\\s*${ZN}{1,4}\\s*次|(?:持续|连续)\\s*${ZN}{1,3}\\s*个?(?:天|周|星期|礼拜|月)|(?:到|至|直到|截止到?|截至)\\s*(?:${ZN}{1,4}\\s*月\\s*(?:底|末|初|${ZN}{1,3}\\s*[日号])|月底|月末|年底|周末|周[一二三四五六日天]|${ZN}{1,2}\\s*[日号]))\\s*(?:为止|止)?\\s*[。.!！]?\\s*$|为止\\s*[。.!！]?\\s*$`,
);
// a span that limits the repetition, written before it: 接下来3天每天9点, 本周每天9点, this week
const ZH_SPAN_BEFORE = new RegExp(`(?:(?:接下来|未来|今后)\\s*的?\\s*${ZN}{1,3}\\s*个?(?:天|周|星期|礼拜|月)|本周|这周|这个?星期|本月|这个月)\\s*的?\\s*$`);
// 今年 / 明年 / 2027年 next to the phrase (元旦 今年计划, 去年元旦); elsewhere it is task text
const ZH_YEAR_BEFORE = /(?:去年|今年|明年|后年|前年|[0-9]{4}\s*年)\s*的?\s*$/;
const ZH_YEAR_AFTER = /^\s*(?:去年|今年|明年|后年|前年|[0-9]{4}\s*年)/;
// a holiday the table does not know, next to the phrase (清明节 9点 扫墓, 双十一 0点)
const ZH_UNKNOWN = '(?:清明节?|七夕节?|重阳节?|腊八节?|小年|冬至|立春|立秋|夏至|寒食节?|双十一|双11|双十二|双12|618)';
const ZH_UNKNOWN_DAY = new RegExp(`${ZH_UNKNOWN}\\s*$`);
const ZH_UNKNOWN_DAY_AFTER = new RegExp(`^\\s*${ZH_UNKNOWN}`);
// 每周一前, 每月15号前: before a day is not on it (前端, 前天, 前往… are words of their own)
const ZH_BEFORE_AFTER = /^\s*(?:之前|以前|前(?![端台后天年往进面排三五十方线景]))/;
// a clock time in the phrase: then 下班前 after it is the task's (每周五17点 下班前清理工位)
const HAS_CLOCK = /[0-9一二两三四五六七八九十]\s*[点时]|[0-9]:[0-9]/;
// 03-20 (a month and day with a leading zero) left in the text
const MMDD = /(?<![0-9-])0[1-9]-[0-3][0-9](?![0-9-])/;
// what follows 每周 without being a weekday: 天气 (每周天气预报), a count (每周三次)
const NOT_A_WEEKDAY = /^(?:天气|[一二三四五六日天七]\s*[次遍回趟])/;
const ZH_OFFSET_AFTER = /^\s*(?:前|后|之前|之后|以前|以后)(?:\s*[0-9一二两三四五六七八九十]{1,3}\s*(?:天|日))?/;
const ZH_MOMENT_AFTER = /^\s*(?:下班|上班|午饭|午休|晚饭|早饭|饭|睡觉|睡|起床)(?:前|后|以前|以后|之前|之后|时)/;
const ZH_WEEKEND_BEFORE = /(?<![每个])周末\s*$/;
const ZH_PART_END = /(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|早|晚)$/;
const ZH_SECOND_PART_AFTER = /^\s*(?:和|及|、|与)\s*(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里)/;
const ZH_DOM_AFTER = /^(?:\s*[0-9]{1,2}(?![0-9号日]))|^\s*(?:中旬|上旬|下旬|中)/;
const ZH_NOW_AFTER = /^\s*(?:这个?时候|这个?时间|此时|同一时间)/;
const ZH_LUNAR_DAY_AFTER = /^初[一二三四五六七八九十]/;
const ZH_NIGHT_AFTER = /^(?:凌晨|半夜|深夜)/;
const ZH_PERIOD_END = /(?:天|日|周|星期|礼拜|月|年|小时|钟头|分钟|季度?)$/;
const ZH_TIMES_AFTER = /^\s*[0-9零〇一二两三四五六七八九十]{1,3}\s*[次遍回趟](?!性)/;
const ZH_HOLIDAY_END = new RegExp(`(?:${byLength(Object.keys(ZH_HOLIDAYS))})$`);
const EN_HOLIDAY_END = new RegExp(`(?<![a-z])(?:${byLength(Object.keys(EN_HOLIDAYS))})\\s*$`);
const EN_HOLIDAY_START = new RegExp(`^\\s*(?:on\\s+)?(?:(?:this|next|last|coming)\\s+)?(?:${byLength(Object.keys(EN_HOLIDAYS))})(?![a-z])`);
const EVE_AFTER = /^\s*eve(?![a-z])/;
const WHICH_BEFORE = /(?<![a-z])(?:this|next|last|coming)\s*$/;

// A piece of a schedule expression cut off at the edge of the phrase that was read: 天 after
// 每个星期, 节 after 元旦, "eve" after "new year's", "next" before "christmas". Whatever the
// grammar reads today, such a piece left as task text means the phrase was read in part.
function fragmentAtCut(before: string, phrase: string, after: string): string | null {
  // The Chinese pieces each need a CJK character on their side of the cut: English task text
  // skips them (the order of the checks, which decides the word named, is kept).
  const zhBefore = hasCjk(before);
  const zhAfter = hasCjk(after);
  const next = after.charAt(0);
  if (zhAfter) {
    if ('一二三四五六日天七'.includes(next) && next !== '' && ZH_WEEK_END.test(phrase) && !NOT_A_WEEKDAY.test(after)) return next;
    // 凌晨, 半夜, 深夜 with no clock time name no hour
    const night = ZH_NIGHT_AFTER.exec(after);
    if (night) return night[0];
    // 每天下班前 写日报: a moment of the day the grammar does not know (下班前 is not 09:00)
    const moment = ZH_MOMENT_AFTER.exec(after);
    if (moment && !HAS_CLOCK.test(phrase)) return moment[0].trim();
  }
  if (zhBefore) {
    // 周末 10点 爬山: which day of the weekend is not said
    const weekend = ZH_WEEKEND_BEFORE.exec(before);
    if (weekend) return weekend[0].trim();
  }
  const year = (zhBefore ? ZH_YEAR_BEFORE.exec(before) : null) ?? (zhAfter ? ZH_YEAR_AFTER.exec(after) : null);
  if (year) return year[0].trim();
  // (after a repetition the name is the task's: 每天9点 七夕活动); 618 is written in digits
  const unknown = phrase.includes('每') ? null : (ZH_UNKNOWN_DAY.exec(before) ?? ZH_UNKNOWN_DAY_AFTER.exec(after));
  if (unknown) return unknown[0].trim();
  if (zhBefore) {
    const span = ZH_SPAN_BEFORE.exec(before);
    if (span) return span[0].trim();
  }
  if (zhAfter) {
    const limit = ZH_TRAILING_LIMIT.exec(after);
    if (limit) return limit[0].trim();
    const beforeDay = ZH_BEFORE_AFTER.exec(after);
    if (beforeDay && /[一二三四五六日天七号日]$/.test(phrase)) return beforeDay[0].trim();
    // 每天早上和晚上 打卡: a second part of the day after the first
    const second = ZH_SECOND_PART_AFTER.exec(after);
    if (second && ZH_PART_END.test(phrase)) return second[0].trim();
  }
  // 每月15 对账, 每月中旬: a day of the month without 号, or a part of it
  if (phrase.endsWith('月')) {
    const dom = ZH_DOM_AFTER.exec(after);
    if (dom) return dom[0].trim();
  }
  if (zhAfter) {
    // 中秋节前一天, 国庆节后两天, 春节前: a day counted from the holiday; 明天这个时候: the time of writing
    const off = ZH_OFFSET_AFTER.exec(after);
    if (off && ZH_HOLIDAY_END.test(phrase)) return off[0];
    const now = ZH_NOW_AFTER.exec(after);
    if (now) return now[0];
    // 每月初三: a day of the lunar month
    const lunar = ZH_LUNAR_DAY_AFTER.exec(after);
    if (lunar && phrase.endsWith('月')) return lunar[0];
    const often = ZH_TIMES_AFTER.exec(after);
    if (often && ZH_PERIOD_END.test(phrase)) return often[0].trim();
    if (next === '节' && ZH_HOLIDAY_END.test(phrase)) return next;
  }
  const eve = EVE_AFTER.exec(after);
  if (eve && EN_HOLIDAY_END.test(phrase)) return eve[0].trim();
  const which = WHICH_BEFORE.exec(before);
  if (which && EN_HOLIDAY_START.test(phrase)) return which[0].trim();
  return null;
}

/** The first schedule word in `text` (normalized), or null. */
export function scheduleWord(text: string): string | null {
  if (text.length === 0) return null;
  if (EN_ANY.test(text)) {
    for (const re of EN) {
      const m = re.exec(text);
      if (m) return m[0].trim();
    }
  }
  // every Chinese pattern needs a CJK character
  if (!hasCjk(text) || !ZH_ANY.test(text)) return null;
  for (const re of ZH) {
    const m = re.exec(text);
    if (m) return m[0].trim();
  }
  return null;
}

// True when s[from, to) holds a letter, a digit or any non-ASCII character: a side of the cut
// with nothing but spaces and ASCII punctuation holds no schedule word, zone or fragment.
function readable(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) return true;
  }
  return false;
}

/**
 * What in the task text, around a schedule phrase cut out at [start, end) of normalized `s`,
 * still reads as schedule: a schedule word anywhere, or a preposition left hanging at the cut.
 */
export function leftoverWord(s: string, start: number, end: number): string | null {
  if (!readable(s, 0, start) && !readable(s, end, s.length)) return null;
  const before = s.slice(0, start);
  const after = s.slice(end);
  const zone = zoneNextTo(s, start, end);
  if (zone) return zone.word;
  const named = EN_UNKNOWN_BEFORE.exec(before) ?? EN_UNKNOWN_AFTER.exec(after);
  if (named) return named[0].trim();
  const mmdd = MMDD.exec(before) ?? MMDD.exec(after);
  if (mmdd) return mmdd[0];
  const hang = DANGLING_BEFORE.exec(before) ?? DANGLING_AFTER.exec(after);
  if (hang) return hang[0].trim();
  const piece = fragmentAtCut(before, s.slice(start, end), after);
  if (piece) return piece;
  return scheduleWord(before) ?? scheduleWord(after);
}

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', '《': '》' };
const OPENING_QUOTE = /["“「『《]/;

// A message template's placeholder ({date}, {日期}, {today}): filled at fire time, never schedule.
const PLACEHOLDER = /\{[\p{L}\p{N}_]+\}/gu;

/**
 * `text` with every quoted span ("…", “…”, 「…」, 『…』, 《…》) and every {placeholder} blanked out,
 * quotes and braces included, one character for one, so positions still match: quoted text is
 * task text, never schedule.
 */
export function maskQuotes(text: string): string {
  if (text.includes('{')) text = text.replace(PLACEHOLDER, (m) => '\u0001'.repeat(m.length));
  if (!OPENING_QUOTE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const close = QUOTES[text[i]];
    const j = close ? text.indexOf(close, i + 1) : -1;
    if (j < 0) {
      out += text[i];
      continue;
    }
    out += '\u0001'.repeat(j - i + 1);
    i = j;
  }
  return out;
}
