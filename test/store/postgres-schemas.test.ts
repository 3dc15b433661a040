import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { dialectAvailable, freshDatabaseUrl } from '../support/databases.ts';

// Two chatcron stores in two schemas of one PostgreSQL database (or chatcron beside another app
// that uses kysely's migrations): kysely's Migrator looked for its tables by name in every
// schema, found the other schema's, skipped creating its own and failed with 'relation
// "kysely_migration_lock" does not exist' (seen in CI whenever parallel tests held a schema).
describe.skipIf(!(await dialectAvailable('postgres')))('PostgreSQL stores in two schemas of one database', () => {
  const drops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const drop of drops.splice(0)) await drop();
  });

  it('migrates a fresh schema while another schema of the database already holds a migrated store, each keeping its own migration tables', async () => {
    const first = await freshDatabaseUrl('postgres');
    drops.push(first.drop);
    const a = await store.openMigrated(first.url);
    await a.close();

    const second = await freshDatabaseUrl('postgres');
    drops.push(second.drop);
    const b = await store.openMigrated(second.url);
    try {
      const { rows } = await sql<{ schema: string; n: string }>`select current_schema() as schema, (select count(*) from kysely_migration) as n`.execute(b.db);
      expect(Number(rows[0].n)).toBeGreaterThan(0);
      expect(await store.isMigrated(b)).toBe(true);
      const tables = await sql<{ table_schema: string }>`select table_schema from information_schema.tables where table_name = 'kysely_migration_lock' and table_schema = ${rows[0].schema}`.execute(b.db);
      expect(tables.rows).toHaveLength(1);
    } finally {
      await b.close();
    }
  });
});
