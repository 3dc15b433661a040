import { isCronExpression } from '../cron.ts';
import type { Tod } from './calendar.ts';
import { Cursor } from './cursor.ts';
import { B, DOWS, HOUR, MIN, MONTHS, num, OPENER_WORDS, ORDINALS, R, SEC, unitMs } from './en-lexicon.ts';
import { fail } from './errors.ts';
import { EN_HOLIDAY_RE, EN_HOLIDAYS, FIXED, LUNAR } from './holidays.ts';
import type { DayRef, Nth, Rec, Spec } from './spec.ts';

function toTod(m: RegExpExecArray, offset = 1, needMarker = false): Tod | null {
  let h = Number(m[offset]);
  const min = m[offset + 1] ? Number(m[offset + 1]) : 0;
  const s = m[offset + 2] ? Number(m[offset + 2]) : 0;
  const mer = m[offset + 3];
  if (needMarker && !mer && m[offset + 1] === undefined) return null;
  if (mer) {
    if (h < 1 || h > 12) throw fail('bad_time');
    if (mer.startsWith('p') && h < 12) h += 12;
    if (mer.startsWith('a') && h === 12) h = 0;
  }
  if (h > 23 || min > 59 || s > 59) throw fail('bad_time');
  const bare = !mer && m[offset + 1] === undefined;
  return s ? { h, m: min, s } : bare ? { h, m: min, bare } : { h, m: min };
}

// A digit, "@", "-" (a negative count, refused) or "," (before a holiday's year), or an opener
// word: most word starts of a message ("remind", "me", "to") can open no clause at all.
const OPENERS = new RegExp(`[0-9@,\\-]|${[...OPENER_WORDS, ...Object.keys(EN_HOLIDAYS).map((n) => n.split(/[\s'-]/)[0])].join('|')}`, 'y');

/** Reads an English schedule phrase starting at `start`; null when nothing there is one. */
export function parseEnglishAt(s: string, start: number): { spec: Spec; end: number } | null {
  OPENERS.lastIndex = start;
  if (!OPENERS.test(s)) return null;
  const c = new Cursor(s, start);
  const spec: Spec = {};
  let clauses = 0;
  let end = start;
  for (let guard = 0; guard < 24; guard++) {
    if (clauses > 0) c.ws(true);
    const ok = clause(c, spec);
    if (!ok) break;
    clauses++;
    end = c.i;
  }
  return clauses > 0 ? { spec, end } : null;
}

function clause(c: Cursor, spec: Spec): boolean {
  return (
    limit(c, spec) ||
    rawCron(c, spec) ||
    monthEdge(c, spec) ||
    holiday(c, spec) ||
    recurrence(c, spec) ||
    inMonths(c, spec) ||
    onClause(c, spec) ||
    rangeClause(c, spec) ||
    timeClause(c, spec) ||
    dayClause(c, spec) ||
    partOfDay(c, spec) ||
    relative(c, spec) ||
    starting(c, spec)
  );
}

function starting(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.starting)) return false;
  // "every 4 hours starting at 7pm": the first slot of the interval
  if (spec.rec?.k === 'interval' && !spec.startTod) {
    const t = oneTime(c, false);
    if (t) {
      spec.startTod = t;
      return true;
    }
  }
  // "starting at 9am": the time clause that follows carries the meaning.
  if (timeClause(c, {}) || dayClause(c, {})) {
    c.i = save;
    c.eat(R.starting);
    return true;
  }
  c.i = save;
  return false;
}

function limit(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const t = c.eat(R.times);
  if (t) {
    const n = Number(t[1]);
    if (!Number.isInteger(n) || n < 1) throw fail('bad_number');
    spec.maxRuns = n;
    return true;
  }
  if (c.eat(R.until)) {
    const d = dateRef(c);
    if (d) {
      spec.until = d;
      return true;
    }
  }
  c.i = save;
  return false;
}

