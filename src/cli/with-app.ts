// What every task command shares: the configured database opened as an app context, and the
// helpers that read ids and print tasks. Imports app/ files one by one, not app/index.ts, so
// that a read-only command (task-read.ts) does not pull in the parser and the input schemas.
import type { AppContext } from '../app/context.ts';
import type { taskJson } from '../app/present.ts';
import { databaseOptions, loadConfig } from '../config/index.ts';
import { UserError } from '../domain/index.ts';
import { openMigrated } from '../store/migrate.ts';
import { fail } from './output.ts';

/** Runs a CLI action against the configured database, printing errors the way the caller asked. */
export async function withApp(json: boolean, fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  let database;
  try {
    const cfg = loadConfig();
    database = await openMigrated(cfg.databaseUrl, databaseOptions(cfg));
    // The CLI is an operator's insert script: the running service notices within its poll
    // interval, or at once on PostgreSQL, where the change is announced (close waits for it).
    const db = database;
    const notify = () => void db.changes?.announce('cli').catch(() => undefined);
    const ctx: AppContext = { database, now: () => Date.now(), defaultTz: cfg.tz, minIntervalMs: 0, actionNames: Object.keys(cfg.actions), notify, sqlConnections: Object.keys(cfg.sql.connections), operatorName: cfg.operator.name, runnerLapseMs: cfg.runners.lapseMs };
    await fn(ctx);
  } catch (err) {
    fail(json, err);
  } finally {
    await database?.close();
  }
}

export function id(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UserError('bad_id', { en: `"${text}" is not a task id`, zh: `“${text}”不是任务编号` }, 'id');
  return n;
}

export function line(t: ReturnType<typeof taskJson>): string {
  return `#${t.id}  ${t.status.padEnd(8)} ${t.schedule.text.padEnd(28)} next ${t.nextRunAt ?? '-'}  ${t.name}`;
}
