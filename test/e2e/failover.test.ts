import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { everyTask } from '../support/tasks.ts';

// Two `chatcron serve` replicas on MariaDB; one is SIGKILLed just before a second boundary,
// after it claimed that second's occurrences ahead (claim-ahead is 200 ms). None of them is lost
// or doubled: the survivor runs them within heartbeat + lapse (1 s + 4 s by default).
const hasMysql = await mysqlAvailable();
const TASKS = 40;
const RUNS = 20;

describe.skipIf(!hasMysql)('a replica killed inside the claim-ahead window', () => {
  let url = '';
  let drop = async () => {};
  let database: store.Database;
  let replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl('mysql'));
    database = store.openDatabase(url);
    await store.migrateToLatest(database);
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await database?.close();
    await drop();
  });

  it('loses and doubles no occurrence it had claimed, and the survivor runs them at most 10 s late', async () => {
    const env = { DATABASE_URL: url, CHATCRON_POLL_INTERVAL_MS: '200' };
    replicas = await Promise.all([startServe(env, 90_000), startServe(env, 90_000)]);
    const anchor = Math.ceil((Date.now() + 3000) / 1000) * 1000;
    const rows = Array.from({ length: TASKS }, (_, i) => everyTask(i, '1s', anchor, { name: `f${i}`, content: `failover ${i}`, window: { startAt: null, endAt: null, maxRuns: RUNS }, createdBy: 'failover-test' }));
    await store.insertTasksBulk(database, rows, Date.now());
    // Both replicas claim. Kill one as soon as it holds occurrences of a coming second that it
    // claimed ahead (running, due in the future): that is, inside its claim-ahead window.
    const victim = replicas[0];
    await waitFor(async () => (await database.db.selectFrom('instances').select('id').execute()).some((r) => r.id.includes(`/${victim.child.pid}/`)), 30_000, 'the victim registered');
    const victimId = (await database.db.selectFrom('instances').select('id').execute()).map((r) => r.id).find((id) => id.includes(`/${victim.child.pid}/`))!;
    let boundary = 0;
    await waitFor(
      async () => {
        const now = Date.now();
        const ahead = await database.db.selectFrom('runs').select(['scheduledFor']).where('instance', '=', victimId).where('status', '=', 'running').where('scheduledFor', '>', now + 20).limit(1).executeTakeFirst();
        if (!ahead || Number(ahead.scheduledFor) > anchor + (RUNS - 5) * 1000) return false;
        victim.child.kill('SIGKILL');
        boundary = Number(ahead.scheduledFor);
        return true;
      },
      (RUNS - 5) * 1000,
      'the victim holding occurrences it claimed ahead',
    );
    await victim.exited;
    const killedAt = Date.now();
    replicas = replicas.slice(1);

    const last = anchor + (RUNS - 1) * 1000;
    const runs = await waitFor(
      async () => {
        if (Date.now() < last + 500) return false;
        const open = await database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['running', 'queued']).executeTakeFirst();
        if (Number(open?.n) > 0) return false;
        const all = await database.db.selectFrom('runs').select(['taskId', 'scheduledFor', 'trigger', 'status', 'startedAt', 'instance']).execute();
        return all.length >= TASKS * RUNS ? all.map((r) => ({ ...r, scheduledFor: Number(r.scheduledFor), startedAt: Number(r.startedAt) })) : false;
      },
      90_000,
      'every occurrence recorded and nothing left running',
    );
    const keys = runs.map((r) => `${r.taskId}:${r.scheduledFor}:${r.trigger}`);
    expect(new Set(keys).size, 'an occurrence ran twice').toBe(keys.length);
    expect(runs.length).toBe(TASKS * RUNS);
    const notSucceeded = runs.filter((r) => r.status !== 'succeeded');
    expect(notSucceeded.slice(0, 5), 'occurrences that did not run').toEqual([]);
    // The occurrences the victim had claimed ahead ran on the survivor, late but within the bound.
    const late = runs.filter((r) => r.startedAt - r.scheduledFor > 1000);
    expect(late.length, 'the kill fell inside a claim-ahead window (else this tested nothing)').toBeGreaterThan(0);
    expect(late.every((r) => r.instance !== victimId)).toBe(true);
    const worst = Math.max(...runs.map((r) => r.startedAt - r.scheduledFor));
    expect(worst, 'lateness of the taken-over occurrences').toBeLessThanOrEqual(10_000);
    const takeovers = replicas[0].logs.join('').split('\n').filter((l) => l.includes('took over the runs of stopped instance'));
    expect(takeovers).toHaveLength(1);
    console.info(`[failover] ${JSON.stringify({ killedAt: killedAt - boundary, takenOver: late.length, worstLatenessMs: worst })}`);
  }, 240_000);
});
