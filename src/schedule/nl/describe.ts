import type { Lang, Schedule, Window } from '../../domain/index.ts';
import { dayRule } from '../cron-fields.ts';
import { parseDuration } from '../duration.ts';
import { toZonedIso, wallTime } from '../zone.ts';

const EN_DOW = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ZH_DOW = ['日', '一', '二', '三', '四', '五', '六'];
const EN_MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY = 86_400_000;

// Compiled once: a regex literal in a function body is a new object on every call.
const NUMBER = /^\d+$/;
const NUM_LIST = /^\d+(,\d+)*$/;
const RANGE = /^(\d+)-(\d+)$/;
const STEPPED_RANGE = /^(\d+)-(\d+)(?:\/(\d+))?$/;
const NTH = /^(\d)#(\d|L)$/;
const SPACES = /\s+/;

const p2 = (n: number) => String(n).padStart(2, '0');

function enList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}

function isNum(f: string): boolean {
  return NUM_LIST.test(f);
}

function expand(f: string): number[] {
  const out: number[] = [];
  // (a plain loop: split + flatMap made an array per part of every field described)
  for (const part of f.split(',')) {
    const r = part.includes('-') ? RANGE.exec(part) : null;
    if (!r) {
      out.push(Number(part));
      continue;
    }
    for (let i = Number(r[1]); i <= Number(r[2]); i++) out.push(i);
  }
  return out;
}

/** Describes a schedule and its limits in the reader's language. */
export function describeSchedule(s: Schedule, w: Window, lang: Lang): string {
  const base = lang === 'zh' ? describeZh(s) : describeEn(s);
  return base + limits(s, w, lang);
}

function limits(s: Schedule, w: Window, lang: Lang): string {
  let out = '';
  if (w.endAt != null) {
    const t = wallTime(w.endAt, s.tz);
    out += lang === 'zh' ? `，截至 ${t.year}-${p2(t.month)}-${p2(t.day)}` : ` until ${t.year}-${p2(t.month)}-${p2(t.day)}`;
  }
  if (w.maxRuns != null) out += lang === 'zh' ? `，共 ${w.maxRuns} 次` : ` for ${w.maxRuns} time${w.maxRuns === 1 ? '' : 's'}`;
  return out;
}

function clock(minute: string, hour: string, lang: Lang): string | null {
  if (!NUMBER.test(minute) || !isNum(hour)) return null;
  const hs = expand(hour).map((h) => `${p2(h)}:${p2(Number(minute))}`);
  return lang === 'zh' ? hs.join('、') : enList(hs);
}

