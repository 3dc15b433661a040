import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import { chaseReminderText, runResultText } from '../../src/chat/index.ts';
import { MAX_QUEUED } from '../../src/engine/index.ts';
import { createMetrics } from '../../src/http/index.ts';
import { noticeHooks } from '../../src/outbox/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

// Misfire means what it says, the overlap queue rests and is bounded, retries respect overlap,
// and every recorded status is counted.
type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
afterEach(async () => h?.close());

const T0 = Date.parse('2026-12-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const node = (code: string) => ({ argv: [process.execPath, '-e', code] });
async function runsOf(id: number) {
  return (await store.listRuns(h.database.db, id, 1000)).reverse();
}
/** Ticks and waits until nothing more starts (catch-up runs start one after another). */
async function settle(times = 20) {
  for (let i = 0; i < times; i++) {
    const n = await h.engine.tick();
    await h.engine.idle();
    if (n === 0) return;
  }
}

describe('misfire after downtime', () => {
  it('runs every missed slot of a message task when misfire is all, none of them skipped', async () => {
    h = await engineHarness({ start: T0 });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', content: 'x', misfire: 'all', misfireGraceMs: 30_000 });
    await h.at(T0 + 3 * 60_000 + 40_000); // down from 00:00 to 00:03:40: 00:01, 00:02, 00:03 missed
    const runs = await runsOf(t.id);
    expect(runs.map((r) => [iso(r.scheduledFor).slice(11, 19), r.status])).toEqual([
      ['00:01:00', 'succeeded'],
      ['00:02:00', 'succeeded'],
      ['00:03:00', 'succeeded'],
    ]);
  });

  it('runs every missed slot of a command task when misfire is all, one after another in order', async () => {
    h = await engineHarness({ start: T0, actions: { work: node('setTimeout(() => {}, 150)') } });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'work', misfire: 'all', misfireGraceMs: 30_000 });
    h.clock.set(T0 + 3 * 60_000 + 40_000);
    await settle();
    const runs = await runsOf(t.id);
    expect(runs.map((r) => [iso(r.scheduledFor).slice(11, 19), r.status])).toEqual([
      ['00:01:00', 'succeeded'],
      ['00:02:00', 'succeeded'],
      ['00:03:00', 'succeeded'],
    ]);
    for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt!).toBeGreaterThanOrEqual(runs[i - 1].finishedAt!);
  });

  it('runs a slot 14 s late under misfire skip with a 60 s grace time, and none of the older ones', async () => {
    h = await engineHarness({ start: T0 });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', content: 'x', misfire: 'skip', misfireGraceMs: 60_000 });
    await h.at(T0 + 3 * 60_000 + 14_000); // 00:03:00 is 14 s late; 00:01 and 00:02 are beyond the grace
    expect((await runsOf(t.id)).map((r) => [iso(r.scheduledFor).slice(11, 19), r.status])).toEqual([['00:03:00', 'succeeded']]);
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-12-01T00:04:00.000Z');
  });

  it('records a one-off missed while the service was down, with the reason, and tells its chat', async () => {
    h = await engineHarness({ start: T0, hooks: noticeHooks({ runResult: runResultText, chaseReminder: chaseReminderText }, () => undefined) });
    const t = await app.createTask(h.ctx, OPERATOR, { at: '2026-12-01T09:00:00Z', content: 'call the bank', chat: { platform: 'telegram', chatId: 'g1' } });
    await h.at('2026-12-01T11:00:00Z');
    const runs = await runsOf(t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'skipped', scheduledFor: Date.parse('2026-12-01T09:00:00Z') });
    expect(runs[0].error).toMatch(/^missed: the service was down at 2026-12-01T09:00:00.000Z/);
    expect((await store.findTask(h.database.db, t.id))!.status).toBe('finished');
    const sent = (await store.listOutbox(h.database.db)).filter((m) => m.target === 'g1');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toContain('missed: the service was down');
  });
});

describe('the overlap queue', () => {
  const actions = { slow: node('setTimeout(() => {}, 1500)') };

  it('sleeps while an occurrence waits behind a long run instead of waking at once', async () => {
    h = await engineHarness({ start: T0, actions });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '10s', action: 'slow', overlap: 'queue' });
    await h.engine.maintain();
    h.clock.set(T0 + 10_000);
    await h.engine.tick();
    h.clock.set(T0 + 20_000);
    await h.engine.tick(); // queued behind the first
    expect((await runsOf(t.id)).map((r) => r.status)).toEqual(['running', 'queued']);
    // Nothing can start before the run finishes (which wakes the engine) or the next slot.
    expect(await h.engine.nextDue()).toBe(T0 + 30_000);
    await h.engine.idle();
    expect(await h.engine.nextDue(), 'once the run finished, the queued one is due').toBe(T0 + 20_000);
  });

  it(`keeps at most ${MAX_QUEUED} occurrences waiting and records the others skipped with the reason`, async () => {
    h = await engineHarness({ start: T0, actions });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '10s', action: 'slow', overlap: 'queue' });
    // A live peer runs the task's command for a long time.
    await store.heartbeat(h.database.db, { id: 'peer', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 1_000_000);
    await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'peer' });
    for (let k = 1; k <= MAX_QUEUED + 5; k++) await h.at(T0 + k * 10_000);
    const runs = (await runsOf(t.id)).filter((r) => r.scheduledFor > T0);
    expect(runs.filter((r) => r.status === 'queued')).toHaveLength(MAX_QUEUED);
    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(skipped).toHaveLength(5);
    expect(skipped[0].error).toContain('the queue is full');
    // The oldest wait in order; the newest were dropped.
    expect(runs.slice(0, MAX_QUEUED).every((r) => r.status === 'queued')).toBe(true);
  });

  it('drops what a paused task had waiting', async () => {
    h = await engineHarness({ start: T0, actions });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '10s', action: 'slow', overlap: 'queue' });
    h.clock.set(T0 + 10_000);
    await h.engine.tick();
    h.clock.set(T0 + 20_000);
    await h.engine.tick();
    await app.pauseTask(h.ctx, OPERATOR, t.id);
    await h.engine.idle();
    await h.at(T0 + 21_000);
    expect((await runsOf(t.id)).map((r) => [r.status, r.error])).toEqual([
      ['succeeded', null],
      ['skipped', 'the task is paused'],
    ]);
  });
});

