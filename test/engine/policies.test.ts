import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { isAlive } from '../support/process.ts';

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
afterEach(async () => h?.close());

const iso = (ms: number) => new Date(ms).toISOString();
async function runsOf(id: number) {
  return (await store.listRuns(h.database.db, id, 1000)).reverse();
}

describe('firing on schedule', () => {
  it('fires a cron task at its slot, records the message and advances to the next slot', async () => {
    h = await engineHarness({ start: '2026-12-01T08:59:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 9 * * *', content: 'standup' });
    expect(iso(t.nextRunAt!)).toBe('2026-12-01T09:00:00.000Z');
    expect(await h.at('2026-12-01T08:59:59.999Z')).toBe(0);
    expect(await h.at('2026-12-01T09:00:00.000Z')).toBe(1);
    const [run] = await runsOf(t.id);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule', attempt: 1, message: 'standup', scheduledFor: Date.parse('2026-12-01T09:00:00Z') });
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-12-02T09:00:00.000Z');
  });

  it('fires an every-interval task at anchor + k·interval', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '2s', content: 'tick' });
    for (const s of [2, 4, 6]) await h.at(Date.parse('2026-12-01T00:00:00Z') + s * 1000);
    expect((await runsOf(t.id)).map((r) => iso(r.scheduledFor))).toEqual(['2026-12-01T00:00:02.000Z', '2026-12-01T00:00:04.000Z', '2026-12-01T00:00:06.000Z']);
  });

  it('fires a once task a single time and then finishes it', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { at: '2026-12-01T09:00:00+08:00', content: 'once' });
    await h.at('2026-12-01T01:00:00Z');
    await h.at('2026-12-02T01:00:00Z');
    expect(await runsOf(t.id)).toHaveLength(1);
    expect((await store.findTask(h.database.db, t.id))).toMatchObject({ status: 'finished', nextRunAt: null });
  });
});

describe('bursts', () => {
  it('records every result of a burst larger than one write batch without being asked to', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const rows = Array.from({ length: 700 }, (_, i) => ({ every: '1m', content: `m${i}` }));
    for (const r of rows) await app.createTask(h.ctx, OPERATOR, r);
    h.clock.set(Date.parse('2026-12-01T00:01:00Z'));
    expect(await h.engine.tick()).toBe(700);
    const deadline = Date.now() + 5000;
    let done = 0;
    while (Date.now() < deadline) {
      const r = await h.database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'succeeded').executeTakeFirst();
      done = Number(r?.n);
      if (done === 700) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(done).toBe(700);
  });
});

describe('misfire', () => {
  async function downForAnHour(misfire: 'skip' | 'once' | 'all') {
    h = await engineHarness({ start: '2026-12-01T08:55:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '*/10 * * * *', content: 'x', misfire, misfireGraceMs: 30_000 });
    await h.at('2026-12-01T10:05:00Z'); // the 09:00 … 10:00 slots were missed
    return t;
  }

  it('skips missed runs when misfire is skip and resumes at the next future slot', async () => {
    const t = await downForAnHour('skip');
    expect(await runsOf(t.id)).toHaveLength(0);
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-12-01T10:10:00.000Z');
  });

  it('runs one catch-up when misfire is once, then keeps the schedule', async () => {
    const t = await downForAnHour('once');
    const runs = await runsOf(t.id);
    expect(runs.map((r) => iso(r.scheduledFor))).toEqual(['2026-12-01T09:00:00.000Z']);
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-12-01T10:10:00.000Z');
  });

  it('runs every missed slot in order when misfire is all', async () => {
    const t = await downForAnHour('all');
    const runs = await runsOf(t.id);
    expect(runs.map((r) => iso(r.scheduledFor).slice(11, 16))).toEqual(['09:00', '09:10', '09:20', '09:30', '09:40', '09:50', '10:00']);
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-12-01T10:10:00.000Z');
  });

  it('runs a late slot normally when it is within the grace time', async () => {
    h = await engineHarness({ start: '2026-12-01T08:55:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 9 * * *', content: 'x', misfire: 'skip', misfireGraceMs: 30_000 });
    await h.at('2026-12-01T09:00:20Z');
    expect(await runsOf(t.id)).toHaveLength(1);
  });
});

describe('overlap', () => {
  const actions = { slow: { argv: [process.execPath, '-e', 'setTimeout(() => {}, 1500)'] } };

  async function twoSlotsWhileRunning(overlap: 'skip' | 'queue' | 'parallel', overlapMax?: number) {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', actions });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1s', action: 'slow', overlap, overlapMax });
    h.clock.set(Date.parse('2026-12-01T00:00:01Z'));
    await h.engine.tick();
    h.clock.set(Date.parse('2026-12-01T00:00:02Z'));
    await h.engine.tick(); // the first run is still running
    return t;
  }

  it('skips an occurrence that is due while the previous run still runs when overlap is skip', async () => {
    const t = await twoSlotsWhileRunning('skip');
    await h.engine.idle();
    const runs = await runsOf(t.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'skipped']);
    expect(runs[1].error).toContain('still running');
  });

  it('queues the occurrence and starts it when the previous run finishes when overlap is queue', async () => {
    const t = await twoSlotsWhileRunning('queue');
    expect((await runsOf(t.id)).map((r) => r.status)).toEqual(['running', 'queued']);
    await h.engine.idle();
    await h.engine.tick();
    await h.engine.idle();
    const runs = await runsOf(t.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[1].startedAt!).toBeGreaterThanOrEqual(runs[0].startedAt!);
  });

  it('runs occurrences side by side up to the maximum when overlap is parallel', async () => {
    const t = await twoSlotsWhileRunning('parallel', 2);
    expect((await runsOf(t.id)).map((r) => r.status)).toEqual(['running', 'running']);
    h.clock.set(Date.parse('2026-12-01T00:00:03Z'));
    await h.engine.tick();
    await h.engine.idle();
    const runs = await runsOf(t.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'skipped']);
    expect(runs[2].error).toContain('at most 2');
  });
});

