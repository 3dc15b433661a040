import { afterEach, describe, expect, it, vi } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import { claimAheadMs } from '../../src/engine/index.ts';
import type { Task } from '../../src/domain/index.ts';
import * as store from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable } from '../support/databases.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { onceTask } from '../support/tasks.ts';

// A burst of message runs at one instant is claimed early enough to be written before its
// instant and started from memory at it; commands keep the base window; a pause made while the
// burst waits claimed stops its fire.
const T0 = Date.parse('2026-12-01T00:00:00Z');
const T = T0 + 10_000; // the burst's instant
const N = 2000;

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
afterEach(async () => {
  await h?.engine.stop(0);
  await h?.close();
});

async function runCount(): Promise<number> {
  const r = await h.database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n);
}

describe('claimAheadMs', () => {
  it('is the base window for a few runs and grows with the burst, up to the most', () => {
    expect(claimAheadMs(70, 5, 200, 10_000)).toBe(200);
    expect(claimAheadMs(2000, 5, 200, 10_000)).toBe(650);
    expect(claimAheadMs(10_000, 20, 200, 10_000)).toBe(800);
    expect(claimAheadMs(1_000_000, 20, 200, 10_000)).toBe(10_000);
    expect(claimAheadMs(10_000, 20, 0, 10_000), 'no claim-ahead at all when the base is 0').toBe(0);
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`a burst claimed ahead on ${dialect}`, () => {
    it('writes every run of the burst before its instant, starts them at it, and a pause in between stops that fire', async () => {
      const posted: number[] = [];
      const started: number[] = [];
      h = await engineHarness({
        dialect,
        start: T0,
        actions: { ok: { argv: [process.execPath, '-e', ''] } },
        hooks: { onFinished: async (_tx, task) => void posted.push(task.id) },
        engine: { lookaheadMs: 200, pollIntervalMs: 1000, onStart: (run) => void started.push(run.taskId) },
      });
      const tasks: Task[] = [];
      await h.database.write(async (tx) => {
        for (let i = 0; i < N; i++) tasks.push(await store.insertTask(tx, onceTask(i, T), T0));
      });
      // A command due at the same instant keeps the base window: its overlap is judged at its instant.
      const command = await app.createTask(h.ctx, OPERATOR, { at: new Date(T).toISOString(), action: 'ok' });
      // A recurring message task whose next slot is the burst's instant.
      const recurring = await app.createTask(h.ctx, OPERATOR, { every: '10s', content: 'every ten seconds' });
      expect(recurring.nextRunAt).toBe(T);
      await h.engine.start();
      // The loop has looked at what is due, counted the burst, and sleeps on the test's clock.
      await vi.waitFor(() => expect(h.engine.nextWakeAt).not.toBeNull(), { timeout: 10_000, interval: 10 });
      // 650 ms before the instant, more than the base window of 200 ms: the loop, having counted
      // the burst, claims all of its message runs now.
      h.clock.set(T - 640);
      await vi.waitFor(async () => expect(await runCount()).toBe(N + 1), { timeout: 20_000, interval: 20 });
      expect(started, 'nothing starts before its instant').toEqual([]);
      const ahead = await h.database.db.selectFrom('runs').select(['status', 'startedAt', 'taskId']).execute();
      expect(new Set(ahead.map((r) => `${r.status}@${Number(r.startedAt) - T}`))).toEqual(new Set(['running@0']));
      expect(ahead.some((r) => r.taskId === command.id), 'the command is not claimed this early').toBe(false);
      // Paused while its run waits, claimed, for the instant: that fire is dropped. A one-off is
      // finished once claimed; deleted then, it posts nothing either.
      const paused = recurring;
      await app.pauseTask(h.ctx, OPERATOR, paused.id);
      const deleted = tasks[8];
      await app.deleteTask(h.ctx, OPERATOR, deleted.id);
      h.clock.set(T);
      await vi.waitFor(
        async () => {
          const rows = await h.database.db.selectFrom('runs').select(['status', 'taskId', 'error']).execute();
          expect(rows.filter((r) => r.status === 'succeeded')).toHaveLength(N);
        },
        { timeout: 20_000, interval: 20 },
      );
      const runs = await store.listRuns(h.database.db, paused.id);
      expect(runs.map((r) => [r.status, r.error])).toEqual([['skipped', 'the task was paused before its instant']]);
      expect(posted, 'the paused task posted nothing').not.toContain(paused.id);
      expect(posted, 'the deleted task posted nothing').not.toContain(deleted.id);
      expect(posted.filter((id) => id !== command.id)).toHaveLength(N - 1);
      expect((await store.listRuns(h.database.db, command.id)).map((r) => r.status)).toEqual(['succeeded']);
    });
  });
}
