import { Cron } from 'croner';
import { UserError } from '../domain/index.ts';

// One compiled pattern per (expression, timezone), shared by every task that uses it: a croner 11
// object costs ~80 KB, so one per task would not fit 100,000 tasks in memory.
const cache = new Map<string, Cron>();
const CACHE_MAX = 10_000;

/** The compiled, shared croner object for (expr, tz); throws UserError for a bad expression. */
export function compileCron(expr: string, tz: string): Cron {
  const key = `${tz}\u0000${expr}`;
  let c = cache.get(key);
  if (c) return c;
  const fields = expr.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    throw new UserError(
      'bad_cron',
      { en: `a cron expression has 5 or 6 fields, "${expr}" has ${fields.length}`, zh: `cron 表达式应有 5 或 6 个字段，“${expr}”有 ${fields.length} 个` },
      'cron',
    );
  }
  try {
    // domAndDow: "1-7 * 1" means the first Monday, not "days 1-7 or any Monday".
    c = new Cron(expr, { paused: true, timezone: tz, domAndDow: true });
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
  const d = compileCron(expr, tz).nextRun(new Date(afterMs));
  return d ? d.getTime() : null;
}
