import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import * as store from '../../src/store/index.ts';
import type { NewTask } from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase } from '../support/databases.ts';

const T0 = Date.parse('2026-12-01T01:00:00Z');

function newTask(over: Partial<NewTask> = {}): NewTask {
  return {
    chat: { platform: 'telegram', chatId: '-100' },
    name: 'standup',
    content: 'post the standup notes',
    owner: { id: 'u1', name: 'Alice' },
    mode: 'message',
    action: null,
    schedule: { kind: 'cron', expr: '30 9 * * 1-5', tz: 'Asia/Shanghai', anchor: null, text: '--cron "30 9 * * 1-5"' },
    window: { startAt: null, endAt: null, maxRuns: null },
    status: 'active',
    policies: DEFAULT_POLICIES,
    notifyUrls: ['https://example.invalid/hook'],
    chase: { everyMs: 900_000, maxCount: 4, until: null, closeOnNext: true },
    nextRunAt: T0,
    createdBy: 'telegram:u1',
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`store on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);
    let h: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      if (available) h = await freshDatabase(dialect);
    });
    afterAll(async () => {
      await h?.drop();
    });

    it.skipIf(!available)('stores a task and reads back every field unchanged', async () => {
      const t = await store.insertTask(h.database.db, newTask(), T0);
      const back = await store.findTask(h.database.db, t.id);
      expect(back).toEqual({ ...newTask(), id: t.id, runCount: 0, version: 1, createdAt: T0, updatedAt: T0, runOn: null, jitterMs: 0, thenTaskId: null, onFailureTaskId: null });
    });

    it.skipIf(!available)('refuses a second run row for the same task, instant, trigger and attempt', async () => {
      const t = await store.insertTask(h.database.db, newTask(), T0);
      const base = { taskId: t.id, scheduledFor: T0, trigger: 'schedule' as const, attempt: 1, status: 'running' as const, dueAt: null, startedAt: T0, instance: 'a' };
      const first = await store.insertRun(h.database.db, base);
      const second = await store.insertRun(h.database.db, { ...base, instance: 'b' });
      expect(first?.id).toBeGreaterThan(0);
      expect(second).toBeUndefined();
      expect(await store.countRuns(h.database.db, t.id)).toBe(1);
    });

    it.skipIf(!available)('updates with a stale version change nothing', async () => {
      const t = await store.insertTask(h.database.db, newTask(), T0);
      const v2 = await store.updateTask(h.database.db, t.id, { name: 'renamed' }, T0 + 1, t.version);
      expect(v2?.version).toBe(2);
      const stale = await store.updateTask(h.database.db, t.id, { name: 'lost' }, T0 + 2, t.version);
      expect(stale).toBeUndefined();
      expect((await store.findTask(h.database.db, t.id))?.name).toBe('renamed');
    });

    it.skipIf(!available)('lists due tasks oldest first and filters by chat and text', async () => {
      const a = await store.insertTask(h.database.db, newTask({ name: 'late', nextRunAt: T0 - 5000, chat: { platform: 'wecom', chatId: 'g1' } }), T0);
      const b = await store.insertTask(h.database.db, newTask({ name: 'later', nextRunAt: T0 - 1000, chat: { platform: 'wecom', chatId: 'g1' } }), T0);
      const due = await h.database.write((tx) => store.lockDueTasks(tx, T0 - 1000, 10, store.locksRows(h.database.dialect)));
      expect(due.map((t) => t.id).slice(0, 2)).toEqual([a.id, b.id]);
      const inChat = await store.listTasks(h.database.db, { chat: { platform: 'wecom', chatId: 'g1' }, text: 'later' });
      expect(inChat.map((t) => t.id)).toEqual([b.id]);
    });

    it.skipIf(!available)('gives a lease to one holder at a time until it expires', async () => {
      const db = h.database.db;
      expect(await store.acquireLease(db, 'poll', 'a', T0, 1000)).toBe(true);
      expect(await store.acquireLease(db, 'poll', 'b', T0 + 500, 1000)).toBe(false);
      expect(await store.acquireLease(db, 'poll', 'a', T0 + 900, 1000)).toBe(true);
      expect(await store.acquireLease(db, 'poll', 'b', T0 + 1899, 1000)).toBe(false);
      expect(await store.acquireLease(db, 'poll', 'b', T0 + 1901, 1000)).toBe(true);
      expect((await store.findLease(db, 'poll'))?.holder).toBe('b');
    });

    it.skipIf(!available)('prunes runs beyond the newest N per task and older than the cut-off', async () => {
      const db = h.database.db;
      const t = await store.insertTask(db, newTask(), T0);
      for (let i = 0; i < 8; i++) {
        await store.insertRun(db, { taskId: t.id, scheduledFor: T0 + i, trigger: 'schedule', attempt: 1, status: 'succeeded', dueAt: null, startedAt: T0 + i, finishedAt: T0 + i, instance: 'a' });
      }
      expect(await store.pruneRuns(db, 5, T0 + 1)).toBe(3);
      const left = await store.listRuns(db, t.id, 100);
      expect(left.map((r) => r.scheduledFor)).toEqual([7, 6, 5, 4, 3].map((i) => T0 + i));
    });

    it.skipIf(!available)('claims outbox messages first in, first out per target, whatever their due times', async () => {
      const db = h.database.db;
      const base = { targetKind: 'chat' as const, platform: 'telegram', body: '{}', now: T0 };
      await store.enqueueOutbox(db, { ...base, target: 'fifo-a', dedupeKey: 'fifo-1', notBefore: T0 + 60_000 });
      await store.enqueueOutbox(db, { ...base, target: 'fifo-a', dedupeKey: 'fifo-2' });
      await store.enqueueOutbox(db, { ...base, target: 'fifo-b', dedupeKey: 'fifo-3' });
      await store.enqueueOutbox(db, { ...base, platform: 'wecom', target: 'fifo-a', dedupeKey: 'fifo-4' });
      const claimed = await h.database.write((tx) => store.claimOutbox(tx, T0, T0 + 1000, 10, store.locksRows(h.database.dialect), 'me'));
      // fifo-2 waits behind fifo-1 (not due yet); another target and another platform do not.
      expect(claimed.map((c) => c.dedupeKey).filter((k) => k.startsWith('fifo'))).toEqual(['fifo-3', 'fifo-4']);
    });

    it.skipIf(!available)('marks runs of dead instances interrupted and leaves live ones alone', async () => {
      const db = h.database.db;
      const t = await store.insertTask(db, newTask(), T0);
      const dead = await store.insertRun(db, { taskId: t.id, scheduledFor: T0 + 100, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'dead' });
      const live = await store.insertRun(db, { taskId: t.id, scheduledFor: T0 + 200, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'live' });
      const orphans = await store.findOrphanRuns(db, ['live']);
      expect(orphans.map((r) => r.id)).toContain(dead!.id);
      expect(orphans.map((r) => r.id)).not.toContain(live!.id);
      for (const r of orphans) expect(await store.endRunningRun(db, r.id, 'interrupted', T0 + 5, 'gone')).toBe(true);
      expect((await store.findRun(db, dead!.id))?.status).toBe('interrupted');
      expect((await store.findRun(db, live!.id))?.status).toBe('running');
    });
  });
}
