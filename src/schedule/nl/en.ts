import { rawCron } from './cron-phrase.ts';
import { Cursor } from './cursor.ts';
import { dayClause } from './en-dates.ts';
import { holiday } from './en-holiday.ts';
import { inMonths, monthEdge, ofEveryMonth, onClause } from './en-month.ts';
import { limit, relative, starting } from './en-relative.ts';
import { except, recurrence } from './en-repeat.ts';
import { partOfDay, settleParts } from './en-parts.ts';
import { rangeClause, timeClause } from './en-time.ts';
import { OPENER_WORDS } from './en-lexicon.ts';
import { EN_HOLIDAYS } from './holidays.ts';
import { initials, Openers } from './openers.ts';
import type { Spec } from './spec.ts';

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
  if (clauses === 0) return null;
  settleParts(spec);
  settleBusinessHours(spec);
  return { spec, end };
}

// "every hour during business hours": 9 to 17, and Monday to Friday unless the days are written
function settleBusinessHours(spec: Spec): void {
  const note = spec.notes?.find((n) => n.k === 'read_as' && n.said === 'business hours');
  // "every day every hour": setRec wrote the days of the repetition, all of them, as undefined
  if (!note || note.k !== 'read_as' || spec.rec?.k !== 'interval' || 'rangeDows' in spec) return;
  spec.rangeDows = [1, 2, 3, 4, 5];
  note.as = { en: '09:00 to 17:00, Monday to Friday', zh: '周一至周五 9:00 至 17:00' };
}

const DIGITS = '0123456789';
const DOW_INITIALS = 'smtwf';
const MONTH_INITIALS = 'jfmasond';

// What each clause's first pattern can begin with, in the order clause() tries them.
const OPEN = new Openers([
  `${DIGITS}f-ute`, // limit: (for) N times, -N times, until / till / through / ending
  'c', // rawCron
  'eotlfabsm', // monthEdge: every / each, on, the, last / first, (at the) end / beginning / start, month end
  `oten,${DIGITS}${initials(Object.keys(EN_HOLIDAYS))}`, // holiday: on, this / next / every year, (,) 2027, the name
  `dwmyahobqf${DOW_INITIALS}eo${DIGITS}`, // recurrence: daily…quarterly, (on) weekdays / business days, (on / from) mondays, every / each, once a week, 3 times a day
  'id', // inMonths: in / during
  'o', // onClause
  `fbdiw${DIGITS}`, // rangeClause: from / between, 2-3pm, during / in / within business hours
  `a@nmhqtecb${DIGITS}`, // timeClause: at / @, noon / midday / midnight, half / quarter past, twelve noon, a number, EOD / COB / end of day / by
  `a@o${DIGITS}${MONTH_INITIALS}tydncweb${DOW_INITIALS}`, // dayClause: at / on, a date, today…, the 3rd, this / next / coming, a weekday, (the) week after next, (by the) end of the week
  'imaen', // partOfDay: (in the) morning / afternoon / evening / night
  `i${DIGITS}aothfsen`, // relative: in, or a count before "from now" (a / one / two… / half)
  'sbf', // starting: starting / beginning / from
  `otlfs${DIGITS}`, // ofEveryMonth: on, the, last / first / second…, the 15th
  'e', // except: except weekends
]);

function clause(c: Cursor, spec: Spec): boolean {
  const may = OPEN.at(c.peek());
  return (
    ((may & 1) !== 0 && limit(c, spec)) ||
    ((may & 2) !== 0 && rawCron(c, spec)) ||
    ((may & 4) !== 0 && monthEdge(c, spec)) ||
    ((may & 8) !== 0 && holiday(c, spec)) ||
    ((may & 16) !== 0 && recurrence(c, spec)) ||
    ((may & 32) !== 0 && inMonths(c, spec)) ||
    ((may & 64) !== 0 && onClause(c, spec)) ||
    ((may & 8192) !== 0 && ofEveryMonth(c, spec)) ||
    ((may & 128) !== 0 && rangeClause(c, spec)) ||
    ((may & 256) !== 0 && timeClause(c, spec)) ||
    ((may & 512) !== 0 && dayClause(c, spec)) ||
    ((may & 1024) !== 0 && partOfDay(c, spec)) ||
    ((may & 2048) !== 0 && relative(c, spec)) ||
    ((may & 4096) !== 0 && starting(c, spec)) ||
    ((may & 16384) !== 0 && except(c, spec))
  );
}