describe('retries and timeouts', () => {
  it('retries a failed command with exponential backoff up to the retry count', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', actions: { fail: { argv: [process.execPath, '-e', 'process.exit(3)'] } } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'fail', retries: 2, backoffMs: 1000 });
    await h.at('2026-12-01T01:00:00Z');
    await h.at('2026-12-01T01:00:00.999Z'); // backoff not over yet
    await h.at('2026-12-01T01:00:01Z'); // attempt 2 after 1 s
    await h.at('2026-12-01T01:00:02.999Z');
    await h.at('2026-12-01T01:00:03Z'); // attempt 3 after 2 s more
    await h.at('2026-12-01T01:00:30Z'); // no attempt 4
    const runs = await runsOf(t.id);
    expect(runs.map((r) => [r.trigger, r.attempt, r.status, r.exitCode])).toEqual([
      ['schedule', 1, 'failed', 3],
      ['retry', 2, 'failed', 3],
      ['retry', 3, 'failed', 3],
    ]);
    expect(runs.map((r) => iso(r.startedAt!).slice(17))).toEqual(['00.000Z', '01.000Z', '03.000Z']);
  });

  it('kills the whole process tree at the timeout and records timed_out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-'));
    const pidFile = path.join(dir, 'grandchild.pid');
    // The child starts a grandchild that would outlive a plain kill of the child.
    const script = `const {spawn}=require('child_process');const g=spawn(process.execPath,['-e','setTimeout(()=>{},60000)'],{stdio:'ignore'});require('fs').writeFileSync(${JSON.stringify(pidFile)},String(g.pid));setTimeout(()=>{},60000)`;
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', actions: { hang: { argv: [process.execPath, '-e', script] } } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'hang', timeoutMs: 700 });
    await h.at('2026-12-01T01:00:00Z');
    const [run] = await runsOf(t.id);
    expect(run.status).toBe('timed_out');
    expect(run.error).toContain('timed out');
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('keeps the tail of long output and masks configured secrets', async () => {
    const script = `for(let i=0;i<2000;i++)console.log('line '+i+' s3cr3t-value')`;
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', actions: { noisy: { argv: [process.execPath, '-e', script] } } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'noisy' });
    await h.at('2026-12-01T01:00:00Z');
    const [run] = await runsOf(t.id);
    expect(run.status).toBe('succeeded');
    expect(run.output!.length).toBeLessThanOrEqual(4096);
    expect(run.output).toContain('line 1999 ***');
    expect(run.output).not.toContain('line 0 ');
    expect(run.output).not.toContain('s3cr3t-value');
  });
});

