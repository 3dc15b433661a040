import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { dialectAvailable, freshDatabaseUrl } from '../support/databases.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

// PostgreSQL replicas wake each other through LISTEN/NOTIFY. Polling and heartbeats are set so
// long here (30 s, 60 s) that a replica which only polls would start a task created through a
// peer tens of seconds late: on time means the peer's NOTIFY woke it.
const TOKEN = 'notify-test-token-0123456789';
const PASSWORD = 'pw-never-logged-4242';
const API = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe.skipIf(!(await dialectAvailable('postgres')))('replicas on PostgreSQL woken by NOTIFY', () => {
  let url = '';
  let drop = async () => {};
  let database: store.Database;
  let a: ServiceProcess;
  let b: ServiceProcess;
  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl('postgres'));
    database = await store.openMigrated(url);
    // A password in the URL (trust auth ignores it here), which no log line may show.
    const withPassword = new URL(url);
    withPassword.password = PASSWORD;
    const env = { DATABASE_URL: withPassword.toString(), CHATCRON_DB_POOL_SIZE: '4', CHATCRON_DB_STATEMENT_TIMEOUT_MS: '10000', CHATCRON_API_TOKEN: TOKEN, CHATCRON_POLL_INTERVAL_MS: '30000', CHATCRON_HEARTBEAT_MS: '60000', CHATCRON_LAPSE_MS: '300000' };
    [a, b] = await Promise.all([startServe(env, 60_000), startServe(env, 60_000)]);
    for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/readyz`)).status === 200, 30_000, 'ready');
    // Both listening: two LISTEN sessions on this schema's channel.
    await waitFor(async () => (await listeners()) >= 2, 10_000, 'two listeners');
  }, 90_000);
  afterAll(async () => {
    a?.child.kill('SIGCONT');
    for (const s of [a, b]) s?.child.kill('SIGKILL');
    await database?.close();
    await drop();
  });

  async function listeners(): Promise<number> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query(`select count(*)::int as n from pg_stat_activity where query ilike 'listen "chatcron_changes_%' and datname = current_database() and query like $1`, [`%${new URL(url).searchParams.get('options')!.split('=')[1]}%`]);
      return r.rows[0].n;
    } finally {
      await c.end();
    }
  }

  async function createThroughA(dueAt: number): Promise<number> {
    const res = await fetch(`${a.url}/api/tasks`, { method: 'POST', headers: API, body: JSON.stringify({ name: 'on time', content: 'wake the peer', at: new Date(dueAt).toISOString() }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  }

  it('starts a task created through replica A on replica B at its due instant when only B is free to claim it', async () => {
    const dueAt = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const id = await createThroughA(dueAt);
    // A announced the task as it answered; from now on it cannot claim anything.
    await new Promise((r) => setTimeout(r, 300));
    a.child.kill('SIGSTOP');
    try {
      const run = await waitFor(async () => (await store.listRuns(database.db, id, 5))[0], 15_000, 'the run');
      expect(run.instance).toContain(`/${b.child.pid}/`);
      expect(run.scheduledFor).toBe(dueAt);
      // A poll-only replica would be ~30 s late.
      expect(run.startedAt! - dueAt).toBeLessThan(1500);
    } finally {
      a.child.kill('SIGCONT');
    }
  }, 30_000);

  it('falls back to polling when the listening connection is lost, says so once, and is woken again once it is back', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const schema = new URL(url).searchParams.get('options')!.split('=')[1];
    // The server ends B's (and A's) LISTEN sessions, twice in a row: one warning each, not two.
    for (let i = 0; i < 2; i++) {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen "chatcron_changes_${schema}%'`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await admin.end();
    await waitFor(async () => (await listeners()) >= 2, 20_000, 'listening again');
    const logs = b.logs.join('');
    expect(logs.match(/lost the PostgreSQL LISTEN connection/g)?.length).toBe(1);
    expect(logs).toContain('LISTEN connection is back');
    const dueAt = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const id = await createThroughA(dueAt);
    await new Promise((r) => setTimeout(r, 300));
    a.child.kill('SIGSTOP');
    try {
      const run = await waitFor(async () => (await store.listRuns(database.db, id, 5))[0], 15_000, 'the run');
      expect(run.instance).toContain(`/${b.child.pid}/`);
      expect(run.startedAt! - dueAt).toBeLessThan(1500);
    } finally {
      a.child.kill('SIGCONT');
    }
  }, 60_000);

  it('never logs the database password, through start, LISTEN loss and reconnection', () => {
    const logs = [...a.logs, ...b.logs].join('');
    expect(logs).toContain('listening on');
    expect(logs).toContain(':***@');
    expect(logs).not.toContain(PASSWORD);
  });
});
