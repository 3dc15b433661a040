// English restriction clauses (restrict.ts): the wording of cron describers and of people who
// write a repetition as what it is limited to ("at 09:30, only on Mondays", "only in February").
import { DOWS, MONTHS, num } from './en-lexicon.ts';
import { NlError } from './errors.ts';
import { type Clause, ClauseTable, type Fields, once, readClauses, type Restricted, toSpec } from './restrict.ts';

const B = '(?![a-z0-9])';
const DOW = '(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat)s?\\.?';
const MONTH = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
const TIME = '(\\d{1,2})(?::(\\d{2}))?(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.|o\'?clock)?';
const NUM = '(\\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const ORD = '(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)';
const LIST_SEP = '(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+|\\s*/\\s*|\\s*&\\s*|\\s+)';
const re = (src: string) => new RegExp(src, 'y');

const dowOf = (w: string): number => DOWS[w.replace(/\.$/, '').replace(/(day)s$/, '$1').replace(/^(weds)$/, 'wed')] ?? -1;
const monthOf = (w: string): number => MONTHS[w.replace(/\.$/, '')] ?? -1;
const ORDINAL: Record<string, number | 'L'> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: 'L', '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5 };

/** A clock time to [hour, minute, second], or null when it is not one ("13 pm", "25:00"). */
function clock(h: string, m: string | undefined, sec: string | undefined, mer: string | undefined): [number, number, number] | null {
  let hour = Number(h);
  const minute = m ? Number(m) : 0;
  const s = sec ? Number(sec) : 0;
  if (minute > 59 || s > 59) return null;
  const merid = mer?.replace(/\./g, '');
  if (merid === 'am' || merid === 'pm') {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (merid === 'pm' ? 12 : 0);
  } else if (hour > 23) return null;
  return [hour, minute, s];
}

function setTime(f: Fields, t: [number, number, number] | null): boolean {
  if (!t || f.hours !== undefined) return false;
  f.hours = [t[0]];
  f.min = t[1];
  if (t[2]) f.sec = t[2];
  return true;
}

// a list of names joined by commas, and, or, slashes: each its number, or null if one is not a name
function list(text: string, of: (w: string) => number): number[] | null {
  const out: number[] = [];
  for (const w of text.split(/\s*(?:,|\band\b|\bor\b|\/|&|\s)\s*/).filter(Boolean)) {
    const n = of(w);
    if (n < 0) return null;
    out.push(n);
  }
  return out.length ? [...new Set(out)].sort((a, b) => a - b) : null;
}

