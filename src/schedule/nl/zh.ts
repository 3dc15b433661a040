import type { Tod } from './calendar.ts';
import { Cursor } from './cursor.ts';
import { rawCron } from './en.ts';
import { fail } from './errors.ts';
import { FIXED, LUNAR, ZH_HOLIDAY_RE, ZH_HOLIDAYS } from './holidays.ts';
import { zhNumber } from './numbers.ts';
import type { DayRef, Nth, Rec, Spec } from './spec.ts';

const SEC = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;

const N = '([0-9]{1,4}|[零〇一二两三四五六七八九十百千]{1,6})';
const PERIOD = '(早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|凌晨)';
const DOW_CH = '[一二三四五六日天七]';
const WEEK = '(?:周|星期|礼拜)';
const re = (src: string) => new RegExp(src, 'y');

const R = {
  every: re('(每隔|每)'),
  negative: re('-\\s*[0-9]'),
  dayUnit: re('(?:天|日)'),
  workday: re('个?工作日(?:每天)?'),
  weekend: re('个?周末'),
  dowList: re(`${WEEK}(${DOW_CH}(?:\\s*(?:、|,|和|及|与|至|到|-|~)?\\s*${WEEK}?${DOW_CH})*)`),
  weekUnit: re(`个?${WEEK}`),
  monthUnit: re('个?月'),
  quarter: re('个?季度?'),
  yearUnit: re('年'),
  count: re(`${N}\\s*(?=个|小时|分|秒|天|日|周|星期|礼拜|月|年|季)`),
  half: re('半'),
  hourUnit: re('个?(?:小时|钟头)'),
  andHalf: re('个?半'),
  month: re(`${N}\\s*月`),
  day: re(`${N}\\s*(?:日|号)?`),
  sub: re('个?(秒钟|秒|分钟|分|小时|钟头|个钟)'),
  dom: re(`${N}\\s*(?:号|日)`),
  domSep: re('\\s*(?:、|,|和|及|与)\\s*'),
  lastDay: re('(?:最后一天|月底|最后1天)'),
  nthDow: re(`第${N}个?${WEEK}(${DOW_CH})`),
  lastDow: re(`最后一个?${WEEK}(${DOW_CH})`),
  monthDay: re(`${N}\\s*月\\s*${N}\\s*(?:日|号)?`),
  altWeek: re('隔周'),
  dowRange: re(`${WEEK}(${DOW_CH})\\s*(?:至|到|-|~)\\s*${WEEK}?(${DOW_CH})\\s*(?:每天)?`),
  altDay: re('(?:每隔一天|隔天|每隔1天)'),
  daily: re('天天'),
  de: re('的'),
  time: re(`${PERIOD}?\\s*${N}\\s*(?:点钟|点|时)(?:\\s*(半|一刻|三刻|[1-3一二三]刻|整|正)|\\s*零?\\s*${N}\\s*分?(?![钟刻]))?`),
  monthRel: re(`(下+|上+)个?月\\s*(?:${N}\\s*(?:号|日))?`),
  weekRel: re(`(下+|上+)个?(?:周|星期|礼拜)(?![一二三四五六日天七])`),
  yearPre: re('(今年|明年|后年|[0-9]{4}\\s*年)的?'),
  monthsPre: re(`${N}\\s*月份?((?:\\s*(?:、|和|,|至|到)\\s*${N}\\s*月份?)*)\\s*的?(?=\\s*(?:每|工作日))`),
  workEdge: re('(最后一个|第一个)工作日'),
  from: re('(?:从|自)'),
  startEnd: re('\\s*(?:开始|起)'),
  clock: re(`${PERIOD}?\\s*([0-9]{1,2})\\s*:\\s*([0-9]{2})(?::([0-9]{2}))?`),
  timeSep: re('\\s*(?:、|,|和|及|与)\\s*'),
  rangeSep: re('\\s*(?:到|至|-|~)\\s*'),
  relDay: re('(大后天|后天|明天|明日|今天|今日|大前天|前天|昨天|昨日)'),
  dayPeriod: re('(今早|今晚|今夜|明早|明晚|昨晚)'),
  weekday: re(`(下+个?|本|这个?|上+个?)?${WEEK}(${DOW_CH})`),
  date: re(`(?:([0-9]{4}|[零〇一二三四五六七八九]{4})\\s*年\\s*)?${N}\\s*月\\s*${N}\\s*(?:日|号)?`),
  bareDom: re(`${N}\\s*(?:号|日)(?!内|之内)`),
  iso: re('([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[t\\s]+([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?'),
  quarterHour: re('(一|三|1|3)刻钟'),
  relPart: re(`(?:${N}\\s*个?\\s*(半)?|(半))\\s*个?\\s*(秒钟|秒|分钟|分|小时|钟头|个钟|钟|天|日|周|星期|礼拜)`),
  after: re('(?:以后|之后|过后|后)'),
  until: re('(?:直到|截止到|截止|截至|到|至)'),
  untilEnd: re('(?:为止|止)'),
  times: re(`(?:共|一共|总共|重复)\\s*${N}\\s*次`),
};