describe('storage full', () => {
  it('records a run failed with the reason when its output does not fit on disk', async () => {
    const script = `process.stdout.write('x'.repeat(30000))`;
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', outputLimitBytes: 30000, actions: { big: { argv: [process.execPath, '-e', script] } } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'big' });
    // The file may not grow any more: like a disk with no space left.
    const { sql } = await import('kysely');
    const pages = await sql<{ pageCount: number }>`pragma page_count`.execute(h.database.db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0].pageCount + 2}`).execute(h.database.db);
    await sql`create table filler (b text)`.execute(h.database.db);
    for (let i = 0; i < 200; i++) {
      const full = await sql`insert into filler values (${'f'.repeat(500)})`.execute(h.database.db).then(() => false, () => true);
      if (full) break;
    }
    const now = await sql<{ pageCount: number }>`pragma page_count`.execute(h.database.db);
    await sql.raw(`pragma max_page_count = ${now.rows[0].pageCount}`).execute(h.database.db);
    await h.at('2026-12-01T01:00:00Z');
    const [run] = await runsOf(t.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/could not store the output: .*full/);
    expect(run.output).toBeNull();
  });
});

describe('window and lifecycle', () => {
  it('finishes a task after its maximum number of runs', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', content: 'x', maxRuns: 2 });
    for (const m of [1, 2, 3]) await h.at(Date.parse('2026-12-01T00:00:00Z') + m * 60_000);
    expect(await runsOf(t.id)).toHaveLength(2);
    expect((await store.findTask(h.database.db, t.id))!.status).toBe('finished');
  });

  it('finishes a task when its window ends', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 * * * *', content: 'x', endAt: '2026-12-01T02:30:00Z' });
    for (const hr of [1, 2]) await h.at(`2026-12-01T0${hr}:00:00Z`);
    expect(await runsOf(t.id)).toHaveLength(2);
    expect((await store.findTask(h.database.db, t.id))).toMatchObject({ status: 'finished', nextRunAt: null });
  });

  it('does not fire before the window starts', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 * * * *', content: 'x', startAt: '2026-12-01T05:00:00Z' });
    expect(iso(t.nextRunAt!)).toBe('2026-12-01T05:00:00.000Z');
  });

  it('does not fire a paused task, and resumes at the next slot after now', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 * * * *', content: 'x' });
    await app.pauseTask(h.ctx, OPERATOR, t.id);
    await h.at('2026-12-01T01:00:00Z');
    await h.at('2026-12-01T02:00:00Z');
    expect(await runsOf(t.id)).toHaveLength(0);
    h.clock.set(Date.parse('2026-12-01T02:30:00Z'));
    const resumed = await app.resumeTask(h.ctx, OPERATOR, t.id);
    expect(iso(resumed.nextRunAt!)).toBe('2026-12-01T03:00:00.000Z');
    await h.at('2026-12-01T03:00:00Z');
    expect(await runsOf(t.id)).toHaveLength(1);
  });

  it('runs a task now without moving its schedule', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 9 * * *', content: 'x' });
    await app.runTaskNow(h.ctx, OPERATOR, t.id);
    await h.at('2026-12-01T00:00:00.100Z');
    const runs = await runsOf(t.id);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['manual', 'succeeded']]);
    const after = (await store.findTask(h.database.db, t.id))!;
    expect(after.nextRunAt).toBe(t.nextRunAt);
    expect(after.runCount).toBe(0);
  });

  it('prunes history beyond the newest N runs per task', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', retention: { maxRuns: 3, maxAgeMs: 30 * 86_400_000 } });
    const t = await app.createTask(h.ctx, OPERATOR, { every: '1m', content: 'x' });
    for (let m = 1; m <= 6; m++) await h.at(Date.parse('2026-12-01T00:00:00Z') + m * 60_000);
    await h.engine.maintain();
    expect((await runsOf(t.id)).map((r) => iso(r.scheduledFor).slice(11, 16))).toEqual(['00:04', '00:05', '00:06']);
  });

  it('prunes history older than the maximum age', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', retention: { maxRuns: 100, maxAgeMs: 86_400_000 } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 12 * * *', content: 'x' });
    for (const d of ['01', '02', '03']) await h.at(`2026-12-${d}T12:00:00Z`);
    await h.engine.maintain();
    expect((await runsOf(t.id)).map((r) => iso(r.scheduledFor).slice(0, 10))).toEqual(['2026-12-02', '2026-12-03']);
  });
});

describe('crash recovery', () => {
  it('marks a command run left running by a dead process interrupted and retries it per policy', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z', actions: { ok: { argv: [process.execPath, '-e', ''] } } });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '0 1 * * *', action: 'ok', retries: 1, backoffMs: 1000 });
    const orphan = await store.insertRun(h.database.db, { taskId: t.id, scheduledFor: Date.parse('2026-11-30T01:00:00Z'), trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: 1, instance: 'dead-process' });
    // Its command had been spawned: it may have done something, so it is not simply run again.
    await h.database.db.updateTable('runs').set({ spawnedAt: 1 }).where('id', '=', orphan!.id).execute();
    await h.engine.maintain();
    expect((await store.findRun(h.database.db, orphan!.id))!.status).toBe('interrupted');
    await h.at('2026-12-01T00:00:01Z');
    const runs = await runsOf(t.id);
    expect(runs.map((r) => [r.trigger, r.attempt, r.status])).toEqual([
      ['schedule', 1, 'interrupted'],
      ['retry', 2, 'succeeded'],
    ]);
  });
});

describe('crash recovery of deliveries', () => {
  it('hands messages a dead process was sending back to the queue at once', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const { enqueueChat } = await import('../../src/outbox/index.ts');
    await enqueueChat(h.database.db, { platform: 'telegram', chatId: 'g' }, { text: 'x' }, 'k', h.clock.now());
    const claimed = await h.database.write((tx) => store.claimOutbox(tx, h.clock.now(), h.clock.now() + 300_000, 10, false, 'dead-process'));
    expect(claimed).toHaveLength(1);
    await h.engine.maintain();
    const [row] = await store.listOutbox(h.database.db);
    expect(row).toMatchObject({ status: 'pending', nextAttemptAt: h.clock.now() });
  });
});

describe('daylight saving time in America/New_York', () => {
  it('fires a time that does not exist once, at the first valid instant after it', async () => {
    h = await engineHarness({ start: '2026-03-07T12:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '30 2 * * *', tz: 'America/New_York', content: 'x' });
    expect(iso(t.nextRunAt!)).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT: 02:30 does not exist
    await h.at('2026-03-08T07:00:00Z');
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-03-09T06:30:00.000Z');
  });

  it('fires a time that occurs twice once, at its first occurrence', async () => {
    h = await engineHarness({ start: '2026-10-31T12:00:00Z' });
    const t = await app.createTask(h.ctx, OPERATOR, { cron: '30 1 * * *', tz: 'America/New_York', content: 'x' });
    expect(iso(t.nextRunAt!)).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    await h.at('2026-11-01T05:30:00Z');
    await h.at('2026-11-01T06:30:00Z'); // 01:30 EST, the second 01:30: must not fire
    expect(await runsOf(t.id)).toHaveLength(1);
    expect(iso((await store.findTask(h.database.db, t.id))!.nextRunAt!)).toBe('2026-11-02T06:30:00.000Z');
  });

  it('keeps the wall time of a whole-day interval across the change and counts real time for sub-day ones', async () => {
    h = await engineHarness({ start: '2026-03-06T14:00:00Z' }); // 09:00 EST
    const daily = await app.createTask(h.ctx, OPERATOR, { every: '1d', tz: 'America/New_York', content: 'x', startAt: '2026-03-07T14:00:00Z' });
    const hourly = await app.createTask(h.ctx, OPERATOR, { every: '12h', tz: 'America/New_York', content: 'x', startAt: '2026-03-07T14:00:00Z' });
    const { nextRuns } = await import('../../src/schedule/index.ts');
    expect(nextRuns(daily.schedule, daily.window, Date.parse('2026-03-07T13:00:00Z'), 3).map(iso)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    expect(nextRuns(hourly.schedule, hourly.window, Date.parse('2026-03-07T13:00:00Z'), 3).map(iso)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T02:00:00.000Z', '2026-03-08T14:00:00.000Z']);
  });
});

describe('bad input', () => {
  it.each([
    [{ cron: '61 * * * *' }, 'cron'],
    [{ cron: '0 9 * *' }, 'cron'],
    [{ cron: '0 9 * * *', tz: 'Mars/Olympus' }, 'tz'],
    [{ every: '0s' }, 'every'],
    [{ every: '2 minutes' }, 'every'],
    [{ every: '1m', startAt: '2026-12-02T00:00:00Z', endAt: '2026-12-01T00:00:00Z' }, 'endAt'],
    [{ at: '2020-01-01T00:00:00Z' }, 'at'],
  ])('refuses %j naming the field %s and stores nothing', async (input, field) => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    const err = await Promise.resolve()
      .then(() => app.createTask(h.ctx, OPERATOR, app.parseTaskInput({ content: 'x', ...input })))
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'UserError', field });
    expect(await store.listTasks(h.database.db)).toHaveLength(0);
  });

  it('says an unknown task id is not found', async () => {
    h = await engineHarness({ start: '2026-12-01T00:00:00Z' });
    await expect(app.pauseTask(h.ctx, OPERATOR, 999)).rejects.toThrow('task 999 not found');
  });
});