const CRON_WORD = /cron(?![a-z])/y;
// a leading + on the weekday field asks for day of month AND day of week (croner)
const CRON_TOKEN = /([0-9a-z*?+][0-9a-z*/,\-#?]*)(?=\s|$)/y;

/** "cron 0 9 * * 1-5": five or six fields, the task text follows. */
export function rawCron(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(CRON_WORD)) return false;
  const fields: string[] = [];
  while (fields.length < 6) {
    const m = c.eat(CRON_TOKEN);
    if (!m) break;
    fields.push(m[1].toUpperCase());
  }
  if (fields.length < 5 || !/^[0-9*?]/.test(fields[0])) {
    c.i = save;
    return false;
  }
  // six tokens may be five fields and the task's first word: keep the six only when they compile
  if (fields.length === 6 && !isCronExpression(fields.join(' ')) && isCronExpression(fields.slice(0, 5).join(' '))) {
    c.i = save;
    c.eat(CRON_WORD);
    for (let k = 0; k < 5; k++) c.eat(CRON_TOKEN);
    fields.pop();
  }
  spec.rec = { k: 'cron', expr: fields.join(' ') };
  return true;
}

function dowList(c: Cursor, first: number): number[] {
  const list = [first];
  for (;;) {
    const save = c.i;
    c.eat(R.listSep); // "Mon Wed and Fri": the separator may be a space
    const d = c.eat(R.dow);
    if (!d) {
      c.i = save;
      break;
    }
    list.push(DOWS[d[1]]);
  }
  return list;
}

function nthOf(m: RegExpExecArray): Nth {
  const k = m[1] ? Number(m[1]) : ORDINALS[m[2]];
  if (typeof k === 'number' && (k < 1 || k > 5)) throw fail('bad_date');
  return { dow: DOWS[m[3]], k };
}

function recurrence(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const f = c.eat(R.freq);
  // A bare "weekly"/"daily" after a schedule is already read belongs to the task's text
  // ("every monday 10:00 weekly sync"), it does not replace the days read before it.
  if (f && spec.rec && f[1] !== 'hourly') {
    c.i = save;
    return false;
  }
  if (f) {
    const k = f[1];
    setRec(spec, k === 'daily' ? { k: 'days', n: 1 } : k === 'weekly' ? { k: 'weeks', n: 1 } : k === 'monthly' ? { k: 'months', n: 1 } : k === 'hourly' ? { k: 'interval', ms: HOUR } : { k: 'years' });
    return true;
  }
  const pw = c.eat(R.plainWeekdays);
  if (pw) {
    setRec(spec, { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] });
    return true;
  }
  const pd = c.eat(R.plainDows);
  if (pd) {
    setRec(spec, { k: 'days', n: 1, dows: dowList(c, DOWS[pd[1]]) });
    return true;
  }
  if (!c.eat(R.every)) return false;
  if (c.eat(R.negative)) throw fail('bad_number');
  const rec = everyBody(c);
  if (!rec) {
    c.i = save;
    return false;
  }
  setRec(spec, rec.rec);
  if (rec.times) spec.times = [...(spec.times ?? []), ...rec.times];
  return true;
}

function setRec(spec: Spec, rec: Rec): void {
  const prev = spec.rec;
  // "every weekday from 9 to 17 every 2 hours": the day part limits the hourly range.
  if (prev && prev.k === 'days' && prev.n === 1 && rec.k === 'interval') spec.rangeDows = prev.dows;
  // "every 2 hours from 9 to 17 on weekdays": the same, written the other way round.
  if (prev && prev.k === 'interval' && rec.k === 'days' && rec.n === 1) {
    spec.rangeDows = rec.dows;
    return;
  }
  if (prev && !(prev.k === 'days' && prev.n === 1 && rec.k === 'interval')) throw fail('two_schedules');
  spec.rec = rec;
}

