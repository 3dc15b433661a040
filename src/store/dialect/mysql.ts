import { MysqlDialect, type Dialect } from 'kysely';
import { createPool } from 'mysql2';

/** A MySQL/MariaDB dialect over a pool; BIGINT columns come back as numbers (all are ms). */
export function mysqlDialect(url: string, poolSize = 10): Dialect {
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
