import type { Lang, Schedule, Window } from '../../domain/index.ts';
import { UserError } from '../../domain/index.ts';
import { isValidTimezone } from '../zone.ts';
import { build } from './build.ts';
import { chronoEnglish } from './chrono-en.ts';
import { describeSchedule } from './describe.ts';
import { parseEnglishAt } from './en.ts';
import { fail, NlError } from './errors.ts';
import type { Spec } from './spec.ts';
import { leftoverWord, maskQuotes, scheduleWord } from './leftover.ts';
import { unreadRefusal, unreadWords } from './guard.ts';
import { restrictionEnglish } from './restrict-en.ts';
import { restrictionChinese } from './restrict-zh.ts';
import { isZone, sameZone, zoneNextTo } from './zones.ts';
import { noteText } from './notes.ts';
import { detectLang, MAX_LENGTH, normalize, nextStart, restOf } from './text.ts';
import { parseChineseAt } from './zh.ts';


/** Where and how to read a phrase: the reference instant (ms) and the IANA timezone. */
export interface ParseOptions {
  now: number;
  tz: string;
  lang?: Lang;
}

/** A schedule read from text, or the reason it could not be. */
export type ParseResult =
  | { ok: true; lang: Lang; schedule: Schedule; window: Window; rest: string; description: string; notes: string[] }
  | { ok: false; lang: Lang; error: string; suggestion?: string; code: string };

type Found = { spec: Spec; start: number; end: number };

// The Chinese grammar first for Chinese text, then the English one; text without CJK never
// enters the Chinese grammar.
// Every phrase one grammar reads, at each position where one may begin (but those `skip` names), in order.
// (A loop over positions, not a generator: most phrases are read at their first position.)
function firstReading(s: string, zh: boolean, skipFrom: number, skipTo: number, want: (f: Found) => boolean): Found | null {
  for (let i = nextStart(s, zh, 0); i >= 0; i = nextStart(s, zh, i + 1)) {
    if (i >= skipFrom && i < skipTo) continue;
    const r = zh ? parseChineseAt(s, i) : parseEnglishAt(s, i);
    if (r) {
      const f = { spec: r.spec, start: i, end: r.end };
      if (want(f)) return f;
    }
  }
  return null;
}
const anyReading = () => true;

// A repetition written as restrictions (restrict.ts) is taken when it covers the grammar's
// reading: the grammar reads "at 09:30" of "at 09:30, only on Mondays" and leaves the rest.
function find(s: string, lang: Lang): Found | null {
  const r = lang === 'zh' ? (restrictionChinese(s) ?? restrictionEnglish(s)) : restrictionEnglish(s);
  if (!r) return findInGrammar(s, lang);
  let g: Found | null = null;
  try {
    g = findInGrammar(s, lang);
  } catch (err) {
    if (!(err instanceof NlError)) throw err;
  }
  if (g && !(r.start <= g.start && r.end >= g.end)) return g;
  if (r.error) throw r.error;
  return { spec: r.spec, start: r.start, end: r.end };
}

function findInGrammar(s: string, lang: Lang): Found | null {
  if (lang === 'zh') {
    const f = firstReading(s, true, 0, 0, anyReading);
    if (f) return englishAround(s, f.start) ?? f;
  }
  const f = firstReading(s, false, 0, 0, anyReading);
  // 3.15 in Chinese text is 15 March as often as 03:15 (3.15晚会): ask which
  if (f && lang === 'zh' && DOTTED.test(s.slice(f.start, f.end))) throw dateOrTime(s.slice(f.start, f.end).trim());
  return f;
}

// "tomorrow 3pm 开会", "daily 9am 站会": English words before the time the Chinese grammar read
// (3pm) belong to the same phrase; the English reading that takes them in is the whole one.
function englishAround(s: string, zhStart: number): Found | null {
  // only the positions before it are read: a reading from inside the Chinese phrase may throw
  return firstReading(s, false, zhStart, Infinity, (f) => f.end > zhStart);
}

// A phrase elsewhere in the text than `found`, read by the grammar of the text's language; a
// piece refused on its own is none (the leftover check says what is wrong with the text).
function findOther(s: string, lang: Lang, found: Found): Found | null {
  const outside = (f: Found) => f.end <= found.start || f.start >= found.end;
  try {
    if (lang === 'zh') {
      const f = firstReading(s, true, found.start, found.end, outside);
      if (f) return f;
    }
    return firstReading(s, false, found.start, found.end, outside);
  } catch (err) {
    if (err instanceof NlError) return null;
    throw err;
  }
}

const isTimeOnly = (x: Spec): boolean =>
  !!x.times?.length && !x.rec && !x.day && !x.range && x.relMs == null && x.relDays == null && x.at == null && x.until == null && x.maxRuns == null;
const isDayOnly = (x: Spec): boolean =>
  (!!x.rec || !!x.day) && !x.times?.length && !x.range && !x.partTod && !x.startTod && x.relMs == null && x.relDays == null && x.at == null && x.rec?.k !== 'interval';
