import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import type { Actor, TaskInput } from '../../src/app/index.ts';
import { chaseReminderText, runResultText } from '../../src/chat/index.ts';
import { Engine, ManualClock } from '../../src/engine/index.ts';
import { Executor } from '../../src/exec/index.ts';
import { ChaseDriver, noticeHooks, type NoticeFormat } from '../../src/outbox/index.ts';
import * as store from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';

const MIN = 60_000;
const CHAT = { platform: 'fake', chatId: 'g1' };
const ALICE: Actor = { kind: 'chat', id: 'u1', name: 'Alice', chat: CHAT, admin: true, lang: 'en' };
const OWNER = { id: 'u2', name: 'Bob' };
const format: NoticeFormat = { runResult: runResultText, chaseReminder: chaseReminderText };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** An engine with the notice hooks and a chase driver on a manual clock over a real SQLite file. */
async function setup(start: string, dialect: (typeof DIALECTS)[number] = 'sqlite') {
  const h = await freshDatabase(dialect);
  const clock = new ManualClock(Date.parse(start));
  const executor = new Executor({ actions: {}, env: {}, outputLimitBytes: 4096, secrets: [] });
  const engine = new Engine({ database: h.database, executor, log: memoryLog(), clock, instanceId: 'unit-1', hooks: noticeHooks(format, () => undefined), batchSize: 100 });
  const driver = new ChaseDriver(h.database, format, () => undefined);
  const ctx: app.AppContext = { database: h.database, now: () => clock.now(), defaultTz: 'UTC', minIntervalMs: 0, actionNames: [], notify: () => {} };
  cleanup.push(async () => {
    await engine.idle();
    await h.drop();
  });
  const db = h.database.db;
  return {
    db,
    database: h.database,
    url: h.url,
    ctx,
    clock,
    driver,
    create: (input: TaskInput, actor: Actor = ALICE) => app.createTask(ctx, actor, { content: 'submit the report', owner: OWNER, ...input }),
    /** Moves the clock to `t`, fires what is due and sends the reminders that are due. */
    async at(t: number | string) {
      clock.set(typeof t === 'number' ? t : Date.parse(t));
      await engine.tick();
      await engine.idle();
      await driver.runDue(clock.now());
    },
    /** Reminder texts in the outbox, in the order they were enqueued. */
    async reminders(): Promise<{ key: string; text: string; mentions: { id: string }[] }[]> {
      const rows = await db.selectFrom('outbox').select(['dedupeKey', 'body']).where('dedupeKey', 'like', 'chase:%').orderBy('id').execute();
      return rows.map((r) => {
        const body = JSON.parse(r.body) as { text: string; mentions?: { id: string }[] };
        return { key: r.dedupeKey, text: body.text, mentions: body.mentions ?? [] };
      });
    },
    chases: (taskId: number) => store.listChases(db, taskId, 50),
  };
}

