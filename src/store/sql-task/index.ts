export { queryMysql } from './mysql.ts';
export { queryPostgres } from './postgres.ts';
export { sqliteQueryArgv } from './sqlite.ts';
export { SqlFailure, sqlEngineOf, type SqlConnection, type SqlLimits, type SqlRows } from './types.ts';