function everyBody(c: Cursor): { rec: Rec; times?: Tod[] } | null {
  const ordDow = c.eat(R.ordDow);
  if (ordDow) {
    const nth = nthOf(ordDow);
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, nth } };
  }
  if (c.eat(R.lastDay)) {
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, doms: ['L'] } };
  }
  if (c.eat(R.halfHour)) return { rec: { k: 'interval', ms: 30 * MIN } };
  if (c.eat(R.weekday)) return { rec: { k: 'days', n: 1, dows: [1, 2, 3, 4, 5] } };
  if (c.eat(R.weekend)) return { rec: { k: 'days', n: 1, dows: [0, 6] } };
  if (c.eat(R.day)) return { rec: { k: 'days', n: 1 } };
  const md = c.eat(R.monthDay);
  if (md) return { rec: { k: 'years', m: MONTHS[md[1]], d: checkMonthDay(MONTHS[md[1]], Number(md[2])) } };
  const part = c.eat(R.morning);
  if (part) {
    const h = part[1] === 'morning' ? 9 : part[1] === 'afternoon' ? 14 : part[1] === 'evening' ? 18 : 21;
    return { rec: { k: 'days', n: 1 }, times: [{ h, m: 0 }] };
  }
  const d = c.eat(R.dow);
  if (d) return { rec: { k: 'days', n: 1, dows: dowList(c, DOWS[d[1]]) } };
  const ord = c.eat(R.ordinal);
  if (ord) {
    const doms = ordinalList(c, Number(ord[1]));
    c.eat(R.ofMonth);
    return { rec: { k: 'months', n: 1, doms } };
  }
  const save = c.i;
  const n = c.eat(R.num);
  const count = n ? num(n[1]) : 1;
  const u = c.eat(R.unit);
  if (!u) {
    // "every other wednesday", "every 2 weeks" spelled with a weekday
    if (n) {
      const dd = c.eat(R.dow);
      if (dd) {
        if (count === 0) throw fail('zero_interval');
        return { rec: { k: 'weeks', n: count, dows: dowList(c, DOWS[dd[1]]) } };
      }
      if (n[1] === 'other' && c.eat(R.day)) return { rec: { k: 'days', n: 2 } };
    }
    c.i = save;
    return null;
  }
  if (count < 0) throw fail('bad_number');
  if (count === 0) throw fail('zero_interval');
  const unit = unitMs(u[1]);
  if (unit.ms) {
    const ms = Math.round(unit.ms * count);
    if (ms % SEC !== 0) throw fail('unsupported');
    return { rec: { k: 'interval', ms } };
  }
  if (!Number.isInteger(count)) throw fail('unsupported');
  if (unit.k === 'days') return { rec: { k: 'days', n: count } };
  if (unit.k === 'weeks') return { rec: { k: 'weeks', n: count } };
  if (unit.k === 'months') return { rec: { k: 'months', n: count } };
  if (count > 1) throw fail('unsupported'); // cron has no year field to step
  return { rec: { k: 'years' } };
}

function checkMonthDay(m: number, d: number): number {
  if (d < 1 || d > 31 || new Date(Date.UTC(2024, m - 1, d)).getUTCMonth() !== m - 1) throw fail('bad_date');
  return d;
}

function ordinalList(c: Cursor, first: number): Array<number | 'L'> {
  const list: Array<number | 'L'> = [first];
  for (;;) {
    const save = c.i;
    if (!c.eat(R.listSep)) break;
    const o = c.eat(R.ordinal) ?? c.eat(R.dayNumber);
    if (!o) {
      if (c.eat(R.lastDay)) {
        list.push('L');
        continue;
      }
      c.i = save;
      break;
    }
    list.push(Number(o[1]));
  }
  for (const d of list) if (d !== 'L' && (d < 1 || d > 31)) throw fail('bad_date');
  return list;
}

