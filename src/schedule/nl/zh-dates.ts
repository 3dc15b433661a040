// Chinese days: "明天", "下周三", "3月5日", "今晚", "明年中秋节", "15号".
import { Cursor } from './cursor.ts';
import { ZH_HOLIDAY_RE, ZH_HOLIDAYS } from './holidays.ts';
import type { DayRef } from './spec.ts';
import { type Ctx, DOW_MAP, num, PART_HOUR, R } from './zh-lexicon.ts';

const REL_DAYS: Record<string, number> = { 大后天: 3, 后天: 2, 明天: 1, 明日: 1, 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 大前天: -3 };
const YEAR_REL: Record<string, number> = { 前年: -2, 去年: -1, 今年: 0, 明年: 1, 后年: 2 };
const DAY_PERIOD: Record<string, [number, string]> = { 今早: [0, '早上'], 今晚: [0, '晚上'], 今夜: [0, '晚上'], 明早: [1, '早上'], 明晚: [1, '晚上'], 昨晚: [-1, '晚上'] };

/** A day named in a Chinese phrase (明天, 下周三, 3月5日, 明年中秋节, 15号), or null. */
export function dateRef(c: Cursor): DayRef | null {
  const iso = c.eat(R.iso);
  if (iso) return { k: 'date', y: Number(iso[1]), m: Number(iso[3]), d: Number(iso[4]) };
  const d = c.eat(R.date);
  if (d) return { k: 'date', m: num(d[2]), d: num(d[3]), ...(d[1] ? { y: num(d[1]) } : {}) };
  // 明年1月5号, 今年12月31日: the year said before the date
  const ys = c.i;
  const yw = c.eat(R.yearPre);
  if (yw && !/[0-9]/.test(yw[1])) {
    c.ws(true);
    const yd = c.eat(R.date);
    if (yd && !yd[1]) return { k: 'date', yRel: YEAR_REL[yw[1]], m: num(yd[2]), d: num(yd[3]) };
  }
  c.i = ys;
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
  const before = c.i;
  const mr = c.eat(R.monthRel);
  // 本月 names a day only with one after it (本月25号, 这个月底); 本月 总结 is task text
  if (mr && /^[本这]/.test(mr[1]) && !mr[2] && !mr[3]) c.i = before;
  else if (mr) {
    const k = mr[1].startsWith('下') ? mr[1].length : 0; // 下下个月: 2; 本月, 这个月: 0
    return { k: 'month', months: k, d: mr[2] ? num(mr[2]) : mr[3] === '底' || mr[3] === '末' ? 'L' : 1 };
  }
  const wr = c.eat(R.weekRel);
  if (wr) return { k: 'week', dow: 1, weeks: wr[1].length }; // 下周: 1, 下下周: 2
  const save = c.i;
  const yp = c.eat(R.yearPre);
  const h = c.eat(ZH_HOLIDAY_RE);
  if (h) {
    const key = ZH_HOLIDAYS[h[1]];
    if (yp && /[0-9]/.test(yp[1])) return { k: 'holiday', key, y: Number(yp[1].replace(/\D/g, '')) };
    const yRel = yp ? YEAR_REL[yp[1]] : undefined;
    return { k: 'holiday', key, ...(yRel != null ? { yRel } : {}) };
  }
  c.i = save;
  const dom = c.eat(R.bareDom);
  if (dom) return { k: 'dom', d: num(dom[1]) };
  return null;
}

/** The day of a one-shot phrase (今晚 also sets the part of the day); false when none is here. */
export function dayClause(c: Cursor, ctx: Ctx): boolean {
  if (ctx.spec.day) return false;
  const iso = c.eat(R.iso);
  if (iso) {
    ctx.spec.day = { k: 'date', y: Number(iso[1]), m: Number(iso[3]), d: Number(iso[4]) };
    if (iso[5]) ctx.spec.times = [{ h: Number(iso[5]), m: Number(iso[6]), ...(iso[7] && iso[7] !== '00' ? { s: Number(iso[7]) } : {}) }];
    return true;
  }
  const dp = c.eat(R.dayPeriod);
  if (dp) {
    const [days, period] = DAY_PERIOD[dp[1]];
    ctx.spec.day = { k: 'rel', days };
    ctx.period = period;
    // 今晚 直播: the part of the day's hour when no clock time follows (a clock time replaces it)
    ctx.spec.partTod ??= { h: PART_HOUR[period], m: 0 };
    return true;
  }
  const ref = dateRef(c);
  if (!ref) return false;
  ctx.spec.day = ref;
  return true;
}
