import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect, type Dialect } from 'kysely';

/** A SQLite dialect over one file (created with its folder), in WAL mode, and its one connection. */
export function sqliteDialect(file: string): { dialect: Dialect; handle: Database.Database } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // The CLI writes to the same file as a running service: wait for its lock instead of failing.
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // Kysely prepares every query afresh; the same few statements run thousands of times a
  // second under load, so keep their prepared forms (bounded).
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  database.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as typeof database.prepare;
  return { dialect: new SqliteDialect({ database }), handle: database };
}

/** Codes meaning the file or its folder cannot be created or opened for writing. */
const CANNOT_OPEN = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'EEXIST', 'ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS']);
/** Codes meaning there is no room left where the file is. */
const NO_SPACE = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * What a failure opening or first writing a SQLite file means to an operator: the file, the
 * reason and what to do (with `url` named when given), or undefined when it is not about the
 * file. SQLite itself says only "unable to open database file" or "database or disk is full".
 */
export function explainSqliteError(err: unknown, file: string, url?: string): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const where = url ? ` (DATABASE_URL=${url})` : '';
  if (CANNOT_OPEN.has(code)) return `cannot open the database file ${file}: the folder does not exist or is not writable${where}; create the folder and let the service write there, or set DATABASE_URL to another file`;
  if (NO_SPACE.has(code)) return `the disk holding the database file ${file} is full${where}; free space there, or set DATABASE_URL to a file on another disk`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return `the database file ${file} is not a chatcron SQLite database or is damaged${where}; restore it from a backup, or set DATABASE_URL to another file`;
  return undefined;
}
