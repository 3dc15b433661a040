import { afterAll, describe, expect, it } from 'vitest';
import { runScenario, summary } from './scenario.ts';

// The short fault run on SQLite: one `serve` process on one file, killed (inside and outside the
// claim-ahead window), terminated and restarted while tasks fire and the chat platform is down.
// `npm run faults` runs the long version.
describe('the fault checker on SQLite, one process restarted', () => {
  const stop = new AbortController();
  afterAll(() => stop.abort());

  it('loses, doubles and overlaps nothing, and runs every occurrence within the lateness bound', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
    const r = await runScenario({ dialect: 'sqlite', replicas: 1, firingMs: 12_000, kills: 3, sigterms: 1, dbOutageMs: 0, platformDownMs: 3_000, messageTasks: 20, commandTasks: 4, latenessBoundMs: 10_000, settleMs: 15_000, seed, signal: stop.signal });
    const s = summary(r, 'sqlite');
    const why = `seed ${seed}: ${JSON.stringify(s)}`;
    expect(r.kills, why).toBe(3);
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