describe('chase driver', () => {
  it('sends one reminder per interval mentioning the owner, and never twice for the same instant', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m' } });
    await s.at('2026-12-01T09:01:00Z');
    expect(await s.chases(t.id)).toMatchObject([{ count: 0, closedAt: null }]);
    expect(await s.reminders()).toEqual([]);
    await s.at('2026-12-01T09:02:00Z');
    await s.driver.runDue(s.clock.now()); // a second pass at the same instant sends nothing more
    await s.at('2026-12-01T09:03:00Z');
    const sent = await s.reminders();
    expect(sent.map((r) => r.text.split('\n')[0])).toEqual([`⏰ #${t.id} reminder 1 · @Bob: submit the report`, `⏰ #${t.id} reminder 2 · @Bob: submit the report`]);
    expect(sent.every((r) => r.mentions.some((m) => m.id === 'u2'))).toBe(true);
    expect(await s.chases(t.id)).toMatchObject([{ count: 2, closedAt: null, nextChaseAt: Date.parse('2026-12-01T09:04:00Z') }]);
  });

  it('stops after the maximum number of reminders and records why', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m', max: 2 } });
    for (let m = 1; m <= 6; m++) await s.at(Date.parse('2026-12-01T09:00:00Z') + m * MIN);
    expect((await s.reminders()).length).toBe(2);
    expect(await s.chases(t.id)).toMatchObject([{ count: 2, closeReason: 'max', nextChaseAt: null, closedAt: Date.parse('2026-12-01T09:03:00Z') }]);
    expect(await store.earliestChase(s.db)).toBeNull();
  });

  it('stops at the time of day it was told, in the task timezone', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    // 17:58:30 in Shanghai; chase every minute until 18:00
    const t = await s.create({ at: '2026-12-01T17:58:30+08:00', tz: 'Asia/Shanghai', chase: { every: '1m', until: '18:00' } });
    await s.at('2026-12-01T17:58:30+08:00');
    await s.at('2026-12-01T17:59:30+08:00');
    // the next wake-up is the stop time itself, not one interval past it
    expect(await store.earliestChase(s.db)).toBe(Date.parse('2026-12-01T18:00:00+08:00'));
    await s.at('2026-12-01T18:00:00+08:00');
    await s.at('2026-12-01T18:01:30+08:00');
    expect((await s.reminders()).length).toBe(1);
    expect(await s.chases(t.id)).toMatchObject([{ count: 1, closeReason: 'until', closedAt: Date.parse('2026-12-01T18:00:00+08:00') }]);
  });

  it('reads a stop time earlier than the opening as the next day, so a chase that crosses midnight keeps going until then', async () => {
    const s = await setup('2026-12-01T20:00:00Z');
    const t = await s.create({ at: '2026-12-01T23:50:00Z', chase: { every: '10m', until: '00:30' } });
    for (let m = 0; m <= 60; m += 10) await s.at(Date.parse('2026-12-01T23:50:00Z') + m * MIN);
    // reminders at 00:00, 00:10, 00:20; closed at 00:30
    expect((await s.reminders()).length).toBe(3);
    expect(await s.chases(t.id)).toMatchObject([{ count: 3, closeReason: 'until', closedAt: Date.parse('2026-12-02T00:30:00Z') }]);
  });

  it('closes the open chase when the next occurrence fires and opens a new one', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ every: '1h', chase: { every: '20m', closeOnNext: true } });
    await s.at('2026-12-01T10:00:00Z');
    await s.at('2026-12-01T10:20:00Z');
    await s.at('2026-12-01T10:40:00Z');
    await s.at('2026-12-01T11:00:00Z');
    const [newer, older] = await s.chases(t.id);
    expect(older).toMatchObject({ count: 2, closeReason: 'next_occurrence', closedAt: Date.parse('2026-12-01T11:00:00Z') });
    expect(newer).toMatchObject({ count: 0, closedAt: null, scheduledFor: Date.parse('2026-12-01T11:00:00Z') });
    await s.at('2026-12-01T11:20:00Z');
    expect((await s.reminders()).map((r) => r.key)).toEqual([`chase:${older.id}:1`, `chase:${older.id}:2`, `chase:${newer.id}:1`]);
  });

  it('keeps every occurrence chasing when closeOnNext is off', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ every: '1h', chase: { every: '30m', closeOnNext: false } });
    await s.at('2026-12-01T10:00:00Z');
    await s.at('2026-12-01T11:00:00Z');
    expect((await s.chases(t.id)).map((c) => c.closedAt)).toEqual([null, null]);
  });

  it('closes a paused task\'s chase at its stop time', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ every: '1d', chase: { every: '10m', until: '10:00' } });
    await s.at('2026-12-02T09:00:00Z');
    await s.at('2026-12-02T09:10:00Z');
    await app.pauseTask(s.ctx, ALICE, t.id);
    for (let m = 20; m <= 70; m += 10) await s.at(Date.parse('2026-12-02T09:00:00Z') + m * MIN);
    expect((await s.reminders()).length).toBe(1);
    expect(await s.chases(t.id)).toMatchObject([{ count: 1, closeReason: 'until', closedAt: Date.parse('2026-12-02T10:00:00Z') }]);
  });

  it('holds the reminders of a paused task and carries on counting after resume', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ every: '1d', chase: { every: '10m' } });
    await s.at('2026-12-02T09:00:00Z');
    await s.at('2026-12-02T09:10:00Z');
    await app.pauseTask(s.ctx, ALICE, t.id);
    for (let m = 20; m <= 60; m += 10) await s.at(Date.parse('2026-12-02T09:00:00Z') + m * MIN);
    expect((await s.reminders()).length).toBe(1);
    expect(await s.chases(t.id)).toMatchObject([{ count: 1, closedAt: null }]);
    await app.resumeTask(s.ctx, ALICE, t.id);
    await s.at('2026-12-02T10:10:00Z');
    const sent = await s.reminders();
    expect(sent.map((r) => r.text.split('\n')[0].split(' · ')[0])).toEqual([`⏰ #${t.id} reminder 1`, `⏰ #${t.id} reminder 2`]);
  });

  it('sends nothing more for a deleted task', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m' } });
    await s.at('2026-12-01T09:01:00Z');
    await s.at('2026-12-01T09:02:00Z');
    await app.deleteTask(s.ctx, ALICE, t.id);
    await s.at('2026-12-01T09:03:00Z');
    await s.at('2026-12-01T09:04:00Z');
    expect((await s.reminders()).length).toBe(1);
    expect(await store.earliestChase(s.db)).toBeNull();
  });

  it('stops when the chase is turned off by an edit', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m' } });
    await s.at('2026-12-01T09:01:00Z');
    await s.at('2026-12-01T09:02:00Z');
    await app.editTask(s.ctx, ALICE, t.id, { chase: null });
    await s.at('2026-12-01T09:03:00Z');
    expect((await s.reminders()).length).toBe(1);
    expect((await s.chases(t.id))[0].closedAt).toBe(Date.parse('2026-12-01T09:03:00Z'));
  });

  it('closes on done once: no more reminders, a second done is refused, and another chat cannot see it', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m' } });
    await expect(app.closeChase(s.ctx, ALICE, t.id)).rejects.toMatchObject({ code: 'nothing_open' });
    await s.at('2026-12-01T09:01:00Z');
    await s.at('2026-12-01T09:02:00Z');
    const stranger: Actor = { ...ALICE, chat: { platform: 'fake', chatId: 'other' } };
    await expect(app.closeChase(s.ctx, stranger, t.id)).rejects.toMatchObject({ code: 'not_found' });
    s.clock.set(Date.parse('2026-12-01T09:02:30Z'));
    const done = await app.closeChase(s.ctx, { ...ALICE, id: 'u2', name: 'Bob' }, t.id);
    expect(done).toMatchObject({ closedBy: 'Bob', openForMs: 90_000, chase: { count: 1, closeReason: 'done' } });
    await expect(app.closeChase(s.ctx, ALICE, t.id)).rejects.toMatchObject({ code: 'already_done' });
    await s.at('2026-12-01T09:03:00Z');
    await s.at('2026-12-01T09:04:00Z');
    expect((await s.reminders()).length).toBe(1);
    expect(await s.chases(t.id)).toMatchObject([{ closedBy: 'Bob', closeReason: 'done', closedAt: Date.parse('2026-12-01T09:02:30Z') }]);
  });
});

