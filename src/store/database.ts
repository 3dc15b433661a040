import { CamelCasePlugin, Kysely, sql, type Transaction } from 'kysely';
import { UserError } from '../domain/index.ts';
import { mysqlDialect } from './dialect/mysql.ts';
import { postgresChanges, type ChangeChannel } from './change-channel.ts';
import { postgresDialect, type PostgresOptions } from './dialect/postgres.ts';
import { sqliteDialect } from './dialect/sqlite.ts';
import { sqliteBulk } from './dialect/sqlite-bulk.ts';
import { kyselyBulk, type BulkStatements } from './bulk-statements.ts';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'mysql' | 'postgres';

/** MySQL and PostgreSQL claim with row locks (FOR UPDATE SKIP LOCKED); SQLite has one writer instead. */
export function locksRows(dialect: DialectName): boolean {
  return dialect !== 'sqlite';
}
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** An open database and what kind it is. */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Where it is, with any password removed (safe to log). */
  where: string;
  /**
   * Runs `fn` in a write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing).
   * `readCommitted` (MySQL, PostgreSQL): every statement sees what other transactions committed before it,
   * not a snapshot taken at the first read; the engine's claims need it, since a row lock taken
   * after a peer's commit must be followed by reads that see that commit.
   */
  write<T>(fn: (tx: Executor) => Promise<T>, opts?: { readCommitted?: boolean }): Promise<T>;
  /** The database server's clock, in ms (the local clock on SQLite). */
  now(): Promise<number>;
  /** Where replicas announce changes to each other (PostgreSQL); undefined: they see them at their poll. */
  changes?: ChangeChannel;
  /** The statements a burst runs per task and per run, each dialect's fastest way (inside `write`). */
  bulk: BulkStatements;
  close(): Promise<void>;
}

const MAX_WRITE_ATTEMPTS = 5;

// PostgreSQL's SQLSTATEs for a deadlock, a serialization failure and a lock not available.
const PG_RETRYABLE = new Set(['40P01', '40001', '55P03']);

/** A deadlock or lock wait timeout (MySQL 1213/1205, PostgreSQL 40P01/40001/55P03): the transaction can simply be run again. */
export function isRetryableLockError(err: unknown): boolean {
  const e = err as { errno?: number; code?: string } | null;
  return e?.errno === 1213 || e?.errno === 1205 || e?.code === 'ER_LOCK_DEADLOCK' || e?.code === 'ER_LOCK_WAIT_TIMEOUT' || PG_RETRYABLE.has(e?.code ?? '');
}

/** The insert hit a unique key (SQLite, MySQL, or PostgreSQL's 23505): someone else wrote that row first. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.code === '23505';
}

/** Removes the password from a database URL. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');
}

/** How to open a server database: pool size for both, statement timeout and TLS for PostgreSQL. */
export type OpenOptions = PostgresOptions;

/** Opens the database named by a `sqlite:path`, `mysql://…` or `postgres://…` URL. */
export function openDatabase(url: string, opts: OpenOptions = {}): Database {
  let dialect: DialectName;
  let db: Kysely<DB>;
  let changes: ChangeChannel | undefined;
  let bulk: BulkStatements | undefined;
  if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    const opened = sqliteDialect(file || './data/chatcron.db');
    db = new Kysely<DB>({ dialect: opened.dialect, plugins: [new CamelCasePlugin()] });
    bulk = sqliteBulk(opened.handle);
  } else if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    dialect = 'mysql';
    db = new Kysely<DB>({ dialect: mysqlDialect(url.replace(/^mariadb:/, 'mysql:'), opts.poolSize), plugins: [new CamelCasePlugin()] });
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    dialect = 'postgres';
    db = new Kysely<DB>({ dialect: postgresDialect(url, opts), plugins: [new CamelCasePlugin()] });
    changes = postgresChanges(db, url, opts);
  } else {
    throw new UserError(
      'bad_database_url',
      { en: 'DATABASE_URL must start with sqlite:, mysql:// or postgres://', zh: 'DATABASE_URL 必须以 sqlite:、mysql:// 或 postgres:// 开头' },
      'DATABASE_URL',
    );
  }
  const write = async <T>(fn: (tx: Executor) => Promise<T>, opts?: { readCommitted?: boolean }): Promise<T> => {
    if (locksRows(dialect)) {
      // InnoDB (and PostgreSQL) picks a victim when two replicas' claims deadlock; the victim's transaction was
      // rolled back whole, so running it again is safe. Give up after a few tries.
      for (let attempt = 1; ; attempt++) {
        try {
          const tx = db.transaction();
          return await (opts?.readCommitted ? tx.setIsolationLevel('read committed') : tx).execute(fn);
        } catch (err) {
          if (attempt >= MAX_WRITE_ATTEMPTS || !isRetryableLockError(err)) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        }
      }
    }
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn as unknown as Executor);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        // SQLite rolls some failures back by itself (SQLITE_FULL, SQLITE_IOERR): then there is
        // nothing left to roll back, and the original error is the one to report.
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  };
  const now = async (): Promise<number> => {
    if (dialect === 'sqlite') return Date.now();
    if (dialect === 'postgres') {
      // clock_timestamp(), not now(): now() is frozen at the start of a transaction.
      const r = await sql<{ t: number }>`select floor(extract(epoch from clock_timestamp()) * 1000)::bigint as t`.execute(db);
      return Number(r.rows[0].t);
    }
    const r = await sql<{ t: string | number }>`select unix_timestamp(now(3)) * 1000 as t`.execute(db);
    return Math.round(Number(r.rows[0].t));
  };
  // A CLI process announces its change and closes at once: the announcement must go out first.
  const pending = new Set<Promise<void>>();
  const channel: ChangeChannel | undefined = changes && {
    listen: changes.listen,
    announce: (from) => {
      const p = changes.announce(from).finally(() => pending.delete(p));
      pending.add(p);
      return p;
    },
  };
  const close = async () => {
    await Promise.allSettled([...pending]);
    await db.destroy();
  };
  return { db, dialect, where: redactUrl(url), write, now, changes: channel, bulk: bulk ?? kyselyBulk(dialect), close };
}

// What a database that is down, restarting or unreachable answers (mysql2's and pg's codes and
// messages; PostgreSQL's SQLSTATE classes 08 (connection) and 57P (shutdown, starting up)).
const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|PROTOCOL_CONNECTION_LOST|ER_SERVER_SHUTDOWN|ER_CON_COUNT_ERROR|closed state|Connection lost|server has gone away|^08\d\d\d$|^57P0[1-3]$|Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

/** Whether `err` says the database cannot be reached now (as opposed to refusing what was asked). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return !!e && (UNAVAILABLE.test(e.code ?? '') || UNAVAILABLE.test(e.message ?? ''));
}
