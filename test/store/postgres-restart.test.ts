import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { postgresBinaries, privatePostgres } from '../support/private-postgres.ts';

// A server restart while a transaction holds its connection between two statements: the server
// terminates the connection with no query in flight on it. That 'error' event, unheard, crashed
// the whole replica (the fault checker's PostgreSQL runs lost a replica at every restart).
describe.skipIf(!postgresBinaries())('a PostgreSQL store across a server restart', () => {
  let server: Awaited<ReturnType<typeof privatePostgres>> | undefined;
  afterAll(() => server?.destroy());

  it('survives the connection a transaction holds being terminated, reports the outage and works again once the server is back', async () => {
    server = await privatePostgres(39000 + (process.pid % 500));
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('create database chatcron');
    await admin.end();
    const database = store.openDatabase(server.url);
    try {
      const uncaught: unknown[] = [];
      const onUncaught = (err: unknown) => uncaught.push(err);
      // vitest's own handler stays: this one only records, so the test can say what happened.
      process.on('uncaughtException', onUncaught);
      try {
        const inside = database.write(async (tx) => {
          await sql`select 1`.execute(tx);
          // The connection is lent to this transaction and idle while the server goes down.
          await server!.stop();
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(tx);
        });
        const err = await inside.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, 'the transaction fails with the outage').toBeDefined();
        expect(store.isUnavailable(err), String(err)).toBe(true);
        expect(uncaught).toEqual([]);
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      await server.start();
      expect(await database.now()).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 60_000);
});
