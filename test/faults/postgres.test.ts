import { afterAll, describe, expect, it } from 'vitest';
import { postgresBinaries } from '../support/private-postgres.ts';
import { runScenario, summary } from './scenario.ts';

const available = !!postgresBinaries();
if (!available) {
  if (process.env.CI) throw new Error('CI is set but this machine has no PostgreSQL server binaries for the fault checker');
  console.warn('\n*** no PostgreSQL server binaries on this machine: the PostgreSQL fault run is SKIPPED ***\n');
}

// The short fault run on PostgreSQL (a private server, stopped and started mid-run): the same
// scenario and the same verdicts as on MariaDB. `npm run faults -- --dialect postgres` runs the long version.
describe.skipIf(!available)('the fault checker on PostgreSQL', () => {
  const stop = new AbortController();
  afterAll(() => stop.abort());

  for (const replicas of [2, 3]) {
    it(`loses, doubles and overlaps nothing with ${replicas} replicas, and the survivors take over within the lateness bound`, async () => {
      const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
      const r = await runScenario({ dialect: 'postgres', replicas, firingMs: 15_000, kills: 3, sigterms: 1, dbOutageMs: 3_000, platformDownMs: 3_000, messageTasks: 30, commandTasks: 4, latenessBoundMs: 10_000, settleMs: 15_000, seed, signal: stop.signal });
      const s = summary(r, 'postgres');
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
  }
});
