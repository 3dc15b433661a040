import type { Schedule, Window } from '../../domain/index.ts';
import { compileCron } from '../cron.ts';
import { formatDuration } from '../duration.ts';
import { toZonedIso, wallTime } from '../zone.ts';
import { addDays, addMonths, checkTod, instant, isValidDay, mondayOf, NINE, today, weekday, type Tod, type Ymd } from './calendar.ts';
import { dayRule } from '../cron-fields.ts';
import { fail, NlError } from './errors.ts';
import { FIXED, holidayName, LUNAR, LUNAR_YEARS, lunarDate } from './holidays.ts';
import type { Note } from './notes.ts';
import type { DayRef, Nth, Spec } from './spec.ts';

const HOUR = 3_600_000;

/** Turns what a phrase said into a schedule and window, applying DESIGN.md's defaults. */
export function build(spec: Spec, now: number, tz: string): { schedule: Schedule; window: Window; notes: Note[] } {
  const window: Window = {};
  const notes: Note[] = [...(spec.notes ?? [])];
  if (spec.maxRuns != null) {
    if (!Number.isInteger(spec.maxRuns) || spec.maxRuns < 1) throw fail('bad_number');
    window.maxRuns = spec.maxRuns;
  }
  // "会议推迟到周五上午10点", "改到周四下午3点": with nothing repeating, 到 names the day, not an end
  if (spec.until && !spec.rec && !spec.day && spec.relMs == null && spec.relDays == null && spec.at == null) {
    const { until, ...rest } = spec;
    spec = { ...rest, day: until };
  }
  if (spec.until) {
    const day = resolveDay(spec.until, now, tz, null, false);
    window.endAt = instant(tz, addDays(day, 1), { h: 0, m: 0 }) - 1;
    if (window.endAt <= now) throw fail('past');
  }
  const s = schedule(spec, now, tz, notes);
  return { schedule: s, window, notes: dedupe(notes) };
}