// "weekly", "daily": a bare repetition word, which an explicit schedule elsewhere overrides as task text
const isBareRepeat = (x: Spec): boolean =>
  isDayOnly(x) && !x.day && !x.months && !x.until && x.maxRuns == null && !!x.rec && ((x.rec.k === 'days' && x.rec.n === 1 && !x.rec.dows) || (x.rec.k === 'weeks' && x.rec.n === 1 && !x.rec.dows) || (x.rec.k === 'months' && x.rec.n === 1 && !x.rec.doms && !x.rec.nth));

// "下午5点前", "by 5pm": a deadline, not when to fire
const DEADLINE_AFTER = /^\s*(?:之前|以前|前(?![端台后天年往进面排三五十方线景]))/;
const DEADLINE_BEFORE = /(?<![a-z])(?:by|before)\s*$/;

/** Two pieces of one schedule: the phrase they make, and the span of the text to blank out. */
function join(s: string, a: Found, b: Found): { found: Found; drop: { start: number; end: number } } | null {
  for (const x of [a, b]) if (DEADLINE_AFTER.test(s.slice(x.end)) || DEADLINE_BEFORE.test(s.slice(0, x.start))) return null;
  const notes = [...(a.spec.notes ?? []), ...(b.spec.notes ?? [])];
  const withNotes = (x: Spec): Spec => (notes.length ? { ...x, notes } : x);
  if (isTimeOnly(a.spec) && isDayOnly(b.spec)) return { found: { ...a, spec: withNotes({ ...b.spec, times: a.spec.times }) }, drop: b };
  if (isDayOnly(a.spec) && isTimeOnly(b.spec)) return { found: { ...a, spec: withNotes({ ...a.spec, times: b.spec.times }) }, drop: b };
  // "weekly report every friday at 4pm": the full schedule is the other one; "weekly" stays task text
  if (isBareRepeat(a.spec) && b.spec.rec && !isBareRepeat(b.spec)) return { found: b, drop: { start: b.start, end: b.start } };
  // "weekly 1:1 on thursday at 2pm", "monthly newsletter on the 1st": the day the repetition falls on
  const day = b.spec.day;
  if (isBareRepeat(a.spec) && !b.spec.rec && day && b.spec.relMs == null && b.spec.relDays == null && !b.spec.range) {
    const rec = a.spec.rec!;
    const on: Spec['rec'] | null =
      rec.k === 'weeks' && day.k === 'dow' ? { k: 'weeks', n: 1, dows: [day.dow] } : rec.k === 'months' && day.k === 'dom' ? { k: 'months', n: 1, doms: [day.d] } : null;
    if (on) return { found: { ...a, spec: withNotes({ ...a.spec, rec: on, ...(b.spec.times ? { times: b.spec.times } : {}), ...(b.spec.partTod ? { partTod: b.spec.partTod } : {}) }) }, drop: b };
  }
  return null;
}

const DOTTED = /^\s*(?:at\s+)?\d{1,2}\.\d{1,2}\s*$/;

function dateOrTime(written: string): NlError {
  const [a, b] = written.replace(/^at\s+/, '').split('.');
  return new NlError(
    'date_or_time',
    { en: `"${written}" reads two ways: ${a} ${Number(b)} as a date, or ${a}:${b.padStart(2, '0')} as a time`, zh: `“${written}”有两种读法：${a}月${Number(b)}日，或 ${a}:${b.padStart(2, '0')}` },
    { en: `write "${a}月${Number(b)}日" for the date, or "${a}:${b.padStart(2, '0')}" for the time`, zh: `指日期请写“${a}月${Number(b)}日”，指时间请写“${a}:${b.padStart(2, '0')}”或“${a}点${Number(b)}分”` },
  );
}

function isPlainOneShot(spec: Spec): boolean {
  return !spec.rec && spec.relMs == null && spec.relDays == null && spec.at == null && spec.until == null && spec.maxRuns == null;
}

const DATEISH = /(?<![a-z])(?:today|tonight|tomorrow|yesterday|next|last|ago|morning|evening|afternoon|night|week|month|year|sat|sun|wed|may|christmas|xmas|eve)(?![a-z])/;

