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
  const key = expr.trim();
  let c = cache.get(key);
  if (c) return c;
  const fields = cronFields(key);
  if (fields.length < 5 || fields.length > 6) {
    throw new UserError(
      'bad_cron',
      { en: `a cron expression has 5 or 6 fields, "${expr}" has ${fields.length}`, zh: `cron 表达式应有 5 或 6 个字段，“${expr}”有 ${fields.length} 个` },
      'cron',
    );
  }
  try {
    // croner's default is the POSIX rule: a restricted day of month OR a restricted day of week
    c = new Cron(key, { paused: true, utcOffset: 0 });
  } catch (err) {
    throw new UserError(
      'bad_cron',
      { en: `invalid cron expression "${expr}": ${(err as Error).message}`, zh: `无效的 cron 表达式“${expr}”：${(err as Error).message}` },
      'cron',
    );
  }
  if (c.nextRun(new Date(0)) === null && c.nextRun() === null) {
    throw new UserError('cron_never', { en: `cron expression "${expr}" never fires`, zh: `cron 表达式“${expr}”永远不会触发` }, 'cron');
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(key, c);
  return c;
}

/** The first fire instant of (expr, tz) strictly after `afterMs`, or null when there is none. */
export function nextCron(expr: string, tz: string, afterMs: number): number | null {
  return nextWallSlot(compileCron(expr), cronFields(expr), tz, afterMs);
}
