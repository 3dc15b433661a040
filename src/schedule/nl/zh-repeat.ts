// Chinese repetitions: "每天", "每隔2小时", "每周一、三", "每月最后一天", "每年母亲节", "3月每天".
import { Cursor } from './cursor.ts';
import { fail, NlError, timesPerPeriod } from './errors.ts';
import { FIXED, LUNAR, ZH_HOLIDAY_RE, ZH_HOLIDAYS } from './holidays.ts';
import type { Rec, Spec } from './spec.ts';
import { type Ctx, DOM_NEXT, DOW_MAP, HOUR, MIN, num, PART_HOUR, R, SEC } from './zh-lexicon.ts';

function setRec(spec: Spec, rec: Rec): void {
  const prev = spec.rec;
  if (prev && prev.k === 'days' && rec.k === 'interval') spec.rangeDows = prev.dows;
  // 工作日每天: the second repeats the first
  else if (prev && !(prev.k === 'days' && rec.k === 'days' && (!prev.dows || !rec.dows))) throw fail('two_schedules');
  spec.rec = prev && prev.k === 'days' && rec.k === 'days' && prev.dows && !rec.dows ? prev : rec;
}

// "3月每天", "11月和12月的每个工作日": the months a daily repetition is limited to.
export function monthsPrefix(c: Cursor, spec: Spec): boolean {
  if (spec.months) return false;
  const m = c.eat(R.monthsPre);
  if (!m) return false;
  const months: number[] = [];
  for (const x of m[0].matchAll(/([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月/g)) months.push(num(x[1]));
  if (/至|到/.test(m[3] ?? '') && months.length === 2) for (let k = months[0] + 1; k < months[1]; k++) months.push(k);
  for (const v of months) if (v < 1 || v > 12) throw fail('bad_date');
  spec.months = months;
  return true;
}

function dows(list: string): number[] {
  const out: number[] = [];
  const chars = list.replace(/周|星期|礼拜|\s|、|,|和|及|与/g, '');
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if ((ch === '至' || ch === '到' || ch === '-' || ch === '~') && out.length > 0 && i + 1 < chars.length) {
      const from = out[out.length - 1];
      const to = DOW_MAP[chars[i + 1]];
      const a = from === 0 ? 7 : from;
      const b = to === 0 ? 7 : to;
      for (let d = a + 1; d <= b; d++) out.push(d % 7);
      i++;
      continue;
    }
    if (ch in DOW_MAP) out.push(DOW_MAP[ch]);
  }
  return out;
}

/** 每天, 每隔2小时, 工作日, 隔周三, 周一至周五: the repetition of a phrase. */
export function recurrence(c: Cursor, ctx: Ctx): boolean {
  const spec = ctx.spec;
  const from = c.i;
  if (c.eat(R.altDay)) {
    oncePer(c, from);
    setRec(spec, { k: 'days', n: 2 });
    return true;
  }
  if (c.eat(R.altWeek)) {
    c.eat(R.de);
    const d = c.eat(R.dowList);
    const rec: Rec = { k: 'weeks', n: 2, ...(d ? { dows: dows(d[1]) } : {}) };
    if (!d) oncePer(c, from);
    sundayOrWord(c, from, rec);
    setRec(spec, rec);
    return true;
  }
  const range = c.eat(R.dowRange);
  if (range) {
    setRec(spec, { k: 'days', n: 1, dows: dows(`${range[1]}至${range[2]}`) });
    return true;
  }
  if (c.eat(R.daily)) {
    oncePer(c, from);
    setRec(spec, { k: 'days', n: 1 });
    return true;
  }
  const per = periodOnce(c, from);
  if (per) {
    setRec(spec, per);
    return true;
  }
  const part = c.eat(R.everyPart);
  if (part) {
    const period = part[1] === '早' ? '早上' : part[1] === '晚' || part[1] === '夜' ? '晚上' : part[1];
    ctx.period = period;
    spec.partTod ??= { h: PART_HOUR[period], m: 0 };
    setRec(spec, { k: 'days', n: 1 });
    return true;
  }
  const save = c.i;
  const every = c.eat(R.every);
  if (!every) {
    if (c.eat(R.nonWorkday) || c.eat(R.weekendDaily)) {
      setRec(spec, { k: 'days', n: 1, dows: [0, 6] });
      return true;
    }
    if (c.eat(R.workday)) {
      setRec(spec, { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] });
      return true;
    }
    return false;
  }
  if (c.eat(R.negative)) throw fail('bad_number');
  const rec = everyBody(c, every[1] === '每隔', spec);
  if (rec) oncePer(c, from);
  if (!rec) {
    c.i = save;
    return false;
  }
  sundayOrWord(c, from, rec);
  setRec(spec, rec);
  return true;
}