// "on the 1st and 15th", "on the last day", "on the 2nd tuesday", "on monday", "on december 25".
function onClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.on)) return false;
  const rec = spec.rec;
  const nth = c.eat(R.ordDow);
  if (nth && rec && (rec.k === 'months' || rec.k === 'years')) {
    rec.nth = nthOf(nth);
    c.eat(R.ofYear) ?? c.eat(R.ofMonth);
    return true;
  }
  if (nth) {
    c.i = save;
    return false;
  }
  if (rec && rec.k === 'months') {
    if (c.eat(R.lastDay)) {
      rec.doms = ['L'];
      c.eat(R.ofMonth);
      return true;
    }
    const o = c.eat(R.ordinal);
    if (o) {
      rec.doms = ordinalList(c, Number(o[1]));
      c.eat(R.ofMonth);
      return true;
    }
  }
  if (rec && (rec.k === 'weeks' || rec.k === 'days')) {
    const d = c.eat(R.dow);
    if (d) {
      rec.dows = dowList(c, DOWS[d[1]]);
      if (rec.k === 'days') (spec.rec as Rec) = { k: 'days', n: 1, dows: rec.dows };
      return true;
    }
  }
  if (rec && rec.k === 'years') {
    const md = c.eat(R.monthDay) ?? c.eat(R.dayMonth);
    if (md) {
      const [m, d] = md[1] && md[1] in MONTHS ? [MONTHS[md[1]], Number(md[2])] : [MONTHS[md[2]], Number(md[1])];
      rec.m = m;
      rec.d = checkMonthDay(m, d);
      return true;
    }
  }
  c.i = save;
  return false;
}

function rangeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.range)) return false;
  const from = oneTime(c, false);
  if (from && c.eat(R.to)) {
    const to = oneTime(c, false);
    if (to) {
      spec.range = { from, to };
      return true;
    }
  }
  c.i = save;
  return false;
}

function oneTime(c: Cursor, needMarker: boolean): Tod | null {
  const n = c.eat(R.noon);
  if (n) return n[1] === 'midnight' ? { h: 0, m: 0 } : { h: 12, m: 0 };
  const save = c.i;
  const k = c.eat(R.compactTime);
  if (k) return toTod([k[0], k[1], k[2], undefined, k[3]] as unknown as RegExpExecArray, 1);
  // "at 1730", "0830": four digits are a clock time after "at" or with a leading zero (never a year)
  const k24 = c.eat(R.compact24);
  if (k24 && (!needMarker || k24[1][0] === '0')) return { h: Number(k24[1]), m: Number(k24[2]) };
  c.i = save;
  const t = c.eat(R.time);
  if (!t) return null;
  const tod = toTod(t, 1, needMarker);
  if (!tod) c.i = save;
  return tod;
}

function timeClause(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const at = c.eat(R.at);
  const first = oneTime(c, !at);
  if (!first) {
    c.i = save;
    return false;
  }
  const list = [first];
  for (;;) {
    const s2 = c.i;
    if (!c.eat(R.listSep)) break;
    c.eat(R.at);
    const t = oneTime(c, false);
    if (!t) {
      c.i = s2;
      break;
    }
    list.push(t);
  }
  spec.times = [...(spec.times ?? []), ...list];
  return true;
}

function dateRef(c: Cursor): DayRef | null {
  const iso = c.eat(R.iso);
  if (iso) return { k: 'date', y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) };
  const md = c.eat(R.monthDay);
  if (md) return { k: 'date', m: MONTHS[md[1]], d: Number(md[2]), ...(md[3] ? { y: Number(md[3]) } : {}) };
  const sl = c.eat(R.slash);
  if (sl) {
    const y = sl[3] ? (sl[3].length === 2 ? 2000 + Number(sl[3]) : Number(sl[3])) : undefined;
    return { k: 'date', m: Number(sl[1]), d: Number(sl[2]), ...(y ? { y } : {}) };
  }
  const dm = c.eat(R.dayMonth);
  if (dm) return { k: 'date', m: MONTHS[dm[2]], d: Number(dm[1]), ...(dm[3] ? { y: Number(dm[3]) } : {}) };
  const t = c.eat(R.today);
  if (t) return { k: 'rel', days: t[1] === 'today' || t[1] === 'tonight' ? 0 : t[1] === 'tomorrow' ? 1 : t[1] === 'yesterday' ? -1 : 2 };
  const tn = c.eat(R.thisNext);
  if (tn) return tn[1] === 'next' ? { k: 'week', dow: DOWS[tn[2]], weeks: 1 } : tn[1] === 'this' ? { k: 'week', dow: DOWS[tn[2]], weeks: 0 } : { k: 'dow', dow: DOWS[tn[2]] };
  if (c.eat(R.nextWeek)) return { k: 'week', dow: 1, weeks: 1 };
  const save = c.i;
  const d = c.eat(R.dow);
  if (d) {
    // "sun", "sat", "wed" are also words: bare, they count only before a date or a time
    if (d[0].trim().length <= 5 && !followedByWhen(c)) {
      c.i = save;
      return null;
    }
    return { k: 'dow', dow: DOWS[d[1]] };
  }
  return null;
}