const CLAUSES = new ClauseTable([
  // "at 09:00 am, 02:00 pm and 05:00 pm": several hours at one minute
  {
    first: 'a0123456789', re: re(`(?:at\\s+)?${TIME}(?:\\s*,\\s*${TIME})*,?\\s+and\\s+${TIME}${B}`),
    apply: (m, f) => {
      const ts = [...m[0].matchAll(new RegExp(TIME, 'g'))].map((x) => clock(x[1], x[2], x[3], x[4]));
      if (ts.some((t) => !t || t[1] !== ts[0]![1] || t[2]) || f.hours !== undefined) return false;
      f.hours = [...new Set(ts.map((t) => t![0]))].sort((x, y) => x - y);
      f.min = ts[0]![1];
      return true;
    },
  },
  // "at 09:30 am", "at 4 o'clock", "at 16:00:15" (a bare "at 9" is the grammar's, not a describer's)
  {
    first: 'a0123456789', re: re(`(?:at\\s+)?${TIME}${B}`),
    apply: (m, f) => (m[2] !== undefined || m[4] !== undefined || /^at/.test(m[0])) && setTime(f, clock(m[1], m[2], m[3], m[4])),
  },
  // "every hour", "every 2 hours", "on the hour, every 2 hours"
  { first: 'oe', re: re(`(?:on\\s+the\\s+hour,?\\s*)?every\\s+hour${B}`), apply: (_m, f) => f.hourStep === undefined && ((f.hourStep = 1), true) },
  { first: 'o', re: re(`on\\s+the\\s+hour${B}`), apply: (_m, f) => f.min === undefined && ((f.min = 0), true) },
  { first: 'e', re: re(`every\\s+${NUM}\\s+hours${B}`), apply: (m, f) => f.hourStep === undefined && ((f.hourStep = num(m[1])), f.hourStep > 0 && f.hourStep < 24) },
  // "between 09:00 am and 05:00 pm", "between 9 and 17"
  {
    first: 'b', re: re(`between\\s+${TIME}\\s+and\\s+${TIME}${B}`),
    marker: true,
    apply: (m, f) => {
      const a = clock(m[1], m[2], m[3], m[4]);
      const b = clock(m[5], m[6], m[7], m[8]);
      if (!a || !b || a[1] !== 0 || (b[1] !== 0 && b[1] !== 59) || a[0] >= b[0] || f.hourRange) return false;
      f.hourRange = [a[0], b[0]];
      return true;
    },
  },
  // "every day": a describer's (cRonstrue verbose) way of saying the other fields are all
  { first: 'e', re: re(`every\\s+day${B}`), apply: () => true },
  // "every 3 months"
  { first: 'e', re: re(`every\\s+${NUM}\\s+months${B}`), apply: (m, f) => f.monthStep === undefined && ((f.monthStep = num(m[1])), f.monthStep > 1 && f.monthStep < 12) },
  // "on day 15 of the month", "on day 1, 15, and 28 of the month", "between day 1 and 7 of the month"
  {
    first: 'o', re: re(`(?:only\\s+)?on\\s+days?\\s+(\\d{1,2}(?:(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+)\\d{1,2})*)\\s+of\\s+(?:the|every|each)\\s+month${B}`),
    marker: true,
    apply: (m, f) => {
      const ds = m[1].split(/\s*(?:,|and)\s*/).filter(Boolean).map(Number);
      return ds.every((d) => d >= 1 && d <= 31) && once(f, 'dom', [...new Set(ds)].sort((a, b) => a - b).join(','));
    },
  },
  {
    first: 'b', re: re(`between\\s+day\\s+(\\d{1,2})\\s+and\\s+(\\d{1,2})\\s+of\\s+the\\s+month${B}`),
    marker: true,
    apply: (m, f) => Number(m[1]) >= 1 && Number(m[1]) < Number(m[2]) && Number(m[2]) <= 31 && once(f, 'dom', `${Number(m[1])}-${Number(m[2])}`),
  },
  { first: 'o', re: re(`on\\s+the\\s+last\\s+day\\s+of\\s+the\\s+month${B}`), marker: true, apply: (_m, f) => once(f, 'dom', 'L') },
  { first: 'o', re: re(`on\\s+the\\s+last\\s+weekday\\s+of\\s+the\\s+month${B}`), marker: true, apply: (_m, f) => once(f, 'dom', 'LW') },
  // "on the third saturday of the month" (a describer's clause: read only among others, see below)
  {
    first: 'o', re: re(`on\\s+the\\s+${ORD}\\s+(${DOW})\\s+of\\s+the\\s+month${B}`),
    apply: (m, f) => {
      const d = dowOf(m[2]);
      const k = ORDINAL[m[1]];
      return d >= 0 && once(f, 'dow', k === 'L' ? `${d}L` : `${d}#${k}`);
    },
  },
  // "january through march", "only in february", "only in january and march", "in march" (among others)
  {
    first: 'oifjmasnd', re: re(`(?:only\\s+)?(?:in\\s+|from\\s+)?(${MONTH})\\s+(?:through|thru|to|-)\\s+(${MONTH})${B}`),
    marker: true,
    apply: (m, f) => {
      const a = monthOf(m[1]);
      const b = monthOf(m[2]);
      return a > 0 && b > a && once(f, 'month', `${a}-${b}`);
    },
  },
  {
    first: 'oi', re: re(`(only\\s+)?in\\s+(${MONTH}(?:${LIST_SEP}${MONTH})*)${B}`),
    apply: (m, f) => {
      const ms = list(m[2], monthOf);
      if (m[1]) f.markers++;
      return !!ms && once(f, 'month', ms.join(','));
    },
  },
  // "monday through friday", "mon-fri"
  {
    first: 'osmtwf', re: re(`(?:only\\s+)?(?:on\\s+)?(${DOW})\\s*(?:through|thru|to|-|–)\\s*(${DOW})${B}`),
    apply: (m, f) => {
      const a = dowOf(m[1]);
      const b = dowOf(m[2]);
      return a >= 0 && b > a && once(f, 'dow', `${a}-${b}`);
    },
  },
  // "only on monday, wednesday, and friday", "on weekdays"; a bare list is the grammar's
  {
    first: 'o', re: re(`only\\s+(?:on\\s+)?(${DOW}(?:${LIST_SEP}${DOW})*)${B}`),
    marker: true,
    apply: (m, f) => {
      const ds = list(m[1], dowOf);
      return !!ds && once(f, 'dow', ds.join(','));
    },
  },
  { first: 'o', re: re(`(?:only\\s+)?on\\s+weekdays${B}`), apply: (_m, f) => once(f, 'dow', '1-5') },
]);

const SEP = /\s*(?:,\s*|\s+)/y;
// cheap test before any clause runs: the words only a restriction or a describer writes
const TRIGGER = /(?<![a-z])(?:only|through|thru|between|of the month|every \S+ months|on the hour|every day)(?![a-z])|^\s*(?:at\s+)?\d{1,2}:\d{2}[^,]*,/;
// A reading is taken only with a restriction clause (marker) or comma-joined clauses: without a
// comma and without any marker's words ("every day at 9am") no start can give one.
const MARKER_OR_COMMA = /,|only|between|month|\s(?:through|thru|to|-)\s/;

const isWordChar = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);

/** A repetition written as restrictions, read from the start of normalized English text `s`. */
export function restrictionEnglish(s: string): Restricted | null {
  if (!TRIGGER.test(s) || !MARKER_OR_COMMA.test(s)) return null;
  for (let start = 0; start < s.length; start++) {
    if (start > 0 && isWordChar(s.charCodeAt(start - 1))) continue;
    const code = s.charCodeAt(start);
    // a space, or a character no clause begins with
    if (code === 0x20 || CLAUSES.at(code) === 0) continue;
    const r = readClauses(s, start, CLAUSES, SEP);
    // a restriction, or a describer's comma-joined clauses: one clause of its own is the grammar's
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