// 每天一次, 每周一次: once in each period is the period itself; 每周三次 asks for days it does not name.
function oncePer(c: Cursor, from: number): void {
  const t = c.eat(R.perTimes);
  if (t && num(t[1]) !== 1) throw timesPerPeriod(c.s.slice(from, c.i).trim());
}

// 一周一次 (every week), 两周一次 (every two weeks), 三个月一次, 一天三次 (refused): a period
// and how often in it, with no 每.
function periodOnce(c: Cursor, from: number): Rec | null {
  const m = c.eat(R.perPeriod);
  if (!m) return null;
  if (num(m[3]) !== 1) throw timesPerPeriod(c.s.slice(from, c.i).trim());
  const n = num(m[1]);
  if (n === 0) throw fail('zero_interval');
  const unit = m[2].replace('个', '');
  if (unit === '天') return { k: 'days', n };
  if (unit === '月') return { k: 'months', n };
  if (unit === '季度') return { k: 'months', n: 3 * n };
  if (unit === '年') {
    if (n > 1) throw fail('unsupported'); // cron has no year field to step
    return { k: 'years' };
  }
  if (unit === '小时' || unit === '钟头') return { k: 'interval', ms: n * HOUR };
  return { k: 'weeks', n };
}

function everyBody(c: Cursor, gap: boolean, spec?: Spec): Rec | null {
  if (c.eat(R.dayUnit)) return { k: 'days', n: 1 };
  if (c.eat(R.workday)) return { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] };
  if (c.eat(R.nonWorkday)) return { k: 'days', n: 1, dows: [0, 6] };
  if (c.eat(R.weekend)) return { k: 'days', n: 1, dows: [0, 6] };
  const dl = c.eat(R.dowList);
  if (dl) return { k: 'days', n: 1, dows: dows(dl[1]) };
  if (c.eat(R.half)) {
    if (c.eat(R.hourUnit)) return { k: 'interval', ms: 30 * MIN };
    return null;
  }
  const cnt = c.eat(R.count);
  const k = cnt ? num(cnt[1]) : 1;
  const half = cnt ? c.eat(R.andHalf) : null;
  const sub = c.eat(R.sub);
  if (sub) {
    const unit = sub[1].startsWith('秒') ? SEC : sub[1].startsWith('分') ? MIN : HOUR;
    const ms = k * unit + (half ? unit / 2 : 0);
    if (ms <= 0) throw fail('zero_interval');
    return { k: 'interval', ms };
  }
  if (k === 0) throw fail('zero_interval');
  // 每隔一天 / 每隔一周: skip one, so every other day or week
  const whole = gap && k === 1 && cnt ? 2 : k;
  if (c.eat(R.dayUnit)) return { k: 'days', n: whole };
  if (c.eat(R.weekUnit)) {
    const shared = c.eat(R.sharedDow);
    if (shared) return { k: 'weeks', n: whole, dows: dows(shared[1]) };
    c.eat(R.de);
    const d = c.eat(R.dowList);
    return { k: 'weeks', n: whole, ...(d ? { dows: dows(d[1]) } : {}) };
  }
  if (c.eat(R.quarter)) return k === 1 ? calendarQuarter(monthBody(c, 3, spec)) : monthBody(c, 3 * k, spec);
  if (c.eat(R.monthUnit)) return monthBody(c, k, spec);
  if (c.eat(R.yearUnit)) {
    if (k > 1) throw fail('unsupported'); // cron has no year field to step
    return yearBody(c, spec);
  }
  return null;
}

