import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import * as store from '../../src/store/index.ts';
import { DIALECTS, mysqlAvailable } from '../support/databases.ts';
import { engineHarness } from '../support/engine-harness.ts';

// A replica that dies at any instant (the claim-ahead window included) loses nothing, and what
// only a dead replica holds does not make the schedule skip.
const hasMysql = await mysqlAvailable();
const HEARTBEAT = 1000;
const LAPSE = 4000;
const T0 = Date.parse('2026-12-01T00:00:00Z');

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
afterEach(async () => h?.close());

async function runsOf(id: number) {
  return (await store.listRuns(h.database.db, id, 1000)).reverse();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'mysql' && !hasMysql)(`failover on ${dialect}`, () => {
    it('runs the occurrences a killed replica had claimed ahead on a survivor, within heartbeat + lapse', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE, lookaheadMs: 200 } });
      const tasks = [];
      for (let i = 0; i < 5; i++) tasks.push(await app.createTask(h.ctx, OPERATOR, { every: '1s', content: `m${i}` }));
      const a = h.peer('replica-a');
      const b = h.peer('replica-b');
      await a.engine.maintain();
      await b.engine.maintain();
      // A claims the 00:00:01 slot 150 ms ahead of it, then is SIGKILLed before the slot: its clock stops.
      a.clock.set(T0 + 850);
      expect(await a.engine.tick()).toBe(5);
      const slot = T0 + 1000;
      // B goes on, one heartbeat at a time, claiming the following slots as they come.
      let t = T0 + 1000;
      for (; t <= T0 + 10_000; t += 250) {
        b.clock.set(t);
        await b.engine.maintain();
        await b.engine.tick();
        await b.engine.idle();
        const firsts = await Promise.all(tasks.map(async (task) => (await runsOf(task.id)).find((r) => r.scheduledFor === slot)));
        if (firsts.every((r) => r?.status === 'succeeded')) break;
      }
      for (const task of tasks) {
        const runs = await runsOf(task.id);
        const first = runs.filter((r) => r.scheduledFor === slot);
        expect(first.map((r) => [r.trigger, r.status, r.instance])).toEqual([['schedule', 'succeeded', 'replica-b']]);
        expect(first[0].startedAt! - slot, 'lateness of the taken-over occurrence').toBeLessThanOrEqual(LAPSE + HEARTBEAT);
        // Nothing doubled: one run per occurrence.
        const slots = runs.filter((r) => r.trigger === 'schedule').map((r) => r.scheduledFor);
        expect(new Set(slots).size).toBe(slots.length);
      }
      const takeovers = b.log.lines.filter((l) => /took over the runs of stopped instance replica-a/.test(l.msg ?? ''));
      expect(takeovers, 'the takeover is logged once').toHaveLength(1);
      await b.engine.idle();
    });

    it('does not skip an occurrence because of a run that only a silent replica holds', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      // A replica that went silent 5 s ago left a command run of the previous slot `running`.
      await store.heartbeat(h.database.db, { id: 'ghost', host: 'elsewhere', pid: 1, startedAt: T0 - 60_000 }, T0 + 55_000);
      await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'ghost' });
      await h.at(T0 + 60_000);
      const run = (await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000);
      expect(run).toMatchObject({ status: 'succeeded', error: null });
    });

    it('never counts a message-only run as still running', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', content: 'hello', overlap: 'skip' });
      // A live peer is in the middle of writing the previous message run's result.
      await store.heartbeat(h.database.db, { id: 'peer', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 60_000);
      await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'peer' });
      await h.at(T0 + 60_000);
      const run = (await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000);
      expect(run).toMatchObject({ status: 'succeeded', error: null });
    });

    it('interrupts a started command of a dead replica and retries it, and runs a claimed one that never started', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const started = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'ok', retries: 1, backoffMs: 1000 });
      const waiting = await app.createTask(h.ctx, OPERATOR, { cron: '0 2 * * *', action: 'ok' });
      const s = await store.insertRun(h.database.db, { taskId: started.id, scheduledFor: T0 - 1000, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 - 1000, instance: 'dead' });
      await h.database.db.updateTable('runs').set({ spawnedAt: T0 - 1000 }).where('id', '=', s!.id).execute();
      const w = await store.insertRun(h.database.db, { taskId: waiting.id, scheduledFor: T0 + 100, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 + 100, instance: 'dead' });
      await h.engine.maintain();
      expect((await store.findRun(h.database.db, s!.id))!.status).toBe('interrupted');
      h.clock.set(T0 + 100);
      await h.engine.idle();
      expect(await store.findRun(h.database.db, w!.id)).toMatchObject({ status: 'succeeded', instance: 'test-1', attempt: 1 });
      await h.at(T0 + 1000);
      expect((await runsOf(started.id)).map((r) => [r.trigger, r.attempt, r.status])).toEqual([
        ['schedule', 1, 'interrupted'],
        ['retry', 2, 'succeeded'],
      ]);
    });
  });
}
