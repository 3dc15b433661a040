import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSqlAction, type SqlOptions } from '../../src/exec/index.ts';
import { ENGINES, type EngineDb } from './sql-engines.ts';

/** Statement pieces per engine: writes, DDL, session and transaction control, file writes, reads. */
function pieces(engine: string, t: string, files: string[]): { writes: string[]; reads: string[] } {
  const writes = [
    `insert into ${t} (id, name) values (99, 'new')`,
    `update ${t} set name = 'changed'`,
    `delete from ${t} where id = 3`,
    `drop table ${t}`,
    `create table ${t}_x (a int)`,
    `alter table ${t} add column extra int`,
    `create index items_name on ${t} (name)`,
    `create view ${t}_v as select 1 as one`,
    'commit',
    'rollback',
    'begin',
    ...(engine === 'SQLite' ? [`delete from ${t}`, 'pragma query_only = 0', 'pragma user_version = 9', `vacuum into '${files[0]}'`, `attach database '${files[1]}' as x`, `replace into ${t} values (1, 'r')`, 'analyze'] : []),
    ...(engine === 'MariaDB' ? [`truncate table ${t}`, 'start transaction', 'set transaction read write', 'set session transaction read write', `replace into ${t} values (1, 'r')`, `rename table ${t} to gone`, `select * from ${t} into outfile '${files[0]}'`, `select 1 into dumpfile '${files[1]}'`, `select id from ${t} limit 1 into @v`, "create user 'chatcron_probe'@'localhost'", 'flush privileges', `optimize table ${t}`] : []),
    ...(engine === 'PostgreSQL' ? [`truncate table ${t}`, 'set transaction read write', 'set session characteristics as transaction read write', 'reset all', `copy ${t} to '${files[0]}'`, `copy (select 1) to '${files[1]}'`, `do $$ begin delete from ${t}; end $$`, `with d as (delete from ${t} returning *) select * from d`, `alter table ${t} rename to gone`, 'create user chatcron_probe', `select * into ${t}_copy from ${t}`] : []),
  ];
  const reads = [`select * from ${t}`, 'select 1', `select count(*) from ${t} where name like '%;%'`, `select 'x; ${writes[2].replace(/'/g, "''")}' as s`];
  return { writes, reads };
}

/** Random statements: one piece, or 2–3 joined by `;`, with comments and literals holding `;` around them. */
function statements(engine: string, t: string, files: string[]): fc.Arbitrary<string> {
  const { writes, reads } = pieces(engine, t, files);
  const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...writes) }, { weight: 1, arbitrary: fc.constantFrom(...reads) });
  const comment = fc.constantFrom('', '/* nightly; report */ ', '-- ; drop\n', `/* ${writes[0]}; */`, ...(engine === 'MariaDB' ? ['# ;\n'] : []));
  const glue = fc.constantFrom(';', '; ', ';\n', ' ;-- x\n', `; /* ; */ `);
  const casing = fc.boolean();
  return fc
    .tuple(comment, fc.oneof({ weight: 3, arbitrary: piece.map((p) => [p]) }, { weight: 2, arbitrary: fc.array(piece, { minLength: 2, maxLength: 3 }) }), fc.array(glue, { minLength: 2, maxLength: 2 }), comment, casing, fc.constantFrom('', ';', ';;'))
    .map(([lead, ps, gs, tail, upper, end]) => {
      const body = ps.map((p, i) => (i === 0 ? p : `${gs[(i - 1) % gs.length]}${p}`)).join('');
      const text = `${lead}${upper ? body.toUpperCase().replace(new RegExp(t.toUpperCase(), 'g'), t) : body}${end}${tail ? ` ${tail}` : ''}`;
      return text;
    });
}

for (const engine of ENGINES) {
  describe(`random statements on a read-only ${engine.name} connection`, async () => {
    const available = await engine.available();
    let db: EngineDb;
    let before: string;
    let files: string[];
    beforeAll(async () => {
      if (!available) return;
      db = await engine.setup();
      files = [db.scratchFile(), db.scratchFile()];
      before = await db.fingerprint();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it.skipIf(!available)('change nothing, whatever they hold', async () => {
      const opts: SqlOptions = { connections: { ro: { url: db.url, write: false } }, maxRows: 5, chatRows: 2, outputLimitBytes: 60_000, secrets: [] };
      await fc.assert(
        fc.asyncProperty(statements(engine.name, db.table, files), async (sql) => {
          const o = await runSqlAction(opts, { sql, connection: 'ro' }, 5_000);
          expect(await db.fingerprint(), sql).toBe(before);
          for (const f of files) expect(await db.fileExists(f), `${sql} wrote ${f}`).toBe(false);
          // Nor is anything reported as written.
          expect(o.output ?? '', sql).not.toMatch(/row\(s\) changed/);
        }),
        // A change stays in the database, so shrinking after one would blame innocent statements.
        { numRuns: engine.name === 'SQLite' ? 30 : 60, endOnFailure: true },
      );
    });
  });
}