// The refusal when part of the text still reads as schedule: what was read, and how to say it.
function leftover(word: string, spec: Spec, opts: ParseOptions): NlError {
  if (isZone(word)) {
    return new NlError(
      'zone_in_text',
      { en: `"${word}" is a time zone, but times are read in ${opts.tz}`, zh: `“${word}”是时区，但时间按 ${opts.tz} 理解` },
      { en: `write the time in ${opts.tz}, or change the zone with /tz (e.g. /tz America/Los_Angeles)`, zh: `请按 ${opts.tz} 写时间，或用 /tz 更换时区（例如 /tz Asia/Shanghai）` },
    );
  }
  let read: { en: string; zh: string } | null = null;
  try {
    const b = build(spec, opts.now, opts.tz);
    read = { en: describeSchedule(b.schedule, b.window, 'en'), zh: describeSchedule(b.schedule, b.window, 'zh') };
  } catch {
    // the partial reading does not even build: say only what is left
  }
  return new NlError(
    'leftover',
    {
      en: `"${word}" is left in the task text but looks like part of the schedule${read ? `; I read only "${read.en}"` : ''}`,
      zh: `“${word}”留在了任务内容里，但看起来是时间的一部分${read ? `；我只识别出“${read.zh}”` : ''}`,
    },
    {
      en: 'write the whole schedule together (e.g. "every Mon, Wed and Fri at 8:15 standup"), or put text that only mentions a time in quotes: "demo starts in 10 minutes"',
      zh: '请把时间写在一起（例如“每周一、三、五 8:15 站会”），或把只是提到时间的内容放进引号：“10分钟后开始演示”',
    },
  );
}

/** Reads a schedule and the task text from what a person wrote. Never throws. */
export function parseSchedule(text: string, opts: ParseOptions): ParseResult {
  let input = typeof text === 'string' ? text : '';
  const lang = opts.lang ?? detectLang(input.slice(0, MAX_LENGTH));
  try {
    if (!isValidTimezone(opts.tz)) {
      throw new NlError('bad_timezone', { en: `unknown timezone "${opts.tz}"`, zh: `未知时区“${opts.tz}”` });
    }
    if (!Number.isFinite(opts.now)) throw new NlError('bad_now', { en: 'the reference time is not a valid instant', zh: '参考时间无效' });
    if (input.length > MAX_LENGTH) throw fail('too_long');
    if (input.trim().length === 0) throw fail('empty');
    // quoted text is task text: blanked out, position for position, before any grammar runs
    const masked = maskQuotes(input);
    let s = normalize(masked);
    const detected = detectLang(input);
    let found = find(s, detected);
    // chrono knows more ways to write a single date; asked only when something date-like is
    // left over (it costs ~0.3 ms a call), and its reading is taken when it covers more.
    if (detected === 'en' && (found ? isPlainOneShot(found.spec) && leftoverWord(s, found.start, found.end) : scheduleWord(s) || DATEISH.test(s))) {
      const c = chronoEnglish(masked, opts.now, opts.tz);
      if (c && (!found || (c.start <= found.start && c.end >= found.end && c.end - c.start > found.end - found.start))) found = c;
    }
    if (!found) throw fail('no_schedule');
    let left = leftoverWord(s, found.start, found.end);
    // "北京时间9点" in Asia/Shanghai: the zone written is the task's own, and no part of the task
    const zone = left ? zoneNextTo(s, found.start, found.end) : null;
    if (zone && zone.word === left && sameZone(left, opts.now, opts.tz)) {
      // blanked position for position, with the brackets around it: 9点(北京时间)
      const drop = (x: string) => x.slice(0, zone.from) + ' '.repeat(zone.to - zone.from) + x.slice(zone.to);
      input = drop(input);
      s = drop(s);
      left = leftoverWord(s, found.start, found.end);
    }
    // "daily standup at 9:30", "at 3pm call mom tomorrow", "weekly report every friday at 4pm":
    // a schedule written in two pieces around the task text
    if (left || isTimeOnly(found.spec)) {
      const other = findOther(s, detected, found);
      const joined = other && join(s, found, other);
      if (joined) {
        const blank = (x: string) => x.slice(0, joined.drop.start) + ' '.repeat(joined.drop.end - joined.drop.start) + x.slice(joined.drop.end);
        input = blank(input);
        s = blank(s);
        found = joined.found;
        left = leftoverWord(s, found.start, found.end);
      }
    }
    if (left) {
      const i = s.lastIndexOf(left);
      throw leftover(i >= 0 ? input.slice(i, i + left.length) : left, found.spec, opts);
    }
    // every schedule word accounted for: one the reading did not consume is named, not dropped
    const unread = unreadWords(s, found.start, found.end);
    if (unread.length) throw unreadRefusal([...new Set(unread.map(([a, b]) => input.slice(a, b)))], found.spec, opts.now, opts.tz);
    const { schedule, window, notes } = build(found.spec, opts.now, opts.tz);
    return {
      ok: true,
      lang,
      schedule,
      window,
      rest: restOf(input, found.start, found.end),
      description: describeSchedule(schedule, window, lang),
      notes: notes.map((n) => noteText(n)[lang]),
    };
  } catch (err) {
    if (err instanceof NlError) {
      return { ok: false, lang, code: err.code, error: err.text[lang], ...(err.suggestion ? { suggestion: err.suggestion[lang] } : {}) };
    }
    if (err instanceof UserError) return { ok: false, lang, code: err.code, error: err.in(lang) };
    const e = { en: 'I could not read this schedule', zh: '无法识别这个时间' };
    return { ok: false, lang, code: 'internal', error: e[lang] };
  }
}
