import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { freshPostgresSchema, postgresAvailable, POSTGRES_URL } from '../support/postgres.ts';

/**
 * One engine's database for the read-only suites: a table `items` of 12 rows, and a way to read
 * back, with the engine's own driver (not the code under test), everything a statement could change.
 */
export interface EngineDb {
  url: string;
  /** `items`, qualified where the engine needs it. */
  table: string;
  /** Where the engine writes a file a statement names (server side), fresh per call. */
  scratchFile(): string;
  /** Whether that file exists now (asked of the database server, which wrote it). */
  fileExists(file: string): Promise<boolean>;
  /** Rows of items, the tables beside it and the users the server knows: equal means unchanged. */
  fingerprint(): Promise<string>;
  drop(): Promise<void>;
}

/** How to make an EngineDb, when the server is there. */
export interface Engine {
  name: 'MariaDB' | 'PostgreSQL' | 'SQLite';
  available(): Promise<boolean>;
  setup(): Promise<EngineDb>;
}

const tmpName = () => `chatcron-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

const mariadb: Engine = {
  name: 'MariaDB',
  available: mysqlAvailable,
  async setup() {
    const db = await freshDatabaseUrl('mysql');
    const c = await createConnection({ uri: db.url });
    await c.query('create table items (id int primary key, name varchar(40))');
    await c.query(`insert into items values ${Array.from({ length: 12 }, (_, i) => `(${i + 1}, 'item ${i + 1}')`).join(',')}`);
    return {
      url: db.url,
      table: 'items',
      scratchFile: () => `/tmp/${tmpName()}.txt`,
      fileExists: async (file) => {
        const [r] = await c.query('select load_file(?) is not null as e', [file]);
        return Number((r as { e: number }[])[0].e) === 1;
      },
      fingerprint: async () => {
        const [rows] = await c.query('select id, name from items order by id');
        const [tables] = await c.query('select table_name as t from information_schema.tables where table_schema = database() order by 1');
        const [users] = await c.query("select concat(user, '@', host) as u from mysql.user order by 1");
        const [vars] = await c.query("select @@global.max_connections as m, @@global.read_only as r");
        return JSON.stringify({ rows, tables, users, vars });
      },
      drop: async () => {
        await c.query("drop user if exists 'chatcron_probe'@'localhost', 'CHATCRON_PROBE'@'localhost'");
        await c.end();
        await db.drop();
      },
    };
  },
};

const postgres: Engine = {
  name: 'PostgreSQL',
  available: postgresAvailable,
  async setup() {
    const s = await freshPostgresSchema();
    await s.query(`create table ${s.schema}.items (id int primary key, name varchar(40))`);
    await s.query(`insert into ${s.schema}.items select g, 'item ' || g from generate_series(1, 12) g`);
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    return {
      url: POSTGRES_URL,
      table: `${s.schema}.items`,
      scratchFile: () => `/tmp/${tmpName()}.txt`,
      fileExists: async (file) => (await c.query('select pg_stat_file($1, true) is not null as e', [file])).rows[0].e === true,
      fingerprint: async () => {
        const rows = (await c.query(`select id, name from ${s.schema}.items order by id`)).rows;
        const tables = (await c.query('select table_name from information_schema.tables where table_schema = $1 order by 1', [s.schema])).rows;
        const users = (await c.query('select rolname from pg_roles order by 1')).rows;
        return JSON.stringify({ rows, tables, users });
      },
      drop: async () => {
        await c.query('drop role if exists chatcron_probe');
        await c.end();
        await s.drop();
      },
    };
  },
};

const sqlite: Engine = {
  name: 'SQLite',
  available: async () => true,
  async setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-sql-'));
    const file = path.join(dir, 'data.db');
    const db = new Database(file);
    db.exec('create table items (id integer primary key, name text)');
    const ins = db.prepare('insert into items values (?, ?)');
    for (let i = 1; i <= 12; i++) ins.run(i, `item ${i}`);
    db.close();
    return {
      url: `sqlite:${file}`,
      table: 'items',
      scratchFile: () => path.join(dir, `${tmpName()}.db`),
      fileExists: async (f) => fs.existsSync(f),
      fingerprint: async () => {
        const r = new Database(file, { readonly: true });
        try {
          const rows = r.prepare('select id, name from items order by id').all();
          const tables = r.prepare("select name from sqlite_master order by 1").all();
          const pragmas = { journal: r.pragma('journal_mode', { simple: true }), version: r.pragma('user_version', { simple: true }) };
          return JSON.stringify({ rows, tables, pragmas, files: fs.readdirSync(dir).filter((f) => !f.startsWith('data.db')).sort() });
        } finally {
          r.close();
        }
      },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** The three engines SQL tasks run on. */
export const ENGINES: Engine[] = [mariadb, postgres, sqlite];
