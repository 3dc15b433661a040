import { queryMysql, queryPostgres, SqlFailure, sqlEngineOf, sqliteQueryArgv, stoppedOnRequest, type SqlConnection, type SqlRows } from '../store/sql-task/index.ts';
import type { ExecuteOutcome } from './executor.ts';
import { maskSecrets } from './mask.ts';
import { runCommand } from './run-command.ts';

/** What SQL tasks need from configuration. */
export interface SqlOptions {
  connections: Record<string, SqlConnection>;
  /** Most rows kept (history); more are cut and said so. */
  maxRows: number;
  /** Most bytes of row data read, whatever the statement says (default 4 MiB). */
  maxBytes?: number;
  /** Rows shown in chat. */
  chatRows: number;
  outputLimitBytes: number;
  secrets: readonly string[];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\s+/g, ' ').slice(0, 200);
}

/** Rows as an aligned text table. */
export function textTable(columns: string[], rows: unknown[][]): string {
  const cells = rows.map((r) => r.map(cell));
  const width = columns.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => r[i]?.length ?? 0))));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(width[i])).join(' | ').trimEnd();
  return [line(columns), width.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)].join('\n');
}

/** Default byte cap on the rows a statement returns. */
export const DEFAULT_SQL_MAX_BYTES = 4 * 1024 * 1024;

/** "3 rows" / "1000+ rows (cut at 1000)" / "2 rows changed". */
export function rowCount(r: SqlRows): string {
  if (r.columns.length === 0 && r.rows.length === 0 && !r.truncated) return `${r.affected ?? 0} row(s) changed`;
  if (r.cutAtBytes != null) return `more than ${r.rows.length} rows (cut at ${r.rows.length}: over the ${r.cutAtBytes}-byte cap)`;
  return r.truncated ? `more than ${r.rows.length} rows (cut at ${r.rows.length})` : `${r.rows.length} row(s)`;
}

/**
 * Runs the statement of a SQL task on its named connection. History gets the whole result up to
 * the row cap (`output`); chat gets the count and the first rows (`message`). Never throws.
 * `signal` stops the statement: KILL QUERY on MySQL/MariaDB, pg_cancel_backend on PostgreSQL, and
 * on SQLite (whose driver cannot be interrupted) a kill of the child process that runs it.
 */
export async function runSqlAction(opts: SqlOptions, action: { sql: string; connection: string }, timeoutMs: number, signal?: AbortSignal): Promise<ExecuteOutcome> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const conn = Object.hasOwn(opts.connections, action.connection) ? opts.connections[action.connection] : undefined;
  const failed = (status: 'failed' | 'timed_out', error: string): ExecuteOutcome => ({ status, exitCode: null, durationMs: took(), output: null, message: null, error: maskSecrets(error, opts.secrets) });
  if (!conn) return failed('failed', `no SQL connection named "${action.connection}" is configured`);
  let rows: SqlRows;
  const limits = { timeoutMs, maxRows: opts.maxRows, maxBytes: opts.maxBytes ?? DEFAULT_SQL_MAX_BYTES };
  try {
    const engine = sqlEngineOf(conn.url);
    if (engine === 'mysql') rows = await queryMysql(conn, action.sql, limits, signal);
    else if (engine === 'postgres') rows = await queryPostgres(conn, action.sql, limits, signal);
    else {
      // The child keeps at most maxBytes of cells; JSON quoting and escapes fit in the slack.
      const r = await runCommand({ argv: sqliteQueryArgv(conn, action.sql, limits), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs, outputLimitBytes: 2 * limits.maxBytes + 1024 * 1024, killGraceMs: 200 }, signal);
      // Killed mid-write, SQLite rolls the transaction back from its journal: nothing half-done stays.
      if (signal?.aborted) throw stoppedOnRequest();
      if (r.status === 'timed_out') throw new SqlFailure('timeout', `the statement ran past ${timeoutMs} ms and was stopped`);
      let parsed: SqlRows & { error?: string; refused?: string };
      try {
        parsed = JSON.parse(r.output);
      } catch {
        throw new SqlFailure('error', r.error ?? 'the SQLite query process said nothing');
      }
      if (parsed.refused) throw new SqlFailure('refused', parsed.refused);
      if (parsed.error) throw new SqlFailure('error', parsed.error);
      rows = parsed;
    }
  } catch (err) {
    if (err instanceof SqlFailure) return failed(err.kind === 'timeout' ? 'timed_out' : 'failed', err.message);
    return failed('failed', (err as Error).message);
  }
  const count = rowCount(rows);
  let full = rows.columns.length ? `${count}\n${textTable(rows.columns, rows.rows)}` : count;
  if (Buffer.byteLength(full) > opts.outputLimitBytes) full = `${full.slice(0, opts.outputLimitBytes - 40)}\n… (output cut)`;
  const shown = rows.rows.slice(0, opts.chatRows);
  const brief = rows.columns.length ? `${count}${shown.length < rows.rows.length ? `, first ${shown.length}` : ''}\n${textTable(rows.columns, shown)}` : count;
  return { status: 'succeeded', exitCode: null, durationMs: took(), output: maskSecrets(full, opts.secrets), message: maskSecrets(brief, opts.secrets), error: null };
}
