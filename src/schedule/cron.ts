import { Cron } from 'croner';
import { UserError } from '../domain/index.ts';
import { cronFields } from './cron-fields.ts';
import { nextWallSlot } from './cron-dst.ts';

// One compiled pattern per expression, shared by every task and every timezone that uses it: the
// pattern is evaluated on the wall clock (croner in UTC) and cron-dst.ts maps wall times to
// instants, so the zone is not part of the key. A croner 11 object costs ~80 KB.
const cache = new Map<string, Cron>();
const CACHE_MAX = 10_000;

/**
 * The compiled wall-clock pattern of `expr`; throws UserError for a bad expression. Day of month
 * and day of week combine as on Linux (either matches) unless the weekday field starts with `+`.
 */
export function compileCron(expr: string, _tz?: string): Cron {
  const r = tryCompile(expr.trim());
  if (r instanceof Cron) return r;
  if (r.why === 'fields') {
    throw new UserError(
      'bad_cron',
      { en: `a cron expression has 5 or 6 fields, "${expr}" has ${r.fields}`, zh: `cron 表达式应有 5 或 6 个字段，“${expr}”有 ${r.fields} 个` },
      'cron',
    );
  }
  if (r.why === 'invalid') {
    throw new UserError(
      'bad_cron',
      { en: `invalid cron expression "${expr}": ${r.message}`, zh: `无效的 cron 表达式“${expr}”：${r.message}` },
      'cron',
    );
  }
  throw new UserError('cron_never', { en: `cron expression "${expr}" never fires`, zh: `cron 表达式“${expr}”永远不会触发` }, 'cron');
}

/**
 * True when `expr` compiles (compileCron would not throw). For the parser, which tries whether
 * a token after five cron fields is a sixth field or the task's first word: no UserError, and
 * no stack trace for croner's refusal.
 */
export function isCronExpression(expr: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return tryCompile(expr.trim()) instanceof Cron;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

type Refusal = { why: 'fields'; fields: number } | { why: 'invalid'; message: string } | { why: 'never' };

// The refusal of an expression is as fixed as its compiled pattern: kept too, so that a line
// croner refuses ("61 9 * * *", the parser's try of a task word as a sixth field) is not
// parsed by croner again on every message that holds it.
const refused = new Map<string, Refusal>();

function tryCompile(key: string): Cron | Refusal {
  const c = cache.get(key);
  if (c) return c;
  const r = refused.get(key);
  if (r) return r;
  const out = compile(key);
  if (!(out instanceof Cron)) {
    if (refused.size >= CACHE_MAX) refused.delete(refused.keys().next().value as string);
    refused.set(key, out);
  }
  return out;
}

function compile(key: string): Cron | Refusal {
  let c: Cron;
  const fields = cronFields(key);
  if (fields.length < 5 || fields.length > 6) return { why: 'fields', fields: fields.length };
  try {
    // croner's default is the POSIX rule: a restricted day of month OR a restricted day of week
    c = new Cron(key, { paused: true, utcOffset: 0 });
  } catch (err) {
    return { why: 'invalid', message: (err as Error).message };
  }
  if (c.nextRun(new Date(0)) === null && c.nextRun() === null) return { why: 'never' };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, c);
  return c;
}

/** The first fire instant of (expr, tz) strictly after `afterMs`, or null when there is none. */
export function nextCron(expr: string, tz: string, afterMs: number): number | null {
  return nextWallSlot(compileCron(expr), cronFields(expr), tz, afterMs);
}
