import { afterEach, describe, expect, it } from 'vitest';
import { Engine, systemClock, type Clock } from '../../src/engine/index.ts';
import { Executor } from '../../src/exec/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabase, mysqlAvailable } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';
import { onceTask } from '../support/tasks.ts';

const hasMysql = await mysqlAvailable();
const skewed = (ms: number): Clock => ({ ...systemClock, now: () => Date.now() + ms });

function engineOn(database: store.Database, id: string, clock: Clock = systemClock) {
  const log = memoryLog();
  const executor = new Executor({ actions: {}, env: {}, outputLimitBytes: 4096, secrets: [] });
  return { log, engine: new Engine({ database, executor, log, clock, instanceId: id, retention: { maxRuns: 10, maxAgeMs: 86_400_000 } }) };
}

describe.skipIf(!hasMysql)('replicas sharing one MySQL database', () => {
  let drop = async () => {};
  afterEach(() => drop());

  it('warns when this host clock is off the database clock by more than two seconds, and decides due-ness by the database clock', async () => {
    const h = await freshDatabase('mysql');
    drop = h.drop;
    const ahead = engineOn(h.database, 'ahead', skewed(5000));
    await ahead.engine.maintain();
    expect(ahead.log.lines.some((l) => l.level === 'error' && (l.obj as { problem?: string }).problem === 'clock-skew')).toBe(true);
    const dbNow = await h.database.now();
    expect(Math.abs(ahead.engine.now() - dbNow)).toBeLessThan(500);
    // Due in 2 s by the database: the host, 5 s ahead, would think it overdue.
    const at = dbNow + 2000;
    await store.insertTasksBulk(h.database, [onceTask(0, at, { name: 'soon' })], dbNow);
    expect(await ahead.engine.tick()).toBe(0);

    const exact = engineOn(h.database, 'exact');
    await exact.engine.maintain();
    expect(exact.log.lines.some((l) => (l.obj as { problem?: string }).problem === 'clock-skew')).toBe(false);
  });

  it('lets one replica hold the retention lease and moves it when the holder stops renewing', async () => {
    const h = await freshDatabase('mysql');
    drop = h.drop;
    const a = engineOn(h.database, 'replica-a');
    const b = engineOn(h.database, 'replica-b');
    await a.engine.maintain();
    await b.engine.maintain();
    expect((await store.findLease(h.database.db, 'retention'))?.holder).toBe('replica-a');
    // replica-a dies: its lease runs out and is not renewed.
    await h.database.db.updateTable('leases').set({ expiresAt: (await h.database.now()) - 1 }).where('name', '=', 'retention').execute();
    await b.engine.maintain();
    expect((await store.findLease(h.database.db, 'retention'))?.holder).toBe('replica-b');
    await a.engine.maintain();
    expect((await store.findLease(h.database.db, 'retention'))?.holder).toBe('replica-b');
  });
});
