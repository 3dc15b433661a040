import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { migrateToLatest, openDatabase, type Database } from '../../src/store/index.ts';

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

/** A fresh, empty database URL of the given dialect (a temp SQLite file, or a new MySQL schema). */
export async function freshDatabaseUrl(dialect: 'sqlite' | 'mysql'): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-'));
    return { url: `sqlite:${path.join(dir, 'test.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
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
export async function freshDatabase(dialect: 'sqlite' | 'mysql'): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
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

/** The dialects a contract suite loops over: SQLite always, MySQL when its server answers (always under CI). */
export const DIALECTS = ['sqlite', 'mysql'] as const;