// 每季度第一天, 每季度末: the start or the end of a calendar quarter (January, April, July,
// October; March, June, September, December), whatever month it is written in. Any other day
// of a quarter (每季度15号) counts three months on from this one.
function calendarQuarter(rec: Rec): Rec {
  if (rec.k !== 'months') return rec;
  const first = rec.doms?.[0] ?? (rec.nth ? (rec.nth.k === 'L' ? 'L' : rec.nth.k === 1 ? 1 : null) : null);
  if (first === 1 || first === '1W') return { ...rec, from: 1 };
  if (first === 'L' || first === 'LW') return { ...rec, from: 3 };
  return rec;
}

function monthBody(c: Cursor, step: number, spec?: Spec): Rec {
  const top = c.i;
  c.eat(R.de); // 每月的最后一天, 每月的第一天, 每月的15号: 的 is taken only with a day after it
  if (c.eat(R.lastDay)) return { k: 'months', n: step, doms: ['L'] };
  const nd = c.eat(R.nthDay);
  if (nd) {
    const k = num(nd[2]);
    if (k < 1 || k > 31) throw fail('bad_date');
    if (nd[1] && k > 1) throw fail('unsupported');
    return { k: 'months', n: step, doms: [nd[1] ? 'L' : k] };
  }
  const end = c.eat(R.monthEdgeChar);
  if (end) return { k: 'months', n: step, doms: [end[1] === '初' ? 1 : 'L'] };
  const edge = c.eat(R.workEdge);
  if (edge) {
    if (spec) spec.notes = [...(spec.notes ?? []), { k: 'working_days' }];
    return { k: 'months', n: step, doms: [edge[1] === '最后一个' ? 'LW' : '1W'] };
  }
  const nth = c.eat(R.nthDow);
  if (nth) {
    const k = num(nth[1]);
    if (k < 1 || k > 5) throw fail('bad_date');
    return { k: 'months', n: step, nth: { dow: DOW_MAP[nth[2]], k } };
  }
  const last = c.eat(R.lastDow);
  if (last) return { k: 'months', n: step, nth: { dow: DOW_MAP[last[1]], k: 'L' } };
  const first = c.eat(R.dom);
  if (!first) {
    c.i = top;
    return { k: 'months', n: step };
  }
  const doms: Array<number | 'L'> = [num(first[1])];
  // 每月1号到5号: each day of the range (到 here is no end of the repetition)
  const to = c.eat(R.domTo);
  if (to) {
    const a = num(first[1]);
    const b = num(to[1]);
    if (b <= a || b > 31) throw fail('bad_date');
    for (let d = a + 1; d <= b; d++) doms.push(d);
  }
  for (;;) {
    const save = c.i;
    if (!c.eat(R.domSep)) break;
    const d = c.eat(DOM_NEXT);
    if (!d) {
      c.i = save;
      break;
    }
    doms.push(num(d[1]));
  }
  for (const d of doms) if (d !== 'L' && (d < 1 || d > 31)) throw fail('bad_date');
  return { k: 'months', n: step, doms };
}

