import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import * as store from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase, freshDatabaseUrl } from '../support/databases.ts';
import { POSTGRES_URL } from '../support/postgres.ts';

const T0 = Date.parse('2026-12-01T01:00:00Z');

const task: store.NewTask = {
  chat: null,
  name: 'n',
  content: 'c',
  owner: null,
  mode: 'message',
  action: null,
  schedule: { kind: 'every', expr: '60000', tz: 'UTC', anchor: T0, text: 'every minute' },
  window: { startAt: null, endAt: null, maxRuns: null },
  status: 'active',
  policies: DEFAULT_POLICIES,
  notifyUrls: [],
  chase: null,
  nextRunAt: T0,
  createdBy: 'test',
};

describe.runIf(await dialectAvailable('postgres'))('opening PostgreSQL', () => {
  it('opens postgres:// and postgresql:// URLs as the postgres dialect, with the password out of `where`', async () => {
    for (const scheme of ['postgres', 'postgresql']) {
      const u = new URL(POSTGRES_URL.replace(/^postgres(ql)?:/, `${scheme}:`));
      u.password = 's3cret-pw';
      const d = store.openDatabase(u.toString());
      expect(d.dialect).toBe('postgres');
      expect(d.where).not.toContain('s3cret-pw');
      await d.close();
    }
  });

  it('migrates a fresh schema and stores instants as BIGINT milliseconds, as the other dialects', async () => {
    const { url, drop } = await freshDatabaseUrl('postgres');
    const d = await store.openMigrated(url);
    try {
      const cols = await d.db
        .withoutPlugins()
        .selectFrom('information_schema.columns' as never)
        .select(['column_name as c', 'data_type as t'] as never)
        .where('table_schema' as never, '=', new URL(url).searchParams.get('options')!.split('=')[1] as never)
        .where('table_name' as never, '=', 'runs' as never)
        .execute();
      const types = Object.fromEntries((cols as unknown as { c: string; t: string }[]).map((r) => [r.c, r.t]));
      expect(types).toMatchObject({ id: 'integer', scheduled_for: 'bigint', started_at: 'bigint', due_at: 'bigint', status: 'character varying' });
    } finally {
      await d.close();
      await drop();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`one behaviour on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);
    let h: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      if (available) h = await freshDatabase(dialect);
    });
    afterAll(async () => h?.drop());

    it.skipIf(!available)('keeps a transaction usable after a duplicate run, chase, message or lease (PostgreSQL would abort it)', async () => {
      const t = await store.insertTask(h.database.db, task, T0);
      const run = { taskId: t.id, scheduledFor: T0, trigger: 'schedule' as const, attempt: 1, status: 'running' as const, dueAt: null, startedAt: T0, instance: 'a' };
      const msg = { targetKind: 'chat' as const, platform: 'telegram', target: '-1', body: 'hi', dedupeKey: `k${t.id}`, now: T0 };
      const outcome = await h.database.write(async (tx) => {
        const first = await store.insertRun(tx, run);
        const again = await store.insertRun(tx, run);
        const chase = await store.openChase(tx, { taskId: t.id, runId: first!.id, scheduledFor: T0, openedAt: T0, nextChaseAt: null });
        const chaseAgain = await store.openChase(tx, { taskId: t.id, runId: first!.id, scheduledFor: T0, openedAt: T0, nextChaseAt: null });
        const sent = [await store.enqueueOutbox(tx, msg), await store.enqueueOutbox(tx, msg)];
        const leases = [await store.acquireLease(tx, `l${t.id}`, 'a', T0, 1000), await store.acquireLease(tx, `l${t.id}`, 'b', T0, 1000)];
        const setting = [await store.initSetting(tx, `s${t.id}`, 'one'), await store.initSetting(tx, `s${t.id}`, 'two')];
        return { first: first!.id > 0, again, chase: chase!.id > 0, chaseAgain, sent, leases, setting, runs: await store.countRuns(tx, t.id) };
      });
      expect(outcome).toEqual({ first: true, again: undefined, chase: true, chaseAgain: undefined, sent: [true, false], leases: [true, false], setting: ['one', 'one'], runs: 1 });
    });

    it.skipIf(!available)('tells the database clock in ms within a second of this host', async () => {
      const before = Date.now();
      const now = await h.database.now();
      expect(Math.abs(now - before)).toBeLessThan(1000);
      expect(Number.isInteger(now)).toBe(true);
    });
  });
}

describe.runIf(await dialectAvailable('postgres'))('PostgreSQL connection options', () => {
  it('cancels a statement that runs past the statement timeout', async () => {
    const d = store.openDatabase(POSTGRES_URL, { statementTimeoutMs: 200, poolSize: 1 });
    try {
      await expect(sql`select pg_sleep(2)`.execute(d.db)).rejects.toThrow(/statement timeout/);
    } finally {
      await d.close();
    }
  });

  it('asks for TLS when told to (this test server has none, so the connection is refused)', async () => {
    const d = store.openDatabase(POSTGRES_URL, { ssl: { rejectUnauthorized: false } });
    try {
      await expect(d.now()).rejects.toThrow(/does not support SSL/);
    } finally {
      await d.close();
    }
  });

  it('keeps no more connections than the pool size', async () => {
    const d = store.openDatabase(POSTGRES_URL, { poolSize: 2 });
    try {
      const pids = await Promise.all(Array.from({ length: 6 }, () => sql<{ p: number }>`select pg_backend_pid() as p, pg_sleep(0.1)`.execute(d.db)));
      expect(new Set(pids.map((r) => r.rows[0].p)).size).toBeLessThanOrEqual(2);
    } finally {
      await d.close();
    }
  });
});