const DOW_MAP: Record<string, number> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

const DOM_NEXT = re(`${N}\\s*(?:号|日|(?![0-9:点时]))`);

interface Ctx {
  spec: Spec;
  period?: string; // from 今晚 / 明早: applies to the next clock time without its own period
}

function n(text: string): number {
  const v = zhNumber(text);
  if (!Number.isFinite(v)) throw fail('bad_number');
  return v;
}

/** Reads a Chinese schedule phrase starting at `start`; null when nothing there is one. */
export function parseChineseAt(s: string, start: number): { spec: Spec; end: number } | null {
  const c = new Cursor(s, start);
  const ctx: Ctx = { spec: {} };
  let clauses = 0;
  let end = start;
  for (let guard = 0; guard < 24; guard++) {
    if (clauses > 0) c.ws(true);
    if (!clause(c, ctx)) break;
    clauses++;
    end = c.i;
  }
  return clauses > 0 ? { spec: ctx.spec, end } : null;
}

function clause(c: Cursor, ctx: Ctx): boolean {
  return limit(c, ctx.spec) || rawCron(c, ctx.spec) || monthsPrefix(c, ctx.spec) || recurrence(c, ctx) || relative(c, ctx.spec) || dayClause(c, ctx) || startClause(c, ctx) || timeClause(c, ctx);
}

function limit(c: Cursor, spec: Spec): boolean {
  const t = c.eat(R.times);
  if (t) {
    const v = n(t[1]);
    if (v < 1) throw fail('bad_number');
    spec.maxRuns = v;
    return true;
  }
  const save = c.i;
  if (c.eat(R.until)) {
    const d = dateRef(c);
    if (d) {
      c.eat(R.untilEnd);
      spec.until = d;
      return true;
    }
  }
  c.i = save;
  return false;
}

function setRec(spec: Spec, rec: Rec): void {
  const prev = spec.rec;
  if (prev && prev.k === 'days' && rec.k === 'interval') spec.rangeDows = prev.dows;
  // 工作日每天: the second repeats the first
  else if (prev && !(prev.k === 'days' && rec.k === 'days' && (!prev.dows || !rec.dows))) throw fail('two_schedules');
  spec.rec = prev && prev.k === 'days' && rec.k === 'days' && prev.dows && !rec.dows ? prev : rec;
}