function followedByWhen(c: Cursor): boolean {
  const save = c.i;
  c.ws(true);
  const ok = timeClause(c, {}) || c.eat(R.monthDay) != null || c.eat(R.slash) != null || c.eat(R.dayMonth) != null;
  c.i = save;
  return ok;
}

function dayClause(c: Cursor, spec: Spec): boolean {
  // "Sat, Mar 7": the date is the more precise of the two
  if (spec.day && spec.day.k === 'dow') {
    const save = c.i;
    const d = c.eat(R.monthDay) ?? c.eat(R.slash);
    if (d) {
      c.i = save;
      spec.day = undefined;
    } else return false;
  }
  if (spec.day) return false;
  const save = c.i;
  // "at 2026-12-01 09:00": the preposition belongs to the date
  const pre = c.eat(R.at) ?? c.eat(R.on);
  const iso = c.eat(R.iso);
  if (pre && !iso) c.i = save;
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[7] && iso[4]) {
      const off = iso[7] === 'z' ? 'Z' : iso[7].length === 5 ? `${iso[7].slice(0, 3)}:${iso[7].slice(3)}` : iso[7];
      const at = Date.parse(`${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${off}`);
      if (!Number.isFinite(at)) throw fail('bad_date');
      spec.at = at;
      return true;
    }
    spec.day = { k: 'date', y, m, d };
    if (iso[4]) spec.times = [...(spec.times ?? []), { h: Number(iso[4]), m: Number(iso[5]), ...(iso[6] ? { s: Number(iso[6]) } : {}) }];
    return true;
  }
  c.eat(R.on);
  const t = c.eat(R.today);
  if (t) {
    if (t[1] === 'tonight') spec.evening = true;
    spec.day = { k: 'rel', days: t[1] === 'today' || t[1] === 'tonight' ? 0 : t[1] === 'tomorrow' ? 1 : t[1] === 'yesterday' ? -1 : 2 };
    return true;
  }
  const ref = dateRef(c);
  if (!ref) {
    c.i = save;
    return false;
  }
  spec.day = ref;
  return true;
}

function relative(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(R.in)) return false;
  let ms = 0;
  let days = 0;
  let parts = 0;
  for (;;) {
    if (parts > 0) c.eat(R.and);
    if (c.eat(R.halfHour)) {
      ms += 30 * MIN;
      parts++;
      continue;
    }
    const s2 = c.i;
    const n = c.eat(R.num);
    if (!n) break;
    const u = c.eat(R.unit);
    if (!u || n[1] === 'other') {
      c.i = s2;
      break;
    }
    const count = num(n[1]);
    if (count < 0) throw fail('bad_number');
    const unit = unitMs(u[1]);
    if (unit.ms) ms += Math.round(unit.ms * count);
    else if (!Number.isInteger(count)) ms += Math.round(count * (unit.k === 'days' ? 86_400_000 : 604_800_000));
    else if (unit.k === 'days') days += count;
    else if (unit.k === 'weeks') days += 7 * count;
    else {
      c.i = s2;
      break;
    }
    parts++;
  }
  if (parts === 0) {
    c.i = save;
    return false;
  }
  if (ms === 0 && days === 0) throw fail('zero_interval');
  if (days > 0 && ms > 0) spec.relMs = ms + days * 86_400_000;
  else if (days > 0) spec.relDays = days;
  else spec.relMs = ms;
  return true;
}

