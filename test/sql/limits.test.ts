import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSqlAction, type SqlOptions } from '../../src/exec/index.ts';
import { POSTGRES_URL } from '../support/postgres.ts';
import { ENGINES, type EngineDb } from './sql-engines.ts';

const MiB = 1024 * 1024;
const opts = (url: string): SqlOptions & { maxBytes: number } => ({ connections: { c: { url, write: false } }, maxRows: 5, maxBytes: MiB, chatRows: 2, outputLimitBytes: 60_000, secrets: [] });

/** The most this process's heap and buffers grew while `fn` ran (sampled every 2 ms), in bytes. */
async function peakGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; grew: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 2);
  try {
    const result = await fn();
    peak = Math.max(peak, used());
    return { result, grew: peak - base };
  } finally {
    clearInterval(timer);
  }
}

/** About 144–200 MB of rows of 1 MB each, in a shape the old row cap did not see. */
function wideRows(engine: string, table: string): string {
  if (engine === 'MariaDB') return `select a.id, repeat('x', 1000000) as w from ${table} a, ${table} b limit 144`;
  if (engine === 'PostgreSQL') return `/* wide */ (select g, repeat('x', 1000000) as w from generate_series(1, 200) g)`;
  return `with recursive c(x) as (select 1 union all select x + 1 from c where x < 200) select x, printf('%.*c', 1000000, 'x') as w from c`;
}

for (const engine of ENGINES) {
  describe(`limits a statement cannot lift on ${engine.name}`, async () => {
    const available = await engine.available();
    let db: EngineDb;
    beforeAll(async () => {
      if (available) db = await engine.setup();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it.skipIf(!available)('cuts wide rows at the byte cap whatever the statement says, and memory stays bounded', async () => {
      const { result: o, grew } = await peakGrowth(() => runSqlAction(opts(db.url), { sql: wideRows(engine.name, db.table), connection: 'c' }, 20_000));
      expect(o.status).toBe('succeeded');
      expect(o.output!.split('\n')[0]).toMatch(/^more than 1 rows \(cut at 1: over the 1048576-byte cap\)$/);
      expect(grew).toBeLessThan(48 * MiB);
    });

    it.skipIf(!available)('cuts a long result at the row cap on a writable connection too, and still commits', async () => {
      const o = await runSqlAction({ ...opts(db.url), connections: { c: { url: db.url, write: true } } }, { sql: `select a.id from ${db.table} a, ${db.table} b order by a.id limit 100`, connection: 'c' }, 10_000);
      expect([o.status, o.error, o.output?.split('\n')[0]]).toEqual(['succeeded', null, 'more than 5 rows (cut at 5)']);
    });

    it.skipIf(!available)('cuts at the row cap a statement whose own LIMIT is larger', async () => {
      const o = await runSqlAction(opts(db.url), { sql: `select a.id from ${db.table} a, ${db.table} b order by a.id limit 100`, connection: 'c' }, 10_000);
      expect([o.status, o.output!.split('\n')[0]]).toEqual(['succeeded', 'more than 5 rows (cut at 5)']);
    });
  });
}

describe('timeouts a statement cannot lift on PostgreSQL', async () => {
  const engine = ENGINES.find((e) => e.name === 'PostgreSQL')!;
  const available = await engine.available();

  it.skipIf(!available)('ends `set local statement_timeout = 0; select pg_sleep(45)` at once and not as succeeded', async () => {
    const t0 = Date.now();
    const o = await runSqlAction(opts(POSTGRES_URL), { sql: 'set local statement_timeout = 0; select pg_sleep(45)', connection: 'c' }, 2_000);
    expect(Date.now() - t0).toBeLessThan(2_600);
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/^refused before it ran: .*one statement/);
  });

  it.skipIf(!available)('records a statement that lifts the timeout from inside as timed out at the deadline', async () => {
    const t0 = Date.now();
    const o = await runSqlAction(opts(POSTGRES_URL), { sql: "select set_config('statement_timeout', '0', false), pg_sleep(45)", connection: 'c' }, 2_000);
    const took = Date.now() - t0;
    expect([o.status, o.error]).toEqual(['timed_out', 'the statement ran past 2000 ms and was stopped']);
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(3_500);
  });

  it.skipIf(!available)('answers SHOW', async () => {
    const o = await runSqlAction(opts(POSTGRES_URL), { sql: 'show server_version', connection: 'c' }, 5_000);
    expect(o.status).toBe('succeeded');
    expect(o.output!.split('\n').slice(0, 2)).toEqual(['1 row(s)', expect.stringMatching(/^server_version/)]);
    expect(o.output!.split('\n')[3]).toMatch(/^\d+\.\d+/);
  });
});
