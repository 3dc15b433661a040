import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startService } from '../../src/main.ts';
import { explainSqliteError } from '../../src/store/index.ts';

// What an operator reads when the service cannot use its SQLite file: the path, why, and what
// to do, instead of SQLite's bare "unable to open database file" / "database or disk is full".

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-start-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const start = (databaseUrl: string) => startService(loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', CHATCRON_API_TOKEN: 'start-errors-token-0123456789', CHATCRON_STARTUP_WAIT_MS: '0' }, dir), pino({ level: 'silent' }));

describe('starting on a SQLite file it cannot use', () => {
  it('names the file, says the folder is missing or not writable, and what to do', async () => {
    // A "folder" that is a plain file: nothing can be created under it.
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const file = path.join(dir, 'not-a-folder', 'x.db');
    const err = await start(`sqlite:${file}`).then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(`cannot open the database file ${file}: the folder does not exist or is not writable (DATABASE_URL=sqlite:${file}); create the folder and let the service write there, or set DATABASE_URL to another file`);
  });

  it('says the same of a folder on a read-only file system', async () => {
    const err = await start('sqlite:/proc/chatcron-test.db').then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^cannot open the database file \/proc\/chatcron-test\.db: the folder does not exist or is not writable \(DATABASE_URL=sqlite:\/proc\/chatcron-test\.db\)/);
  });

  it('explains a full disk with the file it holds', () => {
    // A real SQLITE_FULL: the file may not grow past two pages.
    const db = new Database(path.join(dir, 'full.db'));
    db.exec('create table t (x text)');
    db.pragma('max_page_count = 2');
    let full: unknown;
    try {
      for (let i = 0; i < 100; i++) db.prepare('insert into t values (?)').run('x'.repeat(2000));
    } catch (e) {
      full = e;
    }
    db.close();
    expect((full as { code?: string }).code).toBe('SQLITE_FULL');
    expect(explainSqliteError(full, './data/x.db')).toBe('the disk holding the database file ./data/x.db is full; free space there, or set DATABASE_URL to a file on another disk');
    expect(explainSqliteError(new Error('something else'), './data/x.db')).toBeUndefined();
  });
});