// "3月每天", "11月和12月的每个工作日": the months a daily repetition is limited to.
function monthsPrefix(c: Cursor, spec: Spec): boolean {
  if (spec.months) return false;
  const m = c.eat(R.monthsPre);
  if (!m) return false;
  const months: number[] = [];
  for (const x of m[0].matchAll(/([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月/g)) months.push(n(x[1]));
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

function recurrence(c: Cursor, ctx: Ctx): boolean {
  const spec = ctx.spec;
  if (c.eat(R.altDay)) {
    setRec(spec, { k: 'days', n: 2 });
    return true;
  }
  if (c.eat(R.altWeek)) {
    c.eat(R.de);
    const d = c.eat(R.dowList);
    setRec(spec, { k: 'weeks', n: 2, ...(d ? { dows: dows(d[1]) } : {}) });
    return true;
  }
  const range = c.eat(R.dowRange);
  if (range) {
    setRec(spec, { k: 'days', n: 1, dows: dows(`${range[1]}至${range[2]}`) });
    return true;
  }
  if (c.eat(R.daily)) {
    setRec(spec, { k: 'days', n: 1 });
    return true;
  }
  const save = c.i;
  const every = c.eat(R.every);
  if (!every) {
    if (c.eat(R.workday)) {
      setRec(spec, { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] });
      return true;
    }
    return false;
  }
  if (c.eat(R.negative)) throw fail('bad_number');
  const rec = everyBody(c, every[1] === '每隔', spec);
  if (!rec) {
    c.i = save;
    return false;
  }
  setRec(spec, rec);
  return true;
}

function everyBody(c: Cursor, gap: boolean, spec?: Spec): Rec | null {
  if (c.eat(R.dayUnit)) return { k: 'days', n: 1 };
  if (c.eat(R.workday)) return { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] };
  if (c.eat(R.weekend)) return { k: 'days', n: 1, dows: [0, 6] };
  const dl = c.eat(R.dowList);
  if (dl) return { k: 'days', n: 1, dows: dows(dl[1]) };
  if (c.eat(R.half)) {
    if (c.eat(R.hourUnit)) return { k: 'interval', ms: 30 * MIN };
    return null;
  }
  const cnt = c.eat(R.count);
  const k = cnt ? n(cnt[1]) : 1;
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
    c.eat(R.de);
    const d = c.eat(R.dowList);
    return { k: 'weeks', n: whole, ...(d ? { dows: dows(d[1]) } : {}) };
  }
  if (c.eat(R.quarter)) return monthBody(c, 3 * k, spec);
  if (c.eat(R.monthUnit)) return monthBody(c, k, spec);
  if (c.eat(R.yearUnit)) {
    if (k > 1) throw fail('unsupported'); // cron has no year field to step
    return yearBody(c);
  }
  return null;
}

function monthBody(c: Cursor, step: number, spec?: Spec): Rec {
  if (c.eat(R.lastDay)) return { k: 'months', n: step, doms: ['L'] };
  const save = c.i;
  c.eat(R.de);
  const edge = c.eat(R.workEdge);
  if (edge) {
    if (spec) spec.notes = [...(spec.notes ?? []), { k: 'working_days' }];
    return { k: 'months', n: step, doms: [edge[1] === '最后一个' ? 'LW' : '1W'] };
  }
  c.i = save;
  const nth = c.eat(R.nthDow);
  if (nth) {
    const k = n(nth[1]);
    if (k < 1 || k > 5) throw fail('bad_date');
    return { k: 'months', n: step, nth: { dow: DOW_MAP[nth[2]], k } };
  }
  const last = c.eat(R.lastDow);
  if (last) return { k: 'months', n: step, nth: { dow: DOW_MAP[last[1]], k: 'L' } };
  const first = c.eat(R.dom);
  if (!first) return { k: 'months', n: step };
  const doms: Array<number | 'L'> = [n(first[1])];
  for (;;) {
    const save = c.i;
    if (!c.eat(R.domSep)) break;
    const d = c.eat(DOM_NEXT);
    if (!d) {
      c.i = save;
      break;
    }
    doms.push(n(d[1]));
  }
  for (const d of doms) if (d !== 'L' && (d < 1 || d > 31)) throw fail('bad_date');
  return { k: 'months', n: step, doms };
}

