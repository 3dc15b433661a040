import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSqlAction, type SqlOptions } from '../../src/exec/index.ts';
import { ENGINES, type EngineDb } from './sql-engines.ts';

const opts = (url: string, write = false): SqlOptions => ({ connections: { c: { url, write } }, maxRows: 5, chatRows: 2, outputLimitBytes: 60_000, secrets: [] });

/** Statements the security probe of issue #20 ran on read-only connections, per engine. */
function attacks(engine: string, db: EngineDb): { name: string; sql: string; file?: string }[] {
  const t = db.table;
  const common = [
    { name: 'a second statement after COMMIT', sql: `commit; delete from ${t} where id = 3` },
    { name: 'a second statement after COMMIT behind a leading comment', sql: `/* nightly */ commit; delete from ${t} where id = 3` },
    { name: 'a write after a SELECT', sql: `select 1; delete from ${t} where id = 3` },
    // SQLite has no TRUNCATE: an unqualified DELETE is its truncate.
    { name: 'TRUNCATE', sql: engine === 'SQLite' ? `delete from ${t}` : `truncate table ${t}` },
    { name: 'DROP TABLE', sql: `drop table ${t}` },
    { name: 'CREATE TABLE', sql: `create table ${t}_extra (a int)` },
  ];
  if (engine === 'MariaDB') {
    const f1 = db.scratchFile();
    const f2 = db.scratchFile();
    const f3 = db.scratchFile();
    return [
      ...common,
      { name: 'RENAME TABLE', sql: `rename table ${t} to gone` },
      { name: 'CREATE USER', sql: "create user 'chatcron_probe'@'localhost'" },
      { name: 'SET GLOBAL', sql: 'set global read_only = 1' },
      { name: 'FLUSH PRIVILEGES', sql: 'flush privileges' },
      { name: 'SELECT … INTO OUTFILE', sql: `select * from ${t} into outfile '${f1}'`, file: f1 },
      { name: 'INTO OUTFILE inside an executable comment', sql: `select * from ${t} /*! into outfile '${f2}' */`, file: f2 },
      { name: 'INTO OUTFILE after a -- that MariaDB does not read as a comment', sql: `select 1 --1 into outfile '${f3}'`, file: f3 },
      { name: 'SELECT … INTO @variable', sql: `select id into @v from ${t} limit 1` },
    ];
  }
  if (engine === 'PostgreSQL') {
    const f = db.scratchFile();
    return [
      ...common,
      { name: 'ALTER TABLE … RENAME', sql: `alter table ${t} rename to gone` },
      { name: 'CREATE USER', sql: 'create user chatcron_probe' },
      { name: 'SET SESSION CHARACTERISTICS then a write', sql: `set session characteristics as transaction read write; delete from ${t}` },
      { name: 'COPY … TO a server file', sql: `copy (select * from ${t}) to '${f}'`, file: f },
      { name: 'a DO block that commits and writes', sql: `do $$ begin commit; set transaction read write; delete from ${t}; end $$` },
    ];
  }
  const f = db.scratchFile();
  return [
    ...common,
    { name: 'VACUUM INTO a new file', sql: `vacuum into '${f}'`, file: f },
    { name: 'ATTACH a new file', sql: `attach database '${db.scratchFile()}' as other` },
    { name: 'PRAGMA query_only = 0', sql: 'pragma query_only = 0' },
    { name: 'PRAGMA journal_mode = WAL', sql: 'pragma journal_mode = wal' },
    { name: 'PRAGMA user_version = 7', sql: 'pragma user_version = 7' },
  ];
}

for (const engine of ENGINES) {
  describe(`read-only SQL connections on ${engine.name}`, async () => {
    const available = await engine.available();
    let db: EngineDb;
    let before: string;
    beforeAll(async () => {
      if (!available) return;
      db = await engine.setup();
      before = await db.fingerprint();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it.skipIf(!available)('refuses every statement of the probe before it runs, and nothing changes', async () => {
      const seen: string[] = [];
      for (const a of attacks(engine.name, db)) {
        const t0 = Date.now();
        const o = await runSqlAction(opts(db.url), { sql: a.sql, connection: 'c' }, 5_000);
        seen.push(`${a.name}: ${o.status}${o.status === 'failed' && /^refused before it ran: /.test(o.error ?? '') ? ' (refused)' : ` ${o.error ?? o.output}`}`);
        expect(Date.now() - t0, a.name).toBeLessThan(4_000);
        if (a.file) expect(await db.fileExists(a.file), `${a.name} wrote ${a.file}`).toBe(false);
        expect(await db.fingerprint(), `${a.name} changed the database`).toBe(before);
      }
      expect(seen).toEqual(attacks(engine.name, db).map((a) => `${a.name}: failed (refused)`));
    });

    it.skipIf(!available)('refuses several statements on a writable connection too, so none of them commits', async () => {
      const o = await runSqlAction(opts(db.url, true), { sql: `delete from ${db.table} where id = 3; select 1`, connection: 'c' }, 5_000);
      expect(o.status).toBe('failed');
      expect(o.error).toMatch(/^refused before it ran: .*one statement/);
      expect(await db.fingerprint()).toBe(before);
    });

    it.skipIf(!available)('still answers reads that look like attacks but are not', async () => {
      const o = await runSqlAction(opts(db.url), { sql: `select count(*) as n, 'a; delete from items' as s from ${db.table} where name <> '; drop table items' -- ; truncate`, connection: 'c' }, 5_000);
      expect([o.status, o.output?.split('\n')[3]]).toEqual(['succeeded', '12 | a; delete from items']);
    });
  });
}