function yearBody(c: Cursor, spec?: Spec): Rec {
  const edge = c.eat(R.yearEdge);
  if (edge) return /初|第一/.test(edge[1]) ? { k: 'years', m: 1, d: 1 } : { k: 'years', m: 12, d: 31 };
  const h = c.eat(ZH_HOLIDAY_RE);
  if (h) {
    const key = ZH_HOLIDAYS[h[1]];
    const x = FIXED[key];
    if (!x) throw fail('lunar_yearly', { en: LUNAR[key].name.en, zh: LUNAR[key].name.zh });
    return x.nth ? { k: 'years', m: x.m, nth: x.nth } : { k: 'years', m: x.m, d: x.d };
  }
  const mm = c.eat(R.month);
  if (mm) {
    const m = num(mm[1]);
    if (m < 1 || m > 12) throw fail('bad_date');
    c.eat(R.de);
    const nth = c.eat(R.nthDow);
    if (nth) return { k: 'years', m, nth: { dow: DOW_MAP[nth[2]], k: num(nth[1]) } };
    const last = c.eat(R.lastDow);
    if (last) return { k: 'years', m, nth: { dow: DOW_MAP[last[1]], k: 'L' } };
    const d = c.eat(R.day);
    if (d) {
      const day = num(d[1]);
      if (new Date(Date.UTC(2024, m - 1, day)).getUTCDate() !== day || day < 1) throw fail('bad_date');
      return { k: 'years', m, d: day };
    }
    // 每年三月的星期三: every Wednesday of March, a weekly repetition limited to the month
    const save = c.i;
    c.eat(R.every);
    const dl = c.eat(R.dowList);
    if (dl && spec && !spec.months) {
      spec.months = [m];
      return { k: 'days', n: 1, dows: dows(dl[1]) };
    }
    c.i = save;
    // 每年9月: a month is no day, and no convention picks one (JioNLP reads the whole month)
    throw monthWithoutDay(m);
  }
  return { k: 'years' };
}

const EN_MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthWithoutDay(m: number): NlError {
  return new NlError(
    'month_without_day',
    { en: `every year in ${EN_MONTH[m - 1]} does not say which day`, zh: `“每年${m}月”没有说是哪一天` },
    {
      en: `name the day, e.g. "every year on ${EN_MONTH[m - 1]} 1 at 9am", or write "every day in ${EN_MONTH[m - 1]}"`,
      zh: `请写明日期，例如“每年${m}月1日上午9点”，或写“${m}月每天上午9点”`,
    },
  );
}

const DAY = 0x65e5; // 日
const WEEK_OR_SEP = '周期拜、,和及与'; // what stands before the 日 of a weekday: 每周日, 每个星期日, 每周一、日

// 每周日报: every Sunday with the task 报, or every week with the task 日报 (and no weekday). The
// grammar reads the first, and either is a fair reading, so the writer is asked which was meant.
function sundayOrWord(c: Cursor, from: number, rec: Rec): void {
  if ((rec.k !== 'days' && rec.k !== 'weeks') || !rec.dows?.includes(0)) return;
  const at = c.i - 1;
  if (c.s.charCodeAt(at) !== DAY || !WEEK_OR_SEP.includes(c.s.charAt(at - 1))) return;
  R.dayWord.lastIndex = at;
  const word = R.dayWord.exec(c.s);
  if (!word) return;
  const sunday = c.s.slice(from, at + 1).trim(); // 每周日, 每个星期日, 每周一、日
  const without = sunday.slice(0, -1).replace(/[、,和及与\s]+$/, ''); // 每周, 每个星期, 每周一
  throw sundayOrWordError(sunday, without, word[0], rec.dows.length > 1);
}

function sundayOrWordError(sunday: string, without: string, word: string, othersNamed: boolean): NlError {
  const task = word.slice(1);
  const written = `${sunday}${task}`;
  return new NlError(
    'sunday_or_word',
    {
      en: `"${written}" reads two ways: "${sunday}" (Sunday) with the task "${task}", or "${without}" with the task "${word}"${othersNamed ? '' : ', which names no weekday'}`,
      zh: `“${written}”有两种读法：“${sunday}”，任务是“${task}”；或“${without}”，任务是“${word}”${othersNamed ? '' : '（但这样没有说星期几）'}`,
    },
    othersNamed
      ? {
          en: `write the days apart from the task, e.g. "${sunday} 9点 ${word}" with Sunday, "${without} 9点 ${word}" without`,
          zh: `请把日期和任务分开写，例如含周日写“${sunday} 9点 ${word}”，不含周日写“${without} 9点 ${word}”`,
        }
      : {
          en: `write the day apart from the task, e.g. "${sunday} 9点 ${word}" for Sunday, or name another day: "${without}一 9点 ${word}"`,
          zh: `请把日期和任务分开写，例如指周日写“${sunday} 9点 ${word}”，指其他某一天就写明星期几，如“${without}一 9点 ${word}”`,
        },
  );
}
