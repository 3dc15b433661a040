import { createRequire } from 'node:module';
import { Kysely, MysqlDialect, PostgresDialect, sql, type QueryResult } from 'kysely';
import type * as Mysql2 from 'mysql2';

/** A named connection an operator allows SQL tasks to use. */
export interface SqlConnection {
  url: string;
  /** Writes allowed; otherwise the session itself is read-only. */
  write: boolean;
}

/** What a statement returned, at most `maxRows` rows (`truncated` when there were more). */
export interface SqlRows {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  /** Rows changed, for statements that change rows. */
  affected: number | null;
}

/** Why a statement did not complete: the deadline, or the database said no. */
export class SqlFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'error',
    message: string,
  ) {
    super(message);
    this.name = 'SqlFailure';
  }
}

/** The engine a connection URL names. */
export function sqlEngineOf(url: string): 'mysql' | 'postgres' | 'sqlite' {
  if (/^(mysql|mariadb):\/\//.test(url)) return 'mysql';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new SqlFailure('error', `unsupported connection URL (mysql://, postgres:// or sqlite:)`);
}

/** Whether a statement returns rows (so that a cursor or a row limit applies). */
export function returnsRows(statement: string): boolean {
  return /^\s*(select|with|values|table|show|explain|describe|desc)\b/i.test(statement);
}

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  return v;
}

function toRows(result: QueryResult<Record<string, unknown>>, maxRows: number): SqlRows {
  const rows = result.rows ?? [];
  const columns = rows.length ? Object.keys(rows[0]) : [];
  const kept = rows.slice(0, maxRows).map((r) => columns.map((c) => plain(r[c])));
  return { columns, rows: kept, truncated: rows.length > maxRows, affected: result.numAffectedRows != null ? Number(result.numAffectedRows) : null };
}

const strip = (s: string) => s.trim().replace(/;\s*$/, '');

/**
 * MySQL / MariaDB: in a `START TRANSACTION READ ONLY` unless writes are allowed, at most
 * maxRows + 1 rows (sql_select_limit), and at the deadline the statement is killed with
 * `KILL QUERY` from a second connection (works on MySQL and MariaDB alike).
 */
export async function queryMysql(conn: SqlConnection, statement: string, opts: { timeoutMs: number; maxRows: number }): Promise<SqlRows> {
  // Required here, as in dialect/mysql.ts: mysql2 costs every process that loads the store ~100 ms and ~15 MB.
  const { createPool } = createRequire(import.meta.url)('mysql2') as typeof Mysql2;
  const db = new Kysely<any>({ dialect: new MysqlDialect({ pool: createPool({ uri: conn.url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 2, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true }) }) });
  let timedOut = false;
  try {
    return await db.connection().execute(async (c) => {
      const id = (await sql<{ id: number }>`select connection_id() as id`.execute(c)).rows[0].id;
      await sql.raw(`set session sql_select_limit = ${opts.maxRows + 1}`).execute(c);
      await sql.raw(conn.write ? 'start transaction' : 'start transaction read only').execute(c);
      const timer = setTimeout(() => {
        timedOut = true;
        sql.raw(`kill query ${Number(id)}`).execute(db).catch(() => undefined);
      }, opts.timeoutMs);
      try {
        const r = await sql.raw<Record<string, unknown>>(strip(statement)).execute(c);
        // An interrupted SLEEP() returns normally: the deadline decides, not the absence of an error.
        if (timedOut) throw new Error('killed');
        await sql.raw(conn.write ? 'commit' : 'rollback').execute(c);
        return toRows(r, opts.maxRows);
      } catch (err) {
        await sql.raw('rollback').execute(c).catch(() => undefined);
        if (timedOut) throw new SqlFailure('timeout', `the statement ran past ${opts.timeoutMs} ms and was stopped`);
        throw new SqlFailure('error', (err as Error).message);
      } finally {
        clearTimeout(timer);
      }
    });
  } finally {
    await db.destroy();
  }
}

/**
 * PostgreSQL: `BEGIN READ ONLY` unless writes are allowed, `statement_timeout` for the deadline,
 * and rows read through a cursor (FETCH maxRows + 1), so a huge result is never loaded. The
 * driver (`pg`) is loaded only when a PostgreSQL connection is used.
 */
export async function queryPostgres(conn: SqlConnection, statement: string, opts: { timeoutMs: number; maxRows: number }): Promise<SqlRows> {
  const pg = (await import('pg')).default;
  // Dates and 64-bit integers as the server wrote them: no time zone shift, no precision loss.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => ([1082, 1114, 1184, 20, 1700].includes(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) };
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: conn.url, max: 1, types }) }) });
  try {
    return await db.connection().execute(async (c) => {
      await sql.raw(conn.write ? 'begin' : 'begin read only').execute(c);
      await sql.raw(`set local statement_timeout = ${Math.max(1, Math.floor(opts.timeoutMs))}`).execute(c);
      try {
        let r: QueryResult<Record<string, unknown>>;
        if (returnsRows(statement)) {
          await sql.raw(`declare chatcron_rows no scroll cursor for ${strip(statement)}`).execute(c);
          r = await sql.raw<Record<string, unknown>>(`fetch ${opts.maxRows + 1} from chatcron_rows`).execute(c);
        } else {
          r = await sql.raw<Record<string, unknown>>(strip(statement)).execute(c);
        }
        await sql.raw(conn.write ? 'commit' : 'rollback').execute(c);
        return toRows(r, opts.maxRows);
      } catch (err) {
        await sql.raw('rollback').execute(c).catch(() => undefined);
        const e = err as { code?: string; message: string };
        if (e.code === '57014') throw new SqlFailure('timeout', `the statement ran past ${opts.timeoutMs} ms and was stopped`);
        throw new SqlFailure('error', e.message);
      }
    });
  } finally {
    await db.destroy();
  }
}

/**
 * SQLite runs in a child process (started by src/exec) that is killed at the deadline: the
 * driver is synchronous and cannot be interrupted from JavaScript. The file is opened read-only
 * unless writes are allowed. Returns the argv of that process; it prints one JSON object.
 */
export function sqliteQueryArgv(conn: SqlConnection, statement: string, maxRows: number): string[] {
  const file = conn.url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const script = `
const [driver, file, write, max, statement] = process.argv.slice(1);
const out = (o) => process.stdout.write(JSON.stringify(o));
try {
  const db = new (require(driver))(file, { readonly: write !== '1', fileMustExist: true });
  const st = db.prepare(statement);
  if (st.reader) {
    const columns = st.columns().map((c) => c.name);
    const rows = [];
    let truncated = false;
    for (const r of st.raw().iterate()) {
      if (rows.length >= Number(max)) { truncated = true; break; }
      rows.push(r.map((v) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? '0x' + v.toString('hex') : v)));
    }
    out({ columns, rows, truncated, affected: null });
  } else {
    out({ columns: [], rows: [], truncated: false, affected: st.run().changes });
  }
} catch (err) {
  out({ error: err.message });
  process.exitCode = 1;
}`;
  return [process.execPath, '-e', script, driver, file, conn.write ? '1' : '0', String(maxRows), strip(statement)];
}
