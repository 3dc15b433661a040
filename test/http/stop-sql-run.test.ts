import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { postgresAvailable, POSTGRES_URL } from '../support/postgres.ts';
import { startTestService, waitFor } from './service.ts';

type Svc = Awaited<ReturnType<typeof startTestService>>;

// Each engine's statement would run 30 s; a stop must end it in the server within about a
// second (the holder reads stop requests every 0.5 s, then KILL QUERY / pg_cancel_backend / a
// kill of SQLite's child). The bound asserted is 5 s: far below the 30 s an uninterrupted
// statement takes, with room for a loaded machine.
const STOP_BOUND_MS = 5_000;
const tag = `chatcron_stop_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

interface EngineCase {
  name: string;
  connection: string;
  available(): Promise<boolean>;
  /** The statement, marked so that the server's session list can find it. */
  slow: string;
  /** Whether the server still runs the statement (asked of the server itself). */
  stillRuns?(): Promise<boolean>;
}

describe('stopping a running SQL task interrupts its statement', { timeout: 90_000 }, () => {
  let s: Svc;
  let maria: { url: string; drop(): Promise<void> } | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-stop-sql-'));
  const liteFile = path.join(dir, 'data.db');

  const cases: EngineCase[] = [
    {
      name: 'MariaDB',
      connection: 'maria',
      available: mysqlAvailable,
      slow: `select sleep(30) as ${tag}`,
      async stillRuns() {
        const c = await createConnection({ uri: maria!.url });
        try {
          const [rows] = await c.query("select count(*) as n from information_schema.processlist where info like ? and command <> 'Sleep'", [`%as ${tag}%`]);
          // This query's own text holds the tag too: more than one means the task's statement.
          return Number((rows as { n: number }[])[0].n) > 1;
        } finally {
          await c.end();
        }
      },
    },
    {
      name: 'PostgreSQL',
      connection: 'pg',
      available: postgresAvailable,
      slow: `select pg_sleep(30) as ${tag}`,
      async stillRuns() {
        const c = new pg.Client({ connectionString: POSTGRES_URL });
        await c.connect();
        try {
          const r = await c.query("select count(*)::int as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()", [`%as ${tag}%`]);
          return r.rows[0].n > 0;
        } finally {
          await c.end();
        }
      },
    },
    {
      name: 'SQLite',
      connection: 'lite',
      available: async () => true,
      // Never returns to JavaScript: only killing the process that runs it ends it.
      slow: 'with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c',
    },
  ];

  beforeAll(async () => {
    const db = new Database(liteFile);
    db.exec('create table t (x int)');
    db.close();
    const connections: Record<string, { url: string; write: boolean }> = { lite: { url: `sqlite:${liteFile}`, write: false } };
    if (await mysqlAvailable()) {
      maria = await freshDatabaseUrl('mysql');
      connections.maria = { url: maria.url, write: false };
    }
    if (await postgresAvailable()) connections.pg = { url: POSTGRES_URL, write: false };
    s = await startTestService({ config: { minInterval: '1s', sql: { connections, maxRows: 100, chatRows: 5 } } });
  });
  afterAll(async () => {
    await s?.close();
    await maria?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(`stops ${c.name}'s statement within about a second of the stop, recorded stopped by whom, not retried`, async (t) => {
      if (!(await c.available())) return t.skip();
      const made = await s.call('POST', '/api/tasks', { body: { name: `slow ${c.name}`, every: '1d', sql: c.slow, connection: c.connection, timeoutMs: 120_000, retries: 2 } });
      expect(made.status, made.text).toBe(201);
      const run = (await s.call('POST', `/api/tasks/${made.json.id}/run`)).json;
      await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.status === 'running', 10_000, 'the run to start');
      if (c.stillRuns) await waitFor(() => c.stillRuns!(), 10_000, `the statement to run in ${c.name}`);
      else await new Promise((r) => setTimeout(r, 500)); // SQLite's child has started and is counting

      const asked = Date.now();
      const stop = await s.call('POST', `/api/runs/${run.id}/stop`);
      expect(stop.status, stop.text).toBe(202);
      expect(stop.json.state).toBe('stopping');
      const ended = await waitFor(async () => {
        const r = (await s.call('GET', `/api/runs/${run.id}`)).json;
        return r.status !== 'running' ? r : null;
      }, 30_000, 'the run to end');
      const took = Date.now() - asked;
      expect(ended).toMatchObject({ status: 'stopped', error: 'stopped by console' });
      expect(took).toBeLessThan(STOP_BOUND_MS);
      if (c.stillRuns) expect(await c.stillRuns()).toBe(false);
      // Stopped on request is not a failure: no retry is queued.
      const runs = (await s.call('GET', `/api/tasks/${made.json.id}/runs`)).json.runs.map((r: { status: string }) => r.status);
      expect(runs).toEqual(['stopped']);
    });
  }
});
