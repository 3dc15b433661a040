import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database, type DialectName } from '../../src/store/index.ts';
import { POSTGRES_URL, postgresAvailable } from './postgres.ts';

/** The MySQL server the suites use. */
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

let mysqlReachable: Promise<boolean> | undefined;

/**
 * Whether the MySQL server answers. When it does not, MySQL suites are skipped with a loud
 * message, except under CI, where a missing server is a failure.
 */
export function mysqlAvailable(): Promise<boolean> {
  mysqlReachable ??= (async () => {
    try {
      const c = await createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
      await c.end();
      return true;
    } catch (err) {
      if (process.env.CI) throw new Error(`CI is set but MySQL at ${MYSQL_URL} does not answer: ${(err as Error).message}`);
      console.warn(`\n*** MySQL at ${MYSQL_URL} does not answer (${(err as Error).message}): MySQL suites are SKIPPED ***\n`);
      return false;
    }
  })();
  return mysqlReachable;
}

/** Whether a suite of this dialect can run here (SQLite always; a server when it answers, always under CI). */
export function dialectAvailable(dialect: DialectName): Promise<boolean> {
  if (dialect === 'sqlite') return Promise.resolve(true);
  return dialect === 'mysql' ? mysqlAvailable() : postgresAvailable();
}

/**
 * A fresh schema in the PostgreSQL test database, reached by a URL whose connections use it
 * (search_path in the startup options), so that the service needs no schema setting of its own.
 */
async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `chatcron_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${name}`);
  await admin.end();
  const u = new URL(POSTGRES_URL);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists ${name} cascade`);
      await c.end();
    },
  };
}

/** A fresh, empty database URL of the given dialect (a temp SQLite file, a new MySQL database, a new PostgreSQL schema). */
export async function freshDatabaseUrl(dialect: DialectName): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-'));
    return { url: `sqlite:${path.join(dir, 'test.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgres') return freshPostgresUrl();
  const name = `chatcron_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = await createConnection({ uri: MYSQL_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** A migrated database for a test, and how to throw it away. */
export async function freshDatabase(dialect: DialectName): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const { url, drop } = await freshDatabaseUrl(dialect);
  const database = openDatabase(url);
  await migrateToLatest(database);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await drop();
    },
  };
}

/** The dialects a contract suite loops over: SQLite always, MySQL and PostgreSQL when their servers answer (always under CI). */
export const DIALECTS = ['sqlite', 'mysql', 'postgres'] as const;