function describeEn(s: Schedule): string {
  const tz = ` (${s.tz})`;
  if (s.kind === 'once') {
    const t = wallTime(s.anchor ?? Date.parse(s.expr), s.tz);
    return `once on ${t.year}-${p2(t.month)}-${p2(t.day)} at ${p2(t.hour)}:${p2(t.minute)}${t.second ? `:${p2(t.second)}` : ''}${tz}`;
  }
  if (s.kind === 'every') {
    const ms = parseDuration(s.expr);
    const anchor = s.anchor ?? 0;
    if (ms % DAY === 0) {
      const t = wallTime(anchor, s.tz);
      const at = `${p2(t.hour)}:${p2(t.minute)}`;
      const days = ms / DAY;
      if (days % 7 === 0) {
        const weeks = days / 7;
        return `every ${weeks === 1 ? 'week' : weeks === 2 ? 'other week' : `${weeks} weeks`} on ${EN_DOW[t.weekday]} at ${at}${tz}`;
      }
      return `every ${days === 1 ? 'day' : days === 2 ? 'other day' : `${days} days`} at ${at}${tz}`;
    }
    return `every ${enDuration(ms)}${tz}`;
  }
  const f = s.expr.trim().split(SPACES);
  const rule = dayRule(s.expr);
  if (rule !== 'single') return `cron ${s.expr}${tz}, ${rule === 'or' ? 'on either the day of month or the day of week' : 'only when the day of month and the day of week both match'}`;
  if (f.length !== 5) return `cron ${s.expr}${tz}`;
  const [mi, h, dom, mon, dow] = f;
  const range = STEPPED_RANGE.exec(h);
  if (range && NUMBER.test(mi) && dom === '*' && (mon === '*' || isNum(mon))) {
    const step = Number(range[3] ?? 1);
    const days = dow === '*' ? '' : ` on ${dow === '1-5' ? 'weekdays' : dowEn(dow) ?? dow}`;
    const months = mon === '*' ? '' : ` in ${enList(expand(mon).map((m) => EN_MONTH[m - 1]))}`;
    return `every ${step === 1 ? 'hour' : `${step} hours`} from ${p2(Number(range[1]))}:${p2(Number(mi))} to ${p2(Number(range[2]))}:${p2(Number(mi))}${days}${months}${tz}`;
  }
  const at = clock(mi, h, 'en');
  if (!at) return `cron ${s.expr}${tz}`;
  const nth = NTH.exec(dow);
  const nthText = nth ? `${nth[2] === 'L' ? 'last' : ordinal(Number(nth[2]))} ${EN_DOW[Number(nth[1]) % 7]}` : null;
  if (mon === '*' && dom === '*') {
    if (dow === '*') return `every day at ${at}${tz}`;
    if (nthText) return `every ${nthText} of the month at ${at}${tz}`;
    const d = dowEn(dow);
    if (d) return `every ${d} at ${at}${tz}`;
  }
  if (isNum(mon) && dom === '*') {
    const ms = enList(expand(mon).map((m) => EN_MONTH[m - 1]));
    if (dow === '*') return `every day in ${ms} at ${at}${tz}`;
    const d = dowEn(dow);
    if (d && !nthText) return `every ${d} in ${ms} at ${at}${tz}`;
  }
  if (mon === '*' && dow === '*') {
    if (dom === 'L') return `every last day of the month at ${at}${tz}`;
    if (dom === 'LW') return `every last working day of the month (Monday to Friday) at ${at}${tz}`;
    if (dom === '1W') return `every first working day of the month (Monday to Friday) at ${at}${tz}`;
    if (isNum(dom)) return `every month on the ${enList(expand(dom).map(ordinal))} at ${at}${tz}`;
  }
  if (isNum(mon) && dow === '*' && isNum(dom) && !mon.includes(',')) return `every year on ${EN_MONTH[Number(mon) - 1]} ${Number(dom)} at ${at}${tz}`;
  if (isNum(mon) && dom === '*' && nthText && !mon.includes(',')) return `every year on the ${nthText} of ${EN_MONTH[Number(mon) - 1]} at ${at}${tz}`;
  if (isNum(mon) && dow === '*' && isNum(dom)) {
    const ms = expand(mon).map((m) => EN_MONTH[m - 1]);
    return `every ${enList(ms)} on the ${enList(expand(dom).map(ordinal))} at ${at}${tz}`;
  }
  return `cron ${s.expr}${tz}`;
}

function dowEn(dow: string): string | null {
  if (dow === '1-5') return 'weekday';
  if (dow === '0,6') return 'Saturday and Sunday';
  if (!isNum(dow)) return null;
  return enList(expand(dow).map((d) => EN_DOW[d % 7]));
}

function dowZh(dow: string): string | null {
  if (dow === '1-5') return '个工作日';
  if (dow === '0,6') return '周六、周日';
  if (!isNum(dow)) return null;
  return `周${expand(dow).map((d) => ZH_DOW[d % 7]).join('、')}`;
}

function enDuration(ms: number): string {
  const units: Array<[number, string]> = [[3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms % size === 0) {
      const n = ms / size;
      return n === 1 ? name : `${n} ${name}s`;
    }
  }
  return `${ms} ms`;
}

function zhDuration(ms: number): string {
  const units: Array<[number, string]> = [[3_600_000, '小时'], [60_000, '分钟'], [1000, '秒']];
  for (const [size, name] of units) if (ms % size === 0) return `${ms / size}${name}`;
  return `${ms}毫秒`;
}

