// Chinese restriction clauses (restrict.ts): cRonstrue's zh_CN wording (在上午 09:30, 仅星期一;
// 限每月 1 号, 每隔 3 个月; 一月至三月; 仅于二月份) and people's 限每月3号, 仅星期五.
import { NlError, noonOrMidnight } from './errors.ts';
import { type Clause, ClauseTable, type Fields, once, readClauses, type Restricted, toSpec } from './restrict.ts';
import { num } from './zh-lexicon.ts';

const N = '(\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})';
const PART = '(上午|下午|晚上|早上|中午|凌晨)?';
const CLOCK = `${PART}\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2}))?`;
const DAY = '(?:星期|周|礼拜)([一二三四五六日天])';
const DOW_LIST = `${DAY}(?:\\s*(?:,|、|和|及)\\s*(?:和\\s*)?${DAY})*`;
const MONTH = `${N}\\s*月份?`;
const re = (src: string) => new RegExp(src, 'y');

const DOW: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const NTH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

// cRonstrue writes 12-hour times after 上午 / 下午 (在上午 12:00 is its midnight, noon to many: asked); 24-hour ones alone
function clock(part: string | undefined, h: string, m: string, s: string | undefined): [number, number, number] | null {
  let hour = Number(h);
  const minute = Number(m);
  if (minute > 59 || (s && Number(s) > 59) || hour > 23) return null;
  if (part === '上午' || part === '早上') {
    if (hour > 12) return null;
    if (hour === 12) throw noonOrMidnight();
  } else if (part === '凌晨') {
    if (hour > 12) return null;
    if (hour === 12) hour = 0;
  } else if (part === '下午' || part === '晚上') {
    if (hour > 12 && hour < 18 && part === '晚上') return null;
    if (hour < 12) hour += 12;
  } else if (part === '中午' && hour !== 12 && hour > 2) return null;
  return [hour, minute, s ? Number(s) : 0];
}

const all = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);
const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b).join(',');

