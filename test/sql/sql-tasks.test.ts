import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSqlAction, type SqlOptions } from '../../src/exec/index.ts';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { freshPostgresSchema, postgresAvailable, POSTGRES_URL } from '../support/postgres.ts';

const opts = (connections: SqlOptions['connections']): SqlOptions => ({ connections, maxRows: 5, chatRows: 2, outputLimitBytes: 60_000, secrets: [] });

/** What each engine needs for the same three cases: a table of 12 rows, a slow statement, a write. */
interface Engine {
  name: string;
  available: () => Promise<boolean>;
  setup(): Promise<{ url: string; table: string; slow: string; drop(): Promise<void> }>;
  readOnlyError: RegExp;
}

const engines: Engine[] = [
  {
    name: 'MariaDB',
    available: mysqlAvailable,
    readOnlyError: /^refused before it ran: a read-only connection runs one SELECT/,
    async setup() {
      const db = await freshDatabaseUrl('mysql');
      const c = await createConnection({ uri: db.url });
      await c.query('create table items (id int primary key, name varchar(20))');
      await c.query(`insert into items values ${Array.from({ length: 12 }, (_, i) => `(${i + 1}, 'item ${i + 1}')`).join(',')}`);
      await c.end();
      return { url: db.url, table: 'items', slow: 'select sleep(5)', drop: db.drop };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresAvailable,
    readOnlyError: /^refused before it ran: a read-only connection runs one SELECT/,
    async setup() {
      const s = await freshPostgresSchema();
      await s.query(`create table ${s.schema}.items (id int primary key, name varchar(20))`);
      await s.query(`insert into ${s.schema}.items select g, 'item ' || g from generate_series(1, 12) g`);
      return { url: POSTGRES_URL, table: `${s.schema}.items`, slow: 'select pg_sleep(5)', drop: s.drop };
    },
  },
  {
    name: 'SQLite',
    available: async () => true,
    readOnlyError: /^refused before it ran: a read-only connection runs one SELECT/,
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-sql-'));
      const file = path.join(dir, 'data.db');
      const db = new Database(file);
      db.exec('create table items (id integer primary key, name text)');
      const ins = db.prepare('insert into items values (?, ?)');
      for (let i = 1; i <= 12; i++) ins.run(i, `item ${i}`);
      db.close();
      // A statement that never returns to JavaScript: only killing its process stops it.
      return { url: `sqlite:${file}`, table: 'items', slow: 'with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c', drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
];

for (const engine of engines) {
  describe(`SQL tasks on ${engine.name}`, async () => {
    const available = await engine.available();
    let env: Awaited<ReturnType<Engine['setup']>>;
    beforeAll(async () => {
      if (available) env = await engine.setup();
    });
    afterAll(async () => {
      await env?.drop();
    });

    it.skipIf(!available)('returns the count and first rows for chat and the table up to the cap for history', async () => {
      const o = await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: `select id, name from ${env.table} where id <= 3 order by id`, connection: 'ro' }, 10_000);
      expect(o.status).toBe('succeeded');
      expect(o.output).toBe(['3 row(s)', 'id | name', '---+-------', '1  | item 1', '2  | item 2', '3  | item 3'].join('\n'));
      expect(o.message).toBe(['3 row(s), first 2', 'id | name', '---+-------', '1  | item 1', '2  | item 2'].join('\n'));
    });

    it.skipIf(!available)('cuts a result with too many rows at the cap and says so', async () => {
      const o = await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: `select id from ${env.table} order by id desc;`, connection: 'ro' }, 10_000);
      expect(o.status).toBe('succeeded');
      const lines = o.output!.split('\n');
      expect(lines[0]).toBe('more than 5 rows (cut at 5)');
      expect(lines.slice(3)).toEqual(['12', '11', '10', '9', '8']);
    });

    it.skipIf(!available)('stops a statement that runs past the timeout', async () => {
      const t0 = Date.now();
      const o = await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: env.slow, connection: 'ro' }, 700);
      expect([o.status, o.error]).toEqual(['timed_out', 'the statement ran past 700 ms and was stopped']);
      expect(Date.now() - t0).toBeLessThan(4_500);
    });

    it.skipIf(!available)('refuses a write on a read-only connection and allows it on a writable one', async () => {
      const insert = `insert into ${env.table} (id, name) values (100, 'new')`;
      const refused = await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: insert, connection: 'ro' }, 10_000);
      expect(refused.status).toBe('failed');
      expect(refused.error).toMatch(engine.readOnlyError);
      const count = async () => (await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: `select count(*) as n from ${env.table}`, connection: 'ro' }, 10_000)).output!.split('\n')[3].trim();
      expect(await count()).toBe('12');
      const written = await runSqlAction(opts({ rw: { url: env.url, write: true } }), { sql: insert, connection: 'rw' }, 10_000);
      expect([written.status, written.output]).toEqual(['succeeded', '1 row(s) changed']);
      expect(await count()).toBe('13');
    });

    it.skipIf(!available)('posts a database error plainly', async () => {
      const o = await runSqlAction(opts({ ro: { url: env.url, write: false } }), { sql: 'select * from no_such_table', connection: 'ro' }, 10_000);
      expect(o.status).toBe('failed');
      expect(o.error).toMatch(/no_such_table/);
    });
  });
}

describe('SQL tasks, whatever the engine', () => {
  it('fails a task whose connection is not configured, naming it', async () => {
    const o = await runSqlAction(opts({}), { sql: 'select 1', connection: 'gone' }, 1000);
    expect([o.status, o.error]).toEqual(['failed', 'no SQL connection named "gone" is configured']);
  });
});