function yearBody(c: Cursor): Rec {
  const h = c.eat(ZH_HOLIDAY_RE);
  if (h) {
    const key = ZH_HOLIDAYS[h[1]];
    const x = FIXED[key];
    if (!x) throw fail('lunar_yearly', { en: LUNAR[key].name.en, zh: LUNAR[key].name.zh });
    return x.nth ? { k: 'years', m: x.m, nth: x.nth } : { k: 'years', m: x.m, d: x.d };
  }
  const save = c.i;
  const mm = c.eat(R.month);
  if (mm) {
    const m = n(mm[1]);
    if (m < 1 || m > 12) throw fail('bad_date');
    const nth = c.eat(R.nthDow);
    if (nth) return { k: 'years', m, nth: { dow: DOW_MAP[nth[2]], k: n(nth[1]) } };
    const last = c.eat(R.lastDow);
    if (last) return { k: 'years', m, nth: { dow: DOW_MAP[last[1]], k: 'L' } };
    const d = c.eat(R.day);
    if (d) {
      const day = n(d[1]);
      if (new Date(Date.UTC(2024, m - 1, day)).getUTCDate() !== day || day < 1) throw fail('bad_date');
      return { k: 'years', m, d: day };
    }
    c.i = save;
  }
  return { k: 'years' };
}

function relative(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  let ms = 0;
  let days = 0;
  let parts = 0;
  for (;;) {
    const q = c.eat(R.quarterHour);
    if (q) {
      ms += (q[1] === '一' || q[1] === '1' ? 15 : 45) * MIN;
      parts++;
      continue;
    }
    const p = c.eat(R.relPart);
    if (!p) break;
    const k = p[3] ? 0.5 : n(p[1]) + (p[2] ? 0.5 : 0);
    const u = p[4];
    if (u.startsWith('秒')) ms += k * SEC;
    else if (u.startsWith('分')) ms += k * MIN;
    else if (u === '小时' || u === '钟头' || u === '个钟' || u === '钟') ms += k * HOUR;
    else if (u === '天' || u === '日') days += k;
    else days += 7 * k;
    parts++;
  }
  if (parts === 0 || !c.eat(R.after)) {
    c.i = save;
    return false;
  }
  if (ms === 0 && days === 0) throw fail('zero_interval');
  if (!Number.isInteger(days)) {
    ms += days * 86_400_000;
    days = 0;
  }
  if (days > 0 && ms > 0) spec.relMs = ms + days * 86_400_000;
  else if (days > 0) spec.relDays = days;
  else spec.relMs = Math.round(ms);
  return true;
}

const REL_DAYS: Record<string, number> = { 大后天: 3, 后天: 2, 明天: 1, 明日: 1, 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3 };
const DAY_PERIOD: Record<string, [number, string]> = { 今早: [0, '早上'], 今晚: [0, '晚上'], 今夜: [0, '晚上'], 明早: [1, '早上'], 明晚: [1, '晚上'], 昨晚: [-1, '晚上'] };

function dateRef(c: Cursor): DayRef | null {
  const iso = c.eat(R.iso);
  if (iso) return { k: 'date', y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) };
  const d = c.eat(R.date);
  if (d) return { k: 'date', m: n(d[2]), d: n(d[3]), ...(d[1] ? { y: n(d[1]) } : {}) };
  const r = c.eat(R.relDay);
  if (r) return { k: 'rel', days: REL_DAYS[r[1]] };
  const w = c.eat(R.weekday);
  if (w) {
    const dow = DOW_MAP[w[2]];
    const pre = w[1] ?? '';
    if (!pre) return { k: 'dow', dow };
    const downs = pre.replace('个', '');
    const weeks = downs.startsWith('下') ? downs.length : downs.startsWith('上') ? -downs.length : 0;
    return { k: 'week', dow, weeks };
  }
  const mr = c.eat(R.monthRel);
  if (mr) {
    const k = mr[1].startsWith('下') ? mr[1].length : -mr[1].length;
    return { k: 'month', months: k, d: mr[2] ? n(mr[2]) : 1 };
  }
  const wr = c.eat(R.weekRel);
  if (wr) return { k: 'week', dow: 1, weeks: wr[1].startsWith('下') ? wr[1].length : -wr[1].length };
  const save = c.i;
  const yp = c.eat(R.yearPre);
  const h = c.eat(ZH_HOLIDAY_RE);
  if (h) {
    const key = ZH_HOLIDAYS[h[1]];
    if (yp && /[0-9]/.test(yp[1])) return { k: 'holiday', key, y: Number(yp[1].replace(/\D/g, '')) };
    const yRel = yp ? (yp[1] === '今年' ? 0 : yp[1] === '明年' ? 1 : 2) : undefined;
    return { k: 'holiday', key, ...(yRel != null ? { yRel } : {}) };
  }
  c.i = save;
  const dom = c.eat(R.bareDom);
  if (dom) return { k: 'dom', d: n(dom[1]) };
  return null;
}