const CLAUSES = new ClauseTable([
  // 在 上午 09:00 和 下午 05:00 之间: a span of hours
  {
    first: '在', re: re(`在\\s*${CLOCK}\\s*和\\s*${CLOCK}\\s*之间`),
    marker: true,
    apply: (m, f) => {
      const a = clock(m[1], m[2], m[3], m[4]);
      const b = clock(m[5], m[6], m[7], m[8]);
      if (!a || !b || a[1] !== 0 || (b[1] !== 0 && b[1] !== 59) || a[0] >= b[0] || f.hourRange) return false;
      f.hourRange = [a[0], b[0]];
      return true;
    },
  },
  // 在 上午 09:00, 下午 02:30 和 下午 05:00: several hours at one minute
  {
    first: '在', re: re(`在\\s*${CLOCK}(?:\\s*,\\s*${CLOCK})*\\s*和\\s*${CLOCK}(?!\\s*之间)`),
    apply: (m, f) => {
      const ts = [...m[0].matchAll(new RegExp(CLOCK, 'g'))].map((x) => clock(x[1], x[2], x[3], x[4]));
      if (ts.some((t) => !t || t[1] !== ts[0]![1] || t[2]) || f.hours !== undefined) return false;
      f.hours = [...new Set(ts.map((t) => t![0]))].sort((x, y) => x - y);
      f.min = ts[0]![1];
      return true;
    },
  },
  {
    first: '在上下晚早中凌0123456789', re: re(`在?\\s*${CLOCK}`),
    apply: (m, f) => {
      const t = clock(m[1], m[2], m[3], m[4]);
      if (!t || f.hours !== undefined) return false;
      f.hours = [t[0]];
      f.min = t[1];
      if (t[2]) f.sec = t[2];
      return true;
    },
  },
  // 10点, 下午5点, 9点半, 15点30分15秒: the grammar's clock, so that 限每月3号 10点 is read whole
  {
    first: '上下晚早中凌0123456789零〇一二两三四五六七八九十', re: re(`${PART}\\s*${N}\\s*[点时](?:\\s*(半)|\\s*${N}\\s*分(?:\\s*${N}\\s*秒)?)?`),
    apply: (m, f) => {
      let h = num(m[2]);
      const part = m[1];
      if (part === '下午' || part === '晚上') h = h < 12 ? h + 12 : h;
      else if ((part === '上午' || part === '早上') && h === 12) h = 12;
      else if (part === '凌晨' && h === 12) h = 0;
      if (h > 23 || (part === '晚上' && (h < 17 || h > 23)) || f.hours !== undefined) return false;
      const min = m[3] ? 30 : m[4] ? num(m[4]) : 0;
      const sec = m[5] ? num(m[5]) : 0;
      if (min > 59 || sec > 59) return false;
      f.hours = [h];
      f.min = min;
      if (sec) f.sec = sec;
      return true;
    },
  },
  { first: '每', re: re('每天'), apply: () => true },
  { first: '整', re: re('整点'), apply: (_m, f) => f.min === undefined && ((f.min = 0), true) },
  { first: '每', re: re('每小时'), apply: (_m, f) => f.hourStep === undefined && ((f.hourStep = 1), true) },
  { first: '每', re: re(`每隔\\s*${N}\\s*(?:个)?小时`), apply: (m, f) => f.hourStep === undefined && ((f.hourStep = num(m[1])), f.hourStep > 0 && f.hourStep < 24) },
  { first: '每', re: re(`每隔\\s*${N}\\s*个?月`), apply: (m, f) => f.monthStep === undefined && ((f.monthStep = num(m[1])), f.monthStep > 1 && f.monthStep < 12) },
  // 限每月的最后一天 / 最后一个工作日 / 第三个 星期六 / 最后一个星期五
  { first: '限每', re: re('(限)?\\s*每月的?\\s*最后一天'), apply: (m, f) => ((f.markers += m[1] ? 1 : 0), once(f, 'dom', 'L')) },
  { first: '限每', re: re('(限)?\\s*每月的?\\s*最后一个\\s*工作日'), apply: (m, f) => ((f.markers += m[1] ? 1 : 0), once(f, 'dom', 'LW')) },
  {
    first: '限每', re: re(`(限)?\\s*每月的?\\s*(?:第([一二三四五])个|(最后一)个)\\s*${DAY}`),
    apply: (m, f) => ((f.markers += m[1] ? 1 : 0), once(f, 'dow', m[3] ? `${DOW[m[4]]}L` : `${DOW[m[4]]}#${NTH[m[2]]}`)),
  },
  // 限每月的 1 号 至 7 号 之间; 限每月 1 号, 15 号, 和 28 号; 限每月3号
  {
    first: '限每', re: re(`(限)?\\s*每月的?\\s*${N}\\s*[号日]\\s*(?:至|到)\\s*${N}\\s*[号日]\\s*(?:之间)?`),
    apply: (m, f) => {
      const a = num(m[2]);
      const b = num(m[3]);
      f.markers += m[1] ? 1 : 0;
      return a >= 1 && a < b && b <= 31 && once(f, 'dom', `${a}-${b}`);
    },
  },
  {
    first: '限每', re: re(`(限)?\\s*每月的?\\s*(${N}\\s*[号日](?:\\s*(?:,|、|和)\\s*(?:和\\s*)?${N}\\s*[号日])*)`),
    apply: (m, f) => {
      const ds = all(m[2], /(\d{1,2}|[零〇一二两三四五六七八九十]{1,3})\s*[号日]/g).map(num);
      f.markers += m[1] ? 1 : 0;
      return ds.every((d) => d >= 1 && d <= 31) && once(f, 'dom', sorted(ds));
    },
  },
  // 一月至三月, 三月至十二月
  {
    first: '0123456789零〇一二两三四五六七八九十', re: re(`${MONTH}\\s*(?:至|到)\\s*${MONTH}`),
    marker: true,
    apply: (m, f) => {
      const a = num(m[1]);
      const b = num(m[2]);
      return a >= 1 && a < b && b <= 12 && once(f, 'month', `${a}-${b}`);
    },
  },
  // 仅于二月份, 仅于一月 和 三月份
  {
    first: '仅限', re: re(`(?:仅|限)\\s*于?\\s*(${MONTH}(?:\\s*(?:,|、|和)\\s*(?:和\\s*)?${MONTH})*)`),
    marker: true,
    apply: (m, f) => {
      const ms = all(m[1], /(\d{1,2}|[零〇一二两三四五六七八九十]{1,3})\s*月/g).map(num);
      return ms.every((x) => x >= 1 && x <= 12) && once(f, 'month', sorted(ms));
    },
  },
  // 星期一至星期五
  {
    first: '星周礼', re: re(`${DAY}\\s*(?:至|到|-)\\s*${DAY}`),
    apply: (m, f) => DOW[m[1]] < DOW[m[2]] && DOW[m[1]] > 0 && once(f, 'dow', `${DOW[m[1]]}-${DOW[m[2]]}`),
  },
  // 仅星期一, 星期三, 和 星期五; 仅星期五; 限每周一
  {
    first: '仅限', re: re(`(?:仅|限)\\s*(?:于|在)?\\s*(?:每)?\\s*(${DOW_LIST})`),
    marker: true,
    apply: (m, f) => once(f, 'dow', sorted(all(m[1], /([一二三四五六日天])/g).map((d) => DOW[d]))),
  },
]);

const SEP = /[\s,、]*/y;
const TRIGGER = /仅|限|至|之间|每隔|整点|每天|每小时|在\s*(?:上午|下午|晚上|早上|中午|凌晨)?\s*\d/;
// A reading is taken only with a restriction clause (仅, 限, 之间, a month span) or comma-joined
// clauses, or a clock that asks (上午 12:00): without any of them (每天9点) no start gives one.
const MARKER_OR_COMMA = /仅|限|之间|,|月份?\s*(?:至|到)|(?:上午|早上)\s*12:/;
const OPENS = new Set([...'在仅限每星周礼整上下晚早中凌一二三四五六七八九十0123456789'].map((ch) => ch.charCodeAt(0)));

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** A repetition written as restrictions, read from normalized Chinese text `s`. */
export function restrictionChinese(s: string): Restricted | null {
  if (!TRIGGER.test(s) || !MARKER_OR_COMMA.test(s)) return null;
  for (let start = 0; start < s.length; start++) {
    const code = s.charCodeAt(start);
    if (!OPENS.has(code) || (start > 0 && isDigit(code) && isDigit(s.charCodeAt(start - 1)))) continue;
    let r: ReturnType<typeof readClauses>;
    try {
      r = readClauses(s, start, CLAUSES, SEP);
    } catch (err) {
      // a clause that reads two ways (上午 12:00) asks, with the span it was found in
      if (err instanceof NlError) return { error: err, start, end: s.length };
      throw err;
    }
    if (!r || (r.f.markers === 0 && !(r.f.clauses > 1 && /,/.test(s.slice(start, r.end))))) continue;
    try {
      const spec = toSpec(r.f, s.slice(start, r.end).trim());
      return spec ? { spec, start, end: r.end } : null;
    } catch (err) {
      if (err instanceof NlError) return { error: err, start, end: r.end };
      throw err;
    }
  }
  return null;
}