function describeZh(s: Schedule): string {
  if (s.kind === 'once') {
    const t = wallTime(s.anchor ?? Date.parse(s.expr), s.tz);
    return `${t.year}年${t.month}月${t.day}日 ${p2(t.hour)}:${p2(t.minute)}${t.second ? `:${p2(t.second)}` : ''}（一次）`;
  }
  if (s.kind === 'every') {
    const ms = parseDuration(s.expr);
    if (ms % DAY === 0) {
      const t = wallTime(s.anchor ?? 0, s.tz);
      const at = `${p2(t.hour)}:${p2(t.minute)}`;
      const days = ms / DAY;
      if (days % 7 === 0) return `每${days === 7 ? '' : days === 14 ? '两' : days / 7}周周${ZH_DOW[t.weekday]} ${at}`;
      return `每${days}天 ${at}`;
    }
    return `每${zhDuration(ms)}`;
  }
  const f = s.expr.trim().split(SPACES);
  const rule = dayRule(s.expr);
  if (rule !== 'single') return `cron 表达式 ${s.expr}，${rule === 'or' ? '日期或星期任一匹配即触发' : '日期和星期同时匹配才触发'}`;
  if (f.length !== 5) return `cron 表达式 ${s.expr}`;
  const [mi, h, dom, mon, dow] = f;
  const range = STEPPED_RANGE.exec(h);
  if (range && NUMBER.test(mi) && dom === '*' && (mon === '*' || isNum(mon))) {
    const step = Number(range[3] ?? 1);
    const days = dow === '*' ? '每天' : `每${dowZh(dow) ?? dow}`;
    const months = mon === '*' ? '' : `${expand(mon).join('、')}月`;
    return `${months}${days} ${p2(Number(range[1]))}:${p2(Number(mi))} 到 ${p2(Number(range[2]))}:${p2(Number(mi))} 每${step}小时`;
  }
  const at = clock(mi, h, 'zh');
  if (!at) return `cron 表达式 ${s.expr}`;
  const nth = NTH.exec(dow);
  const nthText = nth ? `${nth[2] === 'L' ? '最后一个' : `第${nth[2]}个`}周${ZH_DOW[Number(nth[1]) % 7]}` : null;
  if (mon === '*' && dom === '*') {
    if (dow === '*') return `每天 ${at}`;
    if (nthText) return `每月${nthText} ${at}`;
    const d = dowZh(dow);
    if (d) return `每${d} ${at}`;
  }
  if (isNum(mon) && dom === '*') {
    const ms = `${expand(mon).join('、')}月`;
    if (dow === '*') return `${ms}每天 ${at}`;
    const d = dowZh(dow);
    if (d && !nthText) return `${ms}每${d} ${at}`;
  }
  if (mon === '*' && dow === '*') {
    if (dom === 'L') return `每月最后一天 ${at}`;
    if (dom === 'LW') return `每月最后一个工作日（周一至周五） ${at}`;
    if (dom === '1W') return `每月第一个工作日（周一至周五） ${at}`;
    if (isNum(dom)) return `每月${expand(dom).map((d) => `${d}号`).join('和')} ${at}`;
  }
  if (isNum(mon) && dow === '*' && isNum(dom) && !mon.includes(',')) return `每年${Number(mon)}月${Number(dom)}日 ${at}`;
  if (isNum(mon) && dom === '*' && nthText && !mon.includes(',')) return `每年${Number(mon)}月${nthText} ${at}`;
  if (isNum(mon) && dow === '*' && isNum(dom)) return `每年${expand(mon).join('、')}月的${expand(dom).join('、')}号 ${at}`;
  return `cron 表达式 ${s.expr}`;
}

/** The next fire instants as ISO strings with the zone's offset. */
export function formatNext(instants: number[], tz: string): string[] {
  return instants.map((ms) => toZonedIso(ms, tz));
}
