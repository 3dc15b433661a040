import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import * as store from '../../src/store/index.ts';
import type { NewRun, NewTask } from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase } from '../support/databases.ts';

const T0 = Date.parse('2026-12-01T01:00:00Z');

// Every column set to something other than its default, so that a column read from the wrong place shows.
function fullTask(i: number): NewTask {
  return {
    chat: { platform: 'telegram', chatId: `-100${i}` },
    name: `standup ${i}`,
    content: `post the standup notes ${i}`,
    owner: { id: `u${i}`, name: `Alice ${i}` },
    mode: i % 2 ? 'command' : 'message',
    action: i % 2 ? { name: 'disk' } : null,
    schedule: { kind: 'every', expr: '15m', tz: 'Asia/Shanghai', anchor: T0 - 60_000, text: 'every 15 minutes' },
    window: { startAt: T0 - 3_600_000, endAt: T0 + 86_400_000, maxRuns: 40 + i },
    status: 'active',
    policies: { ...DEFAULT_POLICIES, misfire: 'all', misfireGraceMs: 5000 + i, overlap: 'parallel', overlapMax: 3, retries: 2, backoffMs: 7000, timeoutMs: 9000 },
    notifyUrls: ['https://example.invalid/hook'],
    chase: { everyMs: 900_000, maxCount: 4, until: '18:00', closeOnNext: true },
    nextRunAt: T0 + i,
    createdBy: `telegram:u${i}`,
    runOn: i % 2 ? 'gpu' : null,
    jitterMs: 250,
    thenTaskId: 7,
    onFailureTaskId: 8,
    closers: 'owner',
  };
}

function run(taskId: number, over: Partial<NewRun> = {}): NewRun {
  return { taskId, scheduledFor: T0, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: T0, instance: 'ignored', message: `hello ${taskId}`, ...over };
}

for (const dialect of DIALECTS) {
  describe(`the burst's statements on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);
    let h: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      if (available) h = await freshDatabase(dialect);
    });
    afterAll(async () => {
      await h?.drop();
    });

    it.skipIf(!available)('read due tasks exactly as the task repository reads them, oldest first, up to the limit', async () => {
      const { database } = h;
      await store.insertTasksBulk(database, [0, 1, 2, 3].map(fullTask), T0 - 1000);
      await store.insertTasksBulk(database, [{ ...fullTask(9), nextRunAt: T0 + 60_000 }, { ...fullTask(10), status: 'paused' }], T0 - 1000);
      const due = await database.write((tx) => database.bulk.lockDueTasks(tx, T0 + 2, 10));
      expect(due.map((t) => t.name)).toEqual(['standup 0', 'standup 1', 'standup 2']);
      for (const t of due) expect(t).toEqual(await store.findTask(database.db, t.id));
      expect(await database.write((tx) => database.bulk.lockDueTasks(tx, T0 + 60_000, 2))).toHaveLength(2);
    });

    it.skipIf(!available)('record each occurrence once and return only the runs this call inserted, as they read back', async () => {
      const { database } = h;
      const tasks = await store.listTasks(database.db);
      const [a, b, c] = tasks.map((t) => t.id);
      const first = await database.write((tx) => database.bulk.insertRuns(tx, [run(a), run(b, { status: 'queued', dueAt: T0 + 5, startedAt: null, message: null, overlapPending: true })], 'replica-1'));
      expect(first.map((r) => r.taskId)).toEqual([a, b]);
      for (const r of first) expect(r).toEqual(await store.findRun(database.db, r.id));
      expect(first[0].instance).toBe('replica-1');
      expect(first[1].overlapPending).toBe(true);
      // A peer claiming the same occurrences keeps none of them; a new one is its own.
      const second = await database.write((tx) => database.bulk.insertRuns(tx, [run(a), run(b), run(c, { status: 'skipped', finishedAt: T0, error: 'missed', startedAt: null })], 'replica-2'));
      expect(second.map((r) => [r.taskId, r.instance, r.status])).toEqual([[c, 'replica-2', 'skipped']]);
      expect(second[0]).toEqual(await store.findRun(database.db, second[0].id));
      const all = await database.db.selectFrom('runs').select(['taskId', 'instance']).orderBy('id').execute();
      expect(all).toEqual([
        { taskId: a, instance: 'replica-1' },
        { taskId: b, instance: 'replica-1' },
        { taskId: c, instance: 'replica-2' },
      ]);
    });

    it.skipIf(!available)('advance tasks by group and finish only the runs still open and held by their owner', async () => {
      const { database } = h;
      const [a, b, c] = (await store.listTasks(database.db)).map((t) => t);
      await database.write((tx) =>
        database.bulk.advanceTasks(tx, [
          { ids: [a.id, b.id], nextRunAt: T0 + 900_000, fired: 2, status: 'active' },
          { ids: [c.id], nextRunAt: null, fired: 1, status: 'finished' },
        ], T0 + 10),
      );
      const after = await Promise.all([a, b, c].map((t) => store.findTask(database.db, t.id)));
      expect(after.map((t) => [t!.nextRunAt, t!.runCount, t!.status, t!.updatedAt, t!.version])).toEqual([
        [T0 + 900_000, 2, 'active', T0 + 10, 1],
        [T0 + 900_000, 2, 'active', T0 + 10, 1],
        [null, 1, 'finished', T0 + 10, 1],
      ]);
      const runs = await database.db.selectFrom('runs').select(['id', 'status']).orderBy('id').execute();
      const [running, queued, skipped] = runs.map((r) => r.id);
      const out = { status: 'succeeded' as const, finishedAt: T0 + 20, exitCode: 0, output: 'ok', error: null };
      // Held by replica-1: replica-2 may not finish them.
      expect(await database.write((tx) => database.bulk.finishRuns(tx, [running, queued], out, 'replica-2'))).toEqual([]);
      expect(await database.write((tx) => database.bulk.finishRuns(tx, [running, skipped], out, 'replica-1'))).toEqual([running]);
      expect(await database.write((tx) => database.bulk.finishRuns(tx, [running, queued, skipped], { ...out, status: 'failed' }))).toEqual([queued]);
      const r = await store.findRun(database.db, running);
      expect([r!.status, r!.finishedAt, r!.exitCode, r!.output]).toEqual(['succeeded', T0 + 20, 0, 'ok']);
      expect((await store.findRun(database.db, skipped))!.status).toBe('skipped');
    });
  });
}