// "tomorrow morning", "friday evening": a part of the day after a day word.
function partOfDay(c: Cursor, spec: Spec): boolean {
  if (!spec.day || spec.partTod) return false;
  const p = c.eat(R.partOfDay);
  if (!p) return false;
  const h = p[1] === 'morning' ? 9 : p[1] === 'afternoon' ? 14 : p[1] === 'evening' ? 18 : 21;
  spec.partTod = { h, m: 0 };
  if (h >= 14) spec.evening = true;
  return true;
}

// "on the last working day of the month", "the first business day of every month", "last day of the month".
function monthEdge(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  const every = c.eat(R.every);
  // "every last workday" (Todoist): with "every", "of the month" may be left out
  const m = c.eat(R.monthEdge) ?? (every ? c.eat(R.monthEdgeShort) : null);
  if (!m) {
    c.i = save;
    return false;
  }
  const working = m[2] != null;
  const dom = m[1] === 'last' ? (working ? 'LW' : 'L') : working ? '1W' : 1;
  if (working) spec.notes = [...(spec.notes ?? []), { k: 'working_days' }];
  const prev = spec.rec;
  if (prev && prev.k === 'months' && !prev.doms && !prev.nth) prev.doms = [dom];
  else setRec(spec, { k: 'months', n: 1, doms: [dom] });
  return true;
}

const YEAR = /,?\s*((?:19|20)\d{2})(?![0-9])/y;

// "Christmas", "on Mother's Day", "next year's Mid-Autumn Festival", "every Christmas", "christmas every year".
function holiday(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  c.eat(R.on);
  const pre = c.eat(R.yearWord) ?? (c.eat(R.every) ? ['every', 'every'] : null);
  const y1 = pre ? null : c.eat(YEAR);
  const h = c.eat(EN_HOLIDAY_RE);
  if (!h) {
    c.i = save;
    return false;
  }
  const key = EN_HOLIDAYS[h[1]];
  const y2 = y1 ? null : c.eat(YEAR);
  const year = y1 ?? y2;
  if (year && !pre) {
    if (spec.day) throw fail('two_schedules');
    spec.day = { k: 'holiday', key, y: Number(year[1]) };
    return true;
  }
  const post = c.eat(R.yearWord);
  const which = (pre ?? post)?.[1];
  if (which === 'every' || spec.rec?.k === 'years') {
    const f = FIXED[key];
    if (!f) throw fail('lunar_yearly', { en: LUNAR[key].name.en, zh: LUNAR[key].name.zh });
    if (spec.rec && spec.rec.k !== 'years') throw fail('two_schedules');
    spec.rec = f.nth ? { k: 'years', m: f.m, nth: f.nth } : { k: 'years', m: f.m, d: f.d };
    return true;
  }
  if (spec.day) {
    c.i = save;
    return false;
  }
  spec.day = { k: 'holiday', key, ...(which === 'this' ? { yRel: 0 } : which === 'next' ? { yRel: 1 } : {}) };
  return true;
}

// "every day in March", "every Monday during November and December".
function inMonths(c: Cursor, spec: Spec): boolean {
  if (!spec.rec || (spec.rec.k !== 'days' && spec.rec.k !== 'weeks') || spec.months) return false;
  const m = c.eat(R.inMonth);
  if (!m) return false;
  const months = [MONTHS[m[1]]];
  for (;;) {
    const save = c.i;
    if (!c.eat(R.listSep)) break;
    const n = c.eat(R.month);
    if (!n) {
      c.i = save;
      break;
    }
    months.push(MONTHS[n[1]]);
  }
  spec.months = months;
  return true;
}