describe('retries and overlap', () => {
  it('holds a retry back while another run of the task runs under overlap skip', async () => {
    // The first attempt for 00:01 fails at once; every other run takes a while.
    h = await engineHarness({ start: T0, actions: { flaky: node(`if (process.env.CHATCRON_ATTEMPT === '1' && process.env.CHATCRON_SCHEDULED_FOR.endsWith('01:00.000Z')) process.exit(1); setTimeout(() => {}, 1200)`) } });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'flaky', overlap: 'skip', retries: 1, backoffMs: 61_000 });
    await h.at(T0 + 60_000); // fails; its retry is due at 00:02:01
    h.clock.set(T0 + 120_000);
    expect(await h.engine.tick()).toBe(1); // 00:02 starts and runs for a while
    h.clock.set(T0 + 121_000);
    expect(await h.engine.tick(), 'the retry must not start beside the running occurrence').toBe(0);
    let runs = await runsOf(t.id);
    expect(runs.map((r) => [r.trigger, iso(r.scheduledFor).slice(11, 16), r.status])).toEqual([
      ['schedule', '00:01', 'failed'],
      ['retry', '00:01', 'queued'],
      ['schedule', '00:02', 'running'],
    ]);
    await h.engine.idle();
    await settle();
    runs = await runsOf(t.id);
    const retry = runs.find((r) => r.trigger === 'retry')!;
    const second = runs.find((r) => r.trigger === 'schedule' && iso(r.scheduledFor).endsWith('00:02:00.000Z'))!;
    expect(retry.status).toBe('succeeded');
    expect(retry.startedAt!).toBeGreaterThanOrEqual(second.finishedAt!);
  });

  it('starts a due retry before a new occurrence of the same task, which then waits its turn by the policy', async () => {
    h = await engineHarness({ start: T0, actions: { flaky: node(`if (process.env.CHATCRON_ATTEMPT === '1' && process.env.CHATCRON_SCHEDULED_FOR.endsWith('01:00.000Z')) process.exit(1); setTimeout(() => {}, 300)`) } });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'flaky', overlap: 'skip', retries: 1, backoffMs: 1000 });
    await h.at(T0 + 60_000); // fails; its retry is due at 00:01:01 and still waits at 00:02
    await h.at(T0 + 120_000);
    expect((await runsOf(t.id)).map((r) => [r.trigger, iso(r.scheduledFor).slice(11, 16), r.status, r.error])).toEqual([
      ['schedule', '00:01', 'failed', 'exit code 1'],
      ['retry', '00:01', 'succeeded', null],
      ['schedule', '00:02', 'skipped', 'the previous run was still running'],
    ]);
  });

  it('runs the retry of an interrupted occurrence before the catch-up slots that came after it', async () => {
    const order = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-order-')), 'order');
    h = await engineHarness({ start: T0, actions: { work: node(`require('node:fs').appendFileSync(${JSON.stringify(order)}, process.env.CHATCRON_SCHEDULED_FOR.slice(11, 16) + '#' + process.env.CHATCRON_ATTEMPT + '\\n')`) } });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'work', misfire: 'all', misfireGraceMs: 30_000, retries: 1, backoffMs: 1000 });
    // The 00:00 run had started on a process that died; the service is back at 00:03:40.
    const dead = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'dead' });
    await h.database.db.updateTable('runs').set({ spawnedAt: T0 }).where('id', '=', dead!.id).execute();
    h.clock.set(T0 + 3 * 60_000 + 40_000);
    await h.engine.maintain(); // interrupted; its retry is due a second later
    await h.engine.tick(); // 00:01 starts, 00:02 and 00:03 wait their turn
    await h.engine.idle();
    h.clock.set(T0 + 3 * 60_000 + 41_000);
    await settle();
    expect(fs.readFileSync(order, 'utf8').trim().split('\n')).toEqual(['00:01#1', '00:00#2', '00:02#1', '00:03#1']);
  });
});

describe('metrics', () => {
  it('counts skipped and interrupted runs in chatcron_runs_total, whatever path recorded them', async () => {
    const src = { database: undefined as unknown as store.Database, now: () => T0, adapters: () => [] };
    const metrics = createMetrics(new Registry(), src);
    h = await engineHarness({ start: T0, actions: { ok: node('') }, engine: { onFinish: (s, n) => metrics.onFinish(s, n) } });
    src.database = h.database;
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', action: 'ok', overlap: 'skip' });
    // A live peer's long command makes the next slot a skip; a dead one's started command is interrupted.
    await store.heartbeat(h.database.db, { id: 'peer', host: 'elsewhere', pid: 1, startedAt: T0 }, T0 + 60_000);
    await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'peer' });
    const dead = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: T0 - 60_000, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'dead' });
    await h.database.db.updateTable('runs').set({ spawnedAt: T0 }).where('id', '=', dead!.id).execute();
    h.clock.set(T0 + 60_000);
    await h.engine.maintain();
    await h.at(T0 + 60_000);
    const text = (await metrics.render()).body;
    expect(text).toContain('chatcron_runs_total{status="skipped"} 1');
    expect(text).toContain('chatcron_runs_total{status="interrupted"} 1');
  });
});
