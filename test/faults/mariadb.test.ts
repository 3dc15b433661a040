import { afterAll, describe, expect, it } from 'vitest';
import { mariadbBinary } from '../support/private-mariadb.ts';
import { runScenario, summary } from './scenario.ts';

const available = !!mariadbBinary();
if (!available) {
  if (process.env.CI) throw new Error('CI is set but this machine has no mariadbd for the fault checker');
  console.warn('\n*** no mariadbd on this machine: the MariaDB fault run is SKIPPED ***\n');
}

// The short fault run on MariaDB: two `serve` replicas, SIGKILLs (half inside the claim-ahead
// window), a SIGTERM, the database stopped and started, the chat platform down for a while.
// `npm run faults` runs the long version.
describe.skipIf(!available)('the fault checker on MariaDB, two replicas', () => {
  const stop = new AbortController();
  afterAll(() => stop.abort());

  it('loses, doubles and overlaps nothing, and the survivor takes over within the lateness bound', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
    const r = await runScenario({ dialect: 'mysql', replicas: 2, firingMs: 15_000, kills: 3, sigterms: 1, dbOutageMs: 3_000, platformDownMs: 3_000, messageTasks: 30, commandTasks: 4, latenessBoundMs: 10_000, settleMs: 15_000, seed, signal: stop.signal });
    const s = summary(r, 'mysql');
    const why = `seed ${seed}: ${JSON.stringify(s)}`;
    expect(r.kills, why).toBe(3);
    expect(r.dbOutages, why).toBe(1);
    expect(s.crashes, why).toBe(0);
    expect(s.lost, why).toBe(0);
    expect(s.doubled, why).toBe(0);
    expect(s.overlaps, why).toBe(0);
    expect(s.late, why).toBe(0);
    expect(r.sigtermExits, why).toEqual([0]);
    expect(r.platform.delivered, why).toBeGreaterThanOrEqual(r.platform.owed);
    expect(r.platform.owed, why).toBeGreaterThan(0);
  }, 180_000);
});
