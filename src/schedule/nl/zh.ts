import { rawCron } from './cron-phrase.ts';
import { Cursor } from './cursor.ts';
import type { Spec } from './spec.ts';
import { dayClause } from './zh-dates.ts';
import type { Ctx } from './zh-lexicon.ts';
import { limit, relative } from './zh-relative.ts';
import { monthsPrefix, recurrence } from './zh-repeat.ts';
import { startClause, timeClause } from './zh-time.ts';

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
