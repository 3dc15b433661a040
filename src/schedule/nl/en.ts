import { rawCron } from './cron-phrase.ts';
import { Cursor } from './cursor.ts';
import { dayClause } from './en-dates.ts';
import { holiday } from './en-holiday.ts';
import { inMonths, monthEdge, onClause } from './en-month.ts';
import { limit, relative, starting } from './en-relative.ts';
import { recurrence } from './en-repeat.ts';
import { partOfDay, rangeClause, timeClause } from './en-time.ts';
import { OPENER_WORDS } from './en-lexicon.ts';
import { EN_HOLIDAYS } from './holidays.ts';
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
