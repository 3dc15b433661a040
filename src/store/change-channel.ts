import { createRequire } from 'node:module';
import { sql, type Kysely } from 'kysely';
import type * as Pg from 'pg';
import type { PostgresOptions } from './dialect/postgres.ts';
import type { DB } from './schema.ts';

const require = createRequire(import.meta.url);

/** The log lines a listener writes (the engine's logger fits). */
export interface ChannelLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * Where replicas tell each other that something changed (a task written, a run finished, a
 * message queued), so that a peer's loop wakes at once instead of at its next poll. PostgreSQL
 * has one (LISTEN/NOTIFY); MySQL and SQLite have none, and replicas see changes at their poll.
 */
export interface ChangeChannel {
  /** Tells every listening replica; `from` (an instance id) is not woken by its own news. */
  announce(from: string): Promise<void>;
  /** Calls `wake` on each change another instance announces, until the returned stop is called. */
  listen(self: string, wake: () => void, log: ChannelLog): () => Promise<void>;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

// One channel per schema (replicas share it; several schemas in one database do not hear each
// other). Channel names are identifiers: at most 63 bytes, as PostgreSQL truncates them.
const CHANNEL = sql<string>`left('chatcron_changes_' || current_schema(), 63)`;

/** The change channel of a PostgreSQL store: NOTIFY through the pool, LISTEN on one connection of its own. */
export function postgresChanges(db: Kysely<DB>, url: string, opts: PostgresOptions): ChangeChannel {
  return {
    async announce(from) {
      await sql`select pg_notify(${CHANNEL}, ${from})`.execute(db);
    },
    listen(self, wake, log) {
      const pg = require('pg') as typeof Pg;
      let client: Pg.Client | undefined;
      let stopped = false;
      let lost = false;
      let retryMs = RETRY_MIN_MS;
      let timer: NodeJS.Timeout | undefined;
      const onLost = (err: Error | undefined) => {
        if (stopped || !client) return;
        const c = client;
        client = undefined;
        c.removeAllListeners();
        c.on('error', () => undefined);
        void c.end().catch(() => undefined);
        if (!lost) log.warn({ err: err?.message ?? 'connection ended' }, 'lost the PostgreSQL LISTEN connection: seeing peers\' changes at the poll interval until it is back');
        lost = true;
        timer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      };
      const connect = async () => {
        if (stopped) return;
        const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000, ...(opts.ssl !== undefined ? { ssl: opts.ssl } : {}) });
        client = c;
        c.on('error', (err) => onLost(err));
        c.on('end', () => onLost(undefined));
        c.on('notification', (n) => {
          if (n.payload !== self) wake();
        });
        try {
          await c.connect();
          const { rows } = await c.query<{ channel: string }>(`select left('chatcron_changes_' || current_schema(), 63) as channel`);
          await c.query(`listen "${rows[0].channel.replace(/"/g, '""')}"`);
        } catch (err) {
          onLost(err as Error);
          return;
        }
        if (stopped) return void c.end().catch(() => undefined);
        retryMs = RETRY_MIN_MS;
        if (lost) {
          lost = false;
          log.info({}, 'PostgreSQL LISTEN connection is back: peers\' changes wake this replica again');
          // What peers announced while it was away went unheard: look now.
          wake();
        }
      };
      void connect();
      return async () => {
        stopped = true;
        clearTimeout(timer);
        const c = client;
        client = undefined;
        if (c) {
          c.removeAllListeners();
          c.on('error', () => undefined);
          await c.end().catch(() => undefined);
        }
      };
    },
  };
}
