import { createRequire } from 'node:module';
import { PostgresDialect, type Dialect } from 'kysely';
import type * as Pg from 'pg';

const require = createRequire(import.meta.url);

/** What an operator may set for a PostgreSQL store (see docs/operators.md, "Running on PostgreSQL"). */
export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** The server cancels a statement that runs longer (ms; default none). */
  statementTimeoutMs?: number;
  /** TLS: `true` verifies the server against the system's CAs; an object is node's tls options. URL `sslmode=` also works. */
  ssl?: boolean | { rejectUnauthorized?: boolean; ca?: string };
}

// int8 (20) and numeric (1700) come back as strings by default; every BIGINT column holds ms
// (far below 2^53) and every count fits too, so they are numbers here as on the other dialects.
// Per pool, not pg.types.setTypeParser: SQL tasks' own pools must keep the exact strings.
const NUMERIC_OIDS = new Set([20, 1700]);

/** A PostgreSQL dialect over a pool; BIGINT and NUMERIC values come back as numbers (all are ms or counts). */
export function postgresDialect(url: string, opts: PostgresOptions = {}): Dialect {
  // Required here, not imported at the top: a SQLite service never loads pg.
  const pg = require('pg') as typeof Pg;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    ...(opts.ssl !== undefined ? { ssl: opts.ssl } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        NUMERIC_OIDS.has(oid) ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the
  // pool discards it, and the next query that needs the server reports the outage itself.
  pool.on('error', () => undefined);
  // The same for a connection that is checked out (pg-pool drops its error listener while a
  // client is lent) but has no query in flight, as inside a transaction between statements: a
  // server's fast shutdown sends "terminating connection" then, and with no listener that
  // 'error' event crashed the whole replica (the fault checker's PostgreSQL restarts). The next
  // query on it fails as unavailable, and the pool discards a client that is not queryable.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new PostgresDialect({ pool });
}