describe('closing while a reminder goes out', () => {
  it('reports the reminders that really went out when /done races the driver', async () => {
    const s = await setup('2026-12-01T09:00:00Z');
    const t = await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m' } });
    await s.at('2026-12-01T09:01:00Z');
    s.clock.set(Date.parse('2026-12-01T09:02:00Z'));
    const [done] = await Promise.all([app.closeChase(s.ctx, { ...ALICE, name: 'Bob' }, t.id), s.driver.runDue(s.clock.now())]);
    const [chase] = await s.chases(t.id);
    expect(done.chase.count).toBe(chase.count);
    expect((await s.reminders()).length).toBe(chase.count);
  });
});

for (const dialect of DIALECTS) {
  describe(`chase driver across replicas on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);

    it.skipIf(!available)('sends each reminder once when two replicas drive the same chases at the same instants', async () => {
      const s = await setup('2026-12-01T09:00:00Z', dialect);
      const tasks = [];
      for (let i = 0; i < 5; i++) tasks.push(await s.create({ at: '2026-12-01T09:01:00Z', chase: { every: '1m', max: 3 } }));
      await s.at('2026-12-01T09:01:00Z');
      // SQLite takes one service process (a second is refused): there the rival is a second driver
      // on the same file handle; on MySQL it is a replica with its own connection pool.
      const other = dialect === 'mysql' ? store.openDatabase(s.url) : s.database;
      if (dialect === 'mysql') cleanup.push(() => other.close());
      const replica = new ChaseDriver(other, format, () => undefined);
      for (let m = 2; m <= 5; m++) {
        const t = Date.parse('2026-12-01T09:00:00Z') + m * MIN;
        s.clock.set(t);
        await Promise.all([s.driver.runDue(t), replica.runDue(t), s.driver.runDue(t), replica.runDue(t)]);
      }
      const keys = (await s.reminders()).map((r) => r.key);
      expect(keys.length).toBe(5 * 3);
      expect(new Set(keys).size).toBe(keys.length);
      for (const t of tasks) expect(await s.chases(t.id)).toMatchObject([{ count: 3, closeReason: 'max' }]);
    });
  });
}
