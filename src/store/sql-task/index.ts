import type { queryMysql as QueryMysql } from './mysql.ts';

/** Runs a statement on MySQL/MariaDB; mysql2 is loaded on first use (it costs every process that loads the store ~100 ms and ~15 MB). */
export async function queryMysql(...args: Parameters<typeof QueryMysql>): ReturnType<typeof QueryMysql> {
  return (await import('./mysql.ts')).queryMysql(...args);
}
export { queryPostgres } from './postgres.ts';
export { sqliteQueryArgv } from './sqlite.ts';
export { SqlFailure, sqlEngineOf, stoppedOnRequest, type SqlConnection, type SqlLimits, type SqlRows } from './types.ts';