function dayClause(c: Cursor, ctx: Ctx): boolean {
  if (ctx.spec.day) return false;
  const iso = c.eat(R.iso);
  if (iso) {
    ctx.spec.day = { k: 'date', y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) };
    if (iso[4]) ctx.spec.times = [{ h: Number(iso[4]), m: Number(iso[5]), ...(iso[6] && iso[6] !== '00' ? { s: Number(iso[6]) } : {}) }];
    return true;
  }
  const dp = c.eat(R.dayPeriod);
  if (dp) {
    const [days, period] = DAY_PERIOD[dp[1]];
    ctx.spec.day = { k: 'rel', days };
    ctx.period = period;
    return true;
  }
  const ref = dateRef(c);
  if (!ref) return false;
  ctx.spec.day = ref;
  return true;
}

// "从晚上7点开始每4小时", "每4小时 晚上7点起": the first slot of an elapsed interval.
function startClause(c: Cursor, ctx: Ctx): boolean {
  if (ctx.spec.startTod || (ctx.spec.rec && ctx.spec.rec.k !== 'interval')) return false;
  const save = c.i;
  const from = c.eat(R.from);
  const t = oneTime(c, ctx);
  if (!t || !c.eat(R.startEnd) || (!from && !ctx.spec.rec)) {
    c.i = save;
    return false;
  }
  ctx.spec.startTod = t;
  return true;
}

function applyPeriod(period: string | undefined, h: number): number {
  if (h > 24) throw fail('bad_time');
  switch (period) {
    case '中午':
      return h >= 1 && h <= 3 ? h + 12 : h;
    case '下午':
    case '傍晚':
      return h < 12 ? h + 12 : h;
    case '晚上':
    case '夜里':
      if (h < 5 || h > 11) throw fail('bad_time');
      return h + 12;
    default:
      if (h > 23) throw fail('bad_time');
      return h;
  }
}

function oneTime(c: Cursor, ctx: Ctx, inherited?: string): Tod | null {
  const t = c.eat(R.time);
  if (t) {
    const period = t[1] ?? inherited ?? ctx.period;
    const h = applyPeriod(period, n(t[2]));
    const extra = t[3];
    const m = extra === '半' ? 30 : extra && extra.endsWith('刻') ? 15 * n(extra[0]) : t[4] ? n(t[4]) : 0;
    if (m > 59) throw fail('bad_time');
    // "9点" with no part of the day: read on the 24-hour clock, and said so
    return period ? { h, m } : { h, m, bare: true };
  }
  const k = c.eat(R.clock);
  if (k) {
    const period = k[1] ?? inherited ?? ctx.period;
    const h = applyPeriod(period, Number(k[2]));
    const m = Number(k[3]);
    if (m > 59) throw fail('bad_time');
    return k[4] && k[4] !== '00' ? { h, m, s: Number(k[4]) } : { h, m };
  }
  return null;
}

function timeClause(c: Cursor, ctx: Ctx): boolean {
  const start = c.i;
  const from = c.eat(R.from); // "从9点到17点": 从 only opens a range
  const first = oneTime(c, ctx);
  if (!first) {
    c.i = start;
    return false;
  }
  const save = c.i;
  if (c.eat(R.rangeSep)) {
    const to = oneTime(c, ctx);
    if (to) {
      ctx.spec.range = { from: first, to };
      return true;
    }
    c.i = save;
  }
  if (from) {
    c.i = start;
    return false;
  }
  const list = [first];
  for (;;) {
    const s2 = c.i;
    if (!c.eat(R.timeSep)) break;
    const t = oneTime(c, ctx);
    if (!t) {
      c.i = s2;
      break;
    }
    list.push(t);
  }
  ctx.spec.times = [...(ctx.spec.times ?? []), ...list];
  return true;
}
