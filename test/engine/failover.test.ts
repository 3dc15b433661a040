import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import * as store from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable } from '../support/databases.ts';
import { engineHarness } from '../support/engine-harness.ts';

// A replica that dies at any instant (the claim-ahead window included) loses nothing, and what
// only a dead replica holds does not make the schedule skip.
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
  describe.skipIf(!(await dialectAvailable(dialect)))(`failover on ${dialect}`, () => {
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

    it('decides an occurrence behind a holder not heard from since before the slot when it is heard from: skipped', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      // A peer last heard from 500 ms before the slot holds a long command run started at :30.
      await store.heartbeat(h.database.db, { id: 'holder', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 59_500);
      await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 + 30_000, instance: 'holder' });
      await h.at(T0 + 60_000);
      const slot = async () => (await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000);
      // It may have died before the slot: the occurrence neither runs beside its run nor is skipped yet.
      expect(await slot()).toMatchObject({ status: 'queued', overlapPending: true });
      await h.at(T0 + 60_400);
      expect((await slot())!.status).toBe('queued');
      // Its next heartbeat proves it was alive at the slot, with the run still running: the policy skips.
      await store.heartbeat(h.database.db, { id: 'holder', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 60_500);
      await h.at(T0 + 61_000);
      expect(await slot()).toMatchObject({ status: 'skipped', error: 'the previous run was still running', finishedAt: T0 + 61_000 });
    });

    it("decides it by the run's own end too: a run its holder ended after the slot was running at the slot", async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      await store.heartbeat(h.database.db, { id: 'holder', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 59_500);
      const held = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 + 30_000, instance: 'holder' });
      await h.at(T0 + 59_900); // claimed ahead of its slot, as replicas do
      await h.at(T0 + 60_000);
      await store.finishRun(h.database.db, held!.id, { status: 'succeeded', finishedAt: T0 + 60_200, exitCode: 0 });
      await h.at(T0 + 60_300);
      expect((await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000)).toMatchObject({ status: 'skipped', error: 'the previous run was still running' });
    });

    it('runs an occurrence behind a holder silent since before the slot once that holder lapses', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      // Last heard from a second before the slot: it was SIGKILLed then, its command with it.
      await store.heartbeat(h.database.db, { id: 'holder', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 59_000);
      const held = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 + 30_000, instance: 'holder' });
      await h.database.db.updateTable('runs').set({ spawnedAt: T0 + 30_000 }).where('id', '=', held!.id).execute();
      const slot = async () => (await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000);
      for (const at of [T0 + 60_000, T0 + 61_000, T0 + 62_000, T0 + 62_900]) {
        await h.at(at);
        expect((await slot())!.status, `at +${at - T0 - 60_000} ms`).toBe('queued');
      }
      // Past the lapse (4 s after its last heartbeat) its run is interrupted and the occurrence runs.
      h.clock.set(T0 + 63_100);
      await h.engine.maintain();
      await h.at(T0 + 63_100);
      expect(await store.findRun(h.database.db, held!.id)).toMatchObject({ status: 'interrupted' });
      expect(await slot()).toMatchObject({ status: 'succeeded', error: null, startedAt: T0 + 63_100 });
    });

    it('runs the unstarted command runs a dead replica left of one task one after the other, in order', async () => {
      const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-takeover-')), 'log');
      const say = (what: string) => `require('node:fs').appendFileSync(${JSON.stringify(log)}, '${what} ' + process.env.CHATCRON_SCHEDULED_FOR.slice(11, 16) + '\\n')`;
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { work: { argv: [process.execPath, '-e', `${say('start')}; setTimeout(() => { ${say('end')} }, 300)`] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'work', overlap: 'skip', misfireGraceMs: 300_000 });
      // The dead replica had started the 00:01 run from its queue and claimed 00:02 ahead; it spawned neither.
      for (const [slot, startedAt] of [[T0 + 60_000, T0 + 119_500], [T0 + 120_000, T0 + 120_000]]) {
        await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: slot, trigger: 'schedule', attempt: 1, status: 'running', dueAt: slot, startedAt, instance: 'dead' });
      }
      h.clock.set(T0 + 120_100);
      await h.engine.maintain();
      for (let i = 0; i < 5; i++) {
        await h.engine.tick();
        await h.engine.idle();
      }
      expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual(['start 00:01', 'end 00:01', 'start 00:02', 'end 00:02']);
      expect((await runsOf(t.id)).map((r) => [r.status, r.instance])).toEqual([
        ['succeeded', 'test-1'],
        ['succeeded', 'test-1'],
      ]);
    });

    it('runs the retry of a command a dead replica was running before the slot that waited for the verdict on it', async () => {
      // The PostgreSQL fault run: the slot after the killed run waited for the verdict; at the
      // lapse it was released while the retry of the killed run was still in its 200 ms backoff,
      // ran first, and the retry waited a whole run more (twice over in a run of kills: 9.8 s).
      const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-takeover-')), 'log');
      const say = (what: string) => `require('node:fs').appendFileSync(${JSON.stringify(log)}, '${what} ' + process.env.CHATCRON_SCHEDULED_FOR.slice(11, 16) + '#' + process.env.CHATCRON_ATTEMPT + '\\n')`;
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { work: { argv: [process.execPath, '-e', `${say('start')}; setTimeout(() => { ${say('end')} }, 300)`] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'work', overlap: 'skip', retries: 1, backoffMs: 200 });
      // Killed a second before the slot while running the 00:00 occurrence's command.
      await store.heartbeat(h.database.db, { id: 'holder', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 59_000);
      const held = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0 + 58_800, instance: 'holder' });
      await h.database.db.updateTable('runs').set({ spawnedAt: T0 + 58_800 }).where('id', '=', held!.id).execute();
      await h.at(T0 + 60_000);
      expect((await runsOf(t.id)).find((r) => r.scheduledFor === T0 + 60_000)!.status, 'the 00:01 slot waits for the verdict').toBe('queued');
      for (let at = T0 + 63_001; at <= T0 + 66_000; at += 100) {
        h.clock.set(at);
        await h.engine.maintain();
        await h.at(at);
      }
      expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual(['start 00:00#2', 'end 00:00#2', 'start 00:01#1', 'end 00:01#1']);
      const retry = (await runsOf(t.id)).find((r) => r.trigger === 'retry')!;
      expect(retry.startedAt! - (T0 + 63_001), 'the retry starts after its backoff, not after another run').toBeLessThanOrEqual(300);
    });

    if (store.locksRows(dialect)) it("never starts a task's later queued run while a peer has its earlier one locked", async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      const first = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'retry', attempt: 2, status: 'queued', dueAt: T0, startedAt: null, instance: null });
      const second = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0 + 60_000, trigger: 'schedule', attempt: 1, status: 'queued', dueAt: T0 + 60_000, startedAt: null, instance: null });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const lockTaken = new Promise<void>((r) => (locked = r));
      // A peer's claim has read (and locked) the first run of the queue and not yet started it.
      const peer = h.database.db.transaction().execute(async (tx) => {
        await tx.selectFrom('runs').select('id').where('id', '=', first!.id).forUpdate().execute();
        locked();
        await held;
      });
      await lockTaken;
      const seen = await h.database.db
        .transaction()
        .execute((tx) => store.lockDueQueuedRuns(tx, T0 + 61_000, 100, true, { self: 'test-1', aliveSince: T0 }))
        .finally(release);
      await peer;
      expect(seen.map((r) => r.id), 'the second waits for the first, locked or not').not.toContain(second!.id);
      await h.at(T0 + 61_000);
      await h.at(T0 + 61_100);
      expect([(await store.findRun(h.database.db, first!.id))!.status, (await store.findRun(h.database.db, second!.id))!.status]).toEqual(['succeeded', 'succeeded']);
    });

    // Row locks exist on MySQL only; on SQLite one process runs the engine and writers queue.
    if (dialect === 'mysql') it('leaves a queued run of a task whose row a peer holds (claiming its next slot) for the next tick', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { ok: { argv: [process.execPath, '-e', ''] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
      const queued = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'retry', attempt: 2, status: 'queued', dueAt: T0 + 1000, startedAt: null, instance: null });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const lockTaken = new Promise<void>((r) => (locked = r));
      // A peer's claim holds the task's row while it decides the task's next slot.
      const peer = h.database.db.transaction().execute(async (tx) => {
        await tx.selectFrom('tasks').select('id').where('id', '=', t.id).forUpdate().execute();
        locked();
        await held;
      });
      await lockTaken;
      await h.at(T0 + 1000);
      expect((await store.findRun(h.database.db, queued!.id))!.status, 'not started beside the peer').toBe('queued');
      release();
      await peer;
      await h.at(T0 + 2000);
      expect((await store.findRun(h.database.db, queued!.id))!.status).toBe('succeeded');
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

    it.skipIf(dialect === 'sqlite')('does not skip an occurrence behind a run that ended on a live replica which could not yet record it', async () => {
      h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE }, actions: { slow: { argv: [process.execPath, '-e', 'setTimeout(() => {}, 400)'] } } });
      const t = await app.createTask(h.ctx, OPERATOR, { every: '10s', action: 'slow', overlap: 'skip' });
      // Replica A can read and heartbeat but not yet write its results (just after a database outage).
      let broken = false;
      let aNow = () => T0;
      const aDb: store.Database = { ...h.database, now: async () => aNow(), write: (fn, o) => (broken ? Promise.reject(new Error('connection lost')) : h.database.write(fn, o)) };
      const a = h.peer('replica-a', { database: aDb });
      aNow = () => a.clock.now();
      const b = h.peer('replica-b');
      const s1 = T0 + 10_000;
      const s2 = T0 + 20_000;
      for (const r of [a, b]) r.clock.set(s1);
      await b.engine.maintain();
      await a.engine.maintain();
      expect(await a.engine.tick()).toBe(1); // A runs the first slot's command
      // While it runs, A is heard from shortly before the next slot.
      a.clock.set(s2 - 1000);
      await a.engine.maintain();
      broken = true;
      await a.engine.idle(); // it exited; its result is queued, unwritten
      // Past the next slot, A's heartbeat comes due: it must not vouch for a result it has not written.
      a.clock.set(s2 + 100);
      await a.engine.maintain().catch(() => undefined);
      b.clock.set(s2 + 200);
      await b.engine.maintain();
      await b.engine.tick();
      const second = (await runsOf(t.id)).find((r) => r.scheduledFor === s2);
      expect(second?.status, 'the occurrence waits for the verdict on the run, it is not skipped').not.toBe('skipped');
      // A's writes come back: the first run is recorded as it ended, and the second slot runs.
      broken = false;
      a.clock.set(s2 + 300);
      await a.engine.maintain();
      b.clock.set(s2 + 400);
      await b.engine.maintain();
      await b.engine.tick();
      await b.engine.idle();
      expect((await runsOf(t.id)).map((r) => [r.scheduledFor - T0, r.status])).toEqual([
        [10_000, 'succeeded'],
        [20_000, 'succeeded'],
      ]);
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
      await h.at(T0 + 100);
      expect(await store.findRun(h.database.db, w!.id)).toMatchObject({ status: 'succeeded', instance: 'test-1', attempt: 1 });
      await h.at(T0 + 1000);
      expect((await runsOf(started.id)).map((r) => [r.trigger, r.attempt, r.status])).toEqual([
        ['schedule', 1, 'interrupted'],
        ['retry', 2, 'succeeded'],
      ]);
    });
  });
}