function dedupe(notes: Note[]): Note[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const k = JSON.stringify(n);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function schedule(spec: Spec, now: number, tz: string, notes: Note[]): Schedule {
  // "明天 10:00-11:00 开会", "每周三 14:00-15:30 评审": with no interval, a span of the clock is
  // when something happens, and the task fires at its start (it was read as an hourly repeat, or
  // dropped for 09:00)
  if (spec.range && spec.rec?.k !== 'interval') {
    if (spec.times && spec.times.length > 0) throw fail('two_schedules');
    const { range, ...rest } = spec;
    notes.push({ k: 'range_start', from: range.from, to: range.to });
    return schedule({ ...rest, times: [range.from] }, now, tz, notes);
  }
  const written = spec.times && spec.times.length > 0 ? spec.times : spec.partTod ? [spec.partTod] : [];
  const times = written.map((t) => checkTod(spec.evening && t.h < 12 ? { ...t, h: t.h + 12, bare: false } : t));
  // 1:00–7:59 are rarely meant before dawn: say that the 24-hour clock was used
  for (const t of times) if (t.bare && t.h >= 1 && t.h <= 7) notes.push({ k: 'clock24', h: t.h, m: t.m });
  // a repetition and a single day in one phrase ("每天9点 周一例会"): two readings compete
  if (spec.rec && spec.day) throw fail('two_schedules');
  const rec = spec.rec;
  if (spec.at != null) return once(spec.at, tz);
  if (spec.relMs != null) {
    // "in 2 hours at 3pm", "两小时后 周五": an elapsed time leaves no room for a day or a clock time
    if (times.length > 0 || spec.day) throw fail('two_schedules');
    return once(now + spec.relMs, tz);
  }
  if (spec.relMonths != null) {
    // "5 months from now": that day of the month at this time of day
    if (spec.day || times.length > 0 || spec.relDays != null) throw fail('two_schedules');
    const t = instant(tz, addMonths(today(now, tz), spec.relMonths), wallTod(now, tz));
    if (t <= now) throw fail('past');
    return once(t, tz);
  }
  if (spec.relDays != null) {
    // "一周后的周一": which Monday is meant is a guess
    if (spec.day || times.length > 1) throw fail('unsupported');
    // "两天后 下午3点", "in 2 days at 3pm": that day at that time; with no time, this time of day
    const day = addDays(today(now, tz), spec.relDays);
    const t = instant(tz, day, times[0] ?? wallTod(now, tz));
    if (t <= now) throw fail('past');
    return once(t, tz);
  }
  if (!rec) {
    if (!spec.day && times.length === 0) throw fail('no_schedule');
    if (times.length > 1) throw fail('unsupported');
    const tod = times[0];
    const day = resolveDay(spec.day ?? { k: 'rel', days: 0 }, now, tz, tod ?? null, !spec.day, notes);
    const at = instant(tz, day, tod ?? NINE);
    if (at <= now) throw fail('past');
    return once(at, tz);
  }
  if (rec.k === 'cron') {
    try {
      compileCron(rec.expr, tz);
    } catch (err) {
      throw new NlError('bad_cron', { en: (err as Error).message, zh: (err as { text?: { zh: string } }).text?.zh ?? (err as Error).message });
    }
    const rule = dayRule(rec.expr);
    if (rule !== 'single') notes.push({ k: rule === 'or' ? 'cron_or' : 'cron_and' });
    return { kind: 'cron', expr: rec.expr, tz };
  }
  const monthField = spec.months && spec.months.length > 0 ? [...new Set(spec.months)].sort((a, b) => a - b).join(',') : '*';
  if (rec.k === 'interval') {
    if (spec.range) return rangeCron(rec.ms, spec.range, spec.rangeDows, tz, monthField);
    // an elapsed interval cannot skip months: "12月每3小时" would run all year
    if (monthField !== '*') throw fail('unsupported');
    if (spec.startTod) {
      // "every 4 hours starting at 7pm": elapsed steps from the next 19:00
      if (times.length > 0 || spec.rangeDows) throw fail('unsupported');
      const start = checkTod(spec.startTod);
      const day = resolveDay({ k: 'rel', days: 0 }, now, tz, start, true);
      return { kind: 'every', expr: formatDuration(rec.ms), tz, anchor: instant(tz, day, start) };
    }
    if (times.length > 0 || spec.rangeDows) throw fail('unsupported');
    return { kind: 'every', expr: formatDuration(rec.ms), tz, anchor: now + rec.ms };
  }
  if (spec.startTod) throw fail('unsupported'); // a start time only anchors an elapsed interval
  if (monthField !== '*' && rec.k !== 'days' && rec.k !== 'weeks') throw fail('unsupported');
  const list = times.length > 0 ? times : [NINE];
  const t0 = list[0];
  // today's date only in the cases that use it: daily schedules, the most common, do not
  switch (rec.k) {
    case 'days': {
      if (rec.n === 1) return cron(`${clockFields(list)} * ${monthField} ${dowField(rec.dows)}`, tz);
      if (rec.dows || list.length > 1 || monthField !== '*') throw fail('unsupported');
      return every(rec.n, instant(tz, today(now, tz), t0), tz);
    }
    case 'weeks': {
      const base = today(now, tz);
      if (rec.n === 1) return cron(`${clockFields(list)} * ${monthField} ${dowField(rec.dows ?? [weekday(base)])}`, tz);
      if ((rec.dows && rec.dows.length > 1) || list.length > 1 || monthField !== '*') throw fail('unsupported');
      if (!rec.dows) return every(7 * rec.n, instant(tz, base, t0), tz);
      const day = resolveDay({ k: 'dow', dow: rec.dows[0] }, now, tz, t0, true);
      return every(7 * rec.n, instant(tz, day, t0), tz);
    }
    case 'months': {
      const base = today(now, tz);
      if (12 % rec.n !== 0) throw fail('unsupported');
      const doms = rec.doms ?? [base.d];
      const dom = rec.nth ? '*' : doms.join(',');
      const longest = Math.max(0, ...doms.filter((d): d is number => typeof d === 'number'));
      if (!rec.nth && longest >= 29) notes.push({ k: 'short_months', d: longest });
      const dow = rec.nth ? nthField(rec.nth) : '*';
      let months = '*';
      if (rec.n > 1) {
        const ms: number[] = [];
        for (let k = 0; k < 12 / rec.n; k++) ms.push((((rec.from ?? base.m) - 1 + k * rec.n) % 12) + 1);
        months = ms.sort((a, b) => a - b).join(',');
      }
      return cron(`${clockFields(list)} ${dom} ${months} ${dow}`, tz);
    }
    case 'years': {
      const base = today(now, tz);
      if (rec.nth) return cron(`${clockFields(list)} * ${rec.m ?? 1} ${nthField(rec.nth)}`, tz);
      const m = rec.m ?? base.m;
      const d = rec.d ?? base.d;
      if (!isValidDay(2024, m, d)) throw fail('bad_date');
      if (m === 2 && d === 29) notes.push({ k: 'leap_day' });
      return cron(`${clockFields(list)} ${d} ${m} *`, tz);
    }
  }
}

function once(at: number, tz: string): Schedule {
  return { kind: 'once', expr: toZonedIso(at, tz), tz, anchor: at };
}

function every(days: number, anchor: number, tz: string): Schedule {
  return { kind: 'every', expr: `${days}d`, tz, anchor };
}

function cron(expr: string, tz: string): Schedule {
  compileCron(expr, tz);
  return { kind: 'cron', expr, tz };
}

function wallTod(now: number, tz: string): Tod {
  const w = wallTime(now, tz);
  return { h: w.hour, m: w.minute, s: w.second };
}

// "M H" for one or more times sharing a minute; cron cannot say 9:30 and 17:00 in one expression.
// A second other than 0 (每天15点30分15秒) makes the six-field form, "S M H".
function clockFields(list: Tod[]): string {
  const minute = list[0].m;
  const second = list[0].s ?? 0;
  if (list.some((t) => t.m !== minute || (t.s ?? 0) !== second)) throw fail('unsupported');
  const hours = [...new Set(list.map((t) => t.h))].sort((a, b) => a - b);
  return `${second ? `${second} ` : ''}${minute} ${hours.join(',')}`;
}

function dowField(dows?: number[]): string {
  if (!dows || dows.length === 0) return '*';
  const set = [...new Set(dows)].sort((a, b) => a - b);
  if (set.join(',') === '1,2,3,4,5') return '1-5';
  if (set.length === 7) return '*';
  return set.join(',');
}

function nthField(n: Nth): string {
  return `${n.dow}#${n.k}`;
}

// "X to Y every N hours" includes both ends when they fall on the step.
function rangeCron(stepMs: number, range: { from: Tod; to: Tod }, dows: number[] | undefined, tz: string, months: string): Schedule {
  const from = checkTod(range.from);
  const to = checkTod(range.to);
  if (stepMs % HOUR !== 0 || from.m !== to.m || to.h < from.h) throw fail('unsupported');
  const step = stepMs / HOUR;
  const hours = step === 1 ? `${from.h}-${to.h}` : `${from.h}-${to.h}/${step}`;
  return cron(`${from.m} ${hours} * ${months} ${dowField(dows)}`, tz);
}

/**
 * The calendar day a one-shot phrase names. `bare` days (no explicit day word) and bare
 * weekdays move to their next future occurrence; explicit days in the past are refused.
 */
export function resolveDay(ref: DayRef, now: number, tz: string, tod: Tod | null, bare: boolean, notes: Note[] = []): Ymd {
  const base = today(now, tz);
  const t = tod ?? NINE;
  switch (ref.k) {
    case 'rel': {
      const d = addDays(base, ref.days);
      if (bare && !isFuture(tz, d, t, now)) return addDays(d, 1);
      return d;
    }
    case 'week': {
      return addDays(mondayOf(base), ref.weeks * 7 + ((ref.dow + 6) % 7));
    }
    case 'dow': {
      for (let k = 0; k <= 7; k++) {
        const d = addDays(base, k);
        if (weekday(d) === ref.dow && isFuture(tz, d, t, now)) return d;
      }
      return addDays(base, 7);
    }
    case 'date': {
      const fixed = ref.y ?? (ref.yRel != null ? base.y + ref.yRel : null);
      if (fixed != null) {
        if (!isValidDay(fixed, ref.m, ref.d)) throw fail('bad_date');
        return { y: fixed, m: ref.m, d: ref.d };
      }
      if (!isValidDay(2024, ref.m, ref.d)) throw fail('bad_date');
      if (ref.m === 2 && ref.d === 29) notes.push({ k: 'leap_day' });
      for (let y = base.y; y < base.y + 9; y++) {
        const d = { y, m: ref.m, d: ref.d };
        if (isValidDay(y, ref.m, ref.d) && isFuture(tz, d, t, now)) return d;
      }
      throw fail('bad_date');
    }
    case 'month': {
      const k = base.m - 1 + ref.months;
      const y = base.y + Math.floor(k / 12);
      const m = (k % 12) + 1;
      const d = ref.d === 'L' ? new Date(Date.UTC(y, m, 0)).getUTCDate() : ref.d;
      if (!isValidDay(y, m, d)) throw fail('bad_date');
      return { y, m, d };
    }
    case 'holiday': {
      const fixed = ref.y ?? (ref.yRel != null ? base.y + ref.yRel : null);
      const years = fixed != null ? [fixed] : [base.y, base.y + 1];
      for (const y of years) {
        const said: Note[] = [];
        const d = holidayDate(ref.key, y, said);
        if (fixed != null || isFuture(tz, d, t, now)) {
          notes.push(...said);
          if (ref.said === 'next') notes.push({ k: 'next_holiday', name: holidayName(ref.key), ...d });
          return d;
        }
      }
      throw fail('past');
    }
    case 'dom': {
      if (ref.d < 1 || ref.d > 31) throw fail('bad_date');
      for (let k = 0; k < 14; k++) {
        const y = base.y + Math.floor((base.m - 1 + k) / 12);
        const m = ((base.m - 1 + k) % 12) + 1;
        const d = { y, m, d: ref.d };
        if (isValidDay(y, m, ref.d) && isFuture(tz, d, t, now)) return d;
      }
      throw fail('bad_date');
    }
  }
}

// No closure per call: resolveDay runs once for most phrases.
function isFuture(tz: string, d: Ymd, t: Tod, now: number): boolean {
  return instant(tz, d, t) > now;
}

// The date of a named holiday in year `y`; lunar festivals come from the table in holidays.ts.
function holidayDate(key: string, y: number, notes: Note[]): Ymd {
  const f = FIXED[key];
  if (f) {
    if (f.d != null) return { y, m: f.m, d: f.d };
    const n = f.nth!;
    const first = weekday({ y, m: f.m, d: 1 });
    return { y, m: f.m, d: 1 + ((n.dow - first + 7) % 7) + 7 * ((n.k as number) - 1) };
  }
  const l = lunarDate(key, y);
  if (!l) {
    throw new NlError('lunar_range', {
      en: `I know the date of ${LUNAR[key]?.name.en ?? 'this festival'} only for ${LUNAR_YEARS.from}–${LUNAR_YEARS.to}`,
      zh: `${LUNAR[key]?.name.zh ?? '这个节日'}的日期只收录了 ${LUNAR_YEARS.from}–${LUNAR_YEARS.to} 年`,
    }, { en: 'write the date itself, e.g. "on 2036-01-28 at 9am"', zh: '请直接写日期，例如“2036年1月28日上午9点”' });
  }
  notes.push({ k: 'lunar', name: LUNAR[key].name, y: l.y, m: l.m, d: l.d });
  return l;
}
