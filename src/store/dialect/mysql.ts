import { createRequire } from 'node:module';
import { MysqlDialect, type Dialect } from 'kysely';
import type * as Mysql2 from 'mysql2';

const require = createRequire(import.meta.url);

/** A MySQL/MariaDB dialect over a pool; BIGINT columns come back as numbers (all are ms). */
export function mysqlDialect(url: string, poolSize = 10): Dialect {
  // Required here, not imported at the top: mysql2 costs a process ~15 MB, and a SQLite service never uses it.
  const { createPool } = require('mysql2') as typeof Mysql2;
  const pool = createPool({
    uri: url,
    connectionLimit: poolSize,
    supportBigNumbers: true,
    bigNumberStrings: false,
    timezone: 'Z',
    charset: 'utf8mb4',
    connectTimeout: 5000,
    enableKeepAlive: true,
  });
  return new MysqlDialect({ pool });
}
