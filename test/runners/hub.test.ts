import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChains, OPERATOR, withChains, type AppContext } from '../../src/app/index.ts';
import { DEFAULT_POLICIES, type Task } from '../../src/domain/index.ts';
import type { EngineHooks } from '../../src/engine/index.ts';
import { addRunner, revokeRunner, RunnerHub, RunnerRefusal, RunnerSweep } from '../../src/runners/index.ts';
import { jitterDelay } from '../../src/schedule/index.ts';
import * as store from '../../src/store/index.ts';
import type { NewTask } from '../../src/store/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase } from '../support/databases.ts';

const T0 = Date.parse('2026-12-01T01:00:00Z');
const SECRET = 'the-servers-connection-password';
const quiet = { warn() {} };

function commandTask(over: Partial<NewTask> = {}): NewTask {
  return {
    chat: { platform: 'telegram', chatId: '-100' },
    name: 'backup',
    content: '',
    owner: null,
    mode: 'command',
    action: { name: 'backup' },
    schedule: { kind: 'every', expr: '1h', tz: 'UTC', anchor: T0, text: 'every 1h' },
    window: { startAt: null, endAt: null, maxRuns: null },
    status: 'active',
    policies: { ...DEFAULT_POLICIES, retries: 1, backoffMs: 0 },
    notifyUrls: [],
    chase: null,
    nextRunAt: T0 + 3_600_000,
    createdBy: 'operator',
    runOn: 'db',
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`runner hub on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);
    let h: Awaited<ReturnType<typeof freshDatabase>>;
    let now = T0;
    const finished: { task: number; status: string }[] = [];
    const hooks: EngineHooks = withChains({ onFinished: async (_tx, task, run) => void finished.push({ task: task.id, status: run.status }) });
    let hub: RunnerHub;
    const auth = async (token: string) => hub.authenticate(`Bearer ${token}`);
    /** A run waiting for a runner, as the engine's claim leaves it. */
    const waitingRun = async (task: Task, at = now) => (await store.insertRun(h.database.db, { taskId: task.id, scheduledFor: at, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: at, instance: 'engine-1', runOn: task.runOn }))!;

    beforeAll(async () => {
      if (!available) return;
      h = await freshDatabase(dialect);
      hub = new RunnerHub({ database: h.database, hooks, now: () => now, lapseMs: 10_000, outputLimitBytes: 1000, secrets: [SECRET], notify: () => {}, maxWaitMs: 0 });
    });
    afterAll(async () => {
      await h?.drop();
    });

    it.skipIf(!available)('gives one waiting run to exactly one of two runners polling at once', async () => {
      const a = await auth((await addRunner(h.database, 'a1', ['db'], now)).token);
      const b = await auth((await addRunner(h.database, 'b1', ['db'], now)).token);
      const task = await store.insertTask(h.database.db, commandTask(), now);
      const run = await waitingRun(task);
      const got = await Promise.all([hub.poll(a, ['db'], 0, {}), hub.poll(b, ['db'], 0, {})]);
      expect(got.filter(Boolean).map((j) => j!.runId)).toEqual([run.id]);
      expect(got.find(Boolean)).toMatchObject({ action: { name: 'backup' }, label: 'db', attempt: 1, timeoutMs: DEFAULT_POLICIES.timeoutMs });
      const holder = got[0] ? a : b;
      const other = got[0] ? b : a;
      // The other runner sees nothing of it: no output, no result.
      await expect(hub.output(other, run.id, 'x')).rejects.toMatchObject({ status: 409 });
      await hub.output(holder, run.id, 'line 1\n');
      await hub.complete(holder, run.id, { status: 'succeeded', exitCode: 0, durationMs: 5, output: 'line 1\nline 2\n', error: null });
      const done = (await store.findRun(h.database.db, run.id))!;
      expect([done.status, done.runner, done.output, done.exitCode]).toEqual(['succeeded', holder.name, 'line 1\nline 2\n', 0]);
      await expect(hub.complete(holder, run.id, { status: 'failed', exitCode: 1, durationMs: 5, output: null, error: 'late' })).rejects.toBeInstanceOf(RunnerRefusal);
    });

    it.skipIf(!available)('does not hand out a run claimed ahead before its instant', async () => {
      const r = await auth((await addRunner(h.database, 'early', ['ahead'], now)).token);
      const task = await store.insertTask(h.database.db, commandTask({ runOn: 'ahead' }), now);
      await store.insertRun(h.database.db, { taskId: task.id, scheduledFor: now + 150, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: now + 150, instance: 'engine-1', runOn: 'ahead' });
      expect(await hub.poll(r, ['ahead'], 0, {})).toBeNull();
      now += 150;
      expect((await hub.poll(r, ['ahead'], 0, {}))?.taskId).toBe(task.id);
    });

    it.skipIf(!available)('interrupts the runs of a runner silent past the lapse and queues the retry; revoking does it at once', async () => {
      const silent = await auth((await addRunner(h.database, 'silent', ['lapse'], now)).token);
      const task = await store.insertTask(h.database.db, commandTask({ runOn: 'lapse' }), now);
      const run = await waitingRun(task);
      expect((await hub.poll(silent, ['lapse'], 0, {}))?.runId).toBe(run.id);
      const sweep = new RunnerSweep(h.database, hooks, 10_000, quiet);
      now += 9_000;
      await sweep.runDue(now);
      expect((await store.findRun(h.database.db, run.id))!.status).toBe('running');
      now += 1_001;
      await sweep.runDue(now);
      const ended = (await store.findRun(h.database.db, run.id))!;
      expect([ended.status, ended.error]).toEqual(['interrupted', 'runner silent stopped answering (no heartbeat for 10 s) or was revoked']);
      const retry = (await store.listRuns(h.database.db, task.id)).find((r) => r.trigger === 'retry')!;
      expect([retry.status, retry.attempt, retry.scheduledFor]).toEqual(['queued', 2, run.scheduledFor]);
      // Being retried, the interrupted run posts nothing: its retry's result will.
      expect(finished.filter((f) => f.task === task.id)).toEqual([]);

      const goneToken = (await addRunner(h.database, 'gone', ['rev'], now)).token;
      const revoked = await auth(goneToken);
      const t2 = await store.insertTask(h.database.db, commandTask({ runOn: 'rev', policies: DEFAULT_POLICIES }), now);
      const r2 = await waitingRun(t2);
      expect((await hub.poll(revoked, ['rev'], 0, {}))?.runId).toBe(r2.id);
      await revokeRunner(h.database, 'gone', now);
      await expect(auth(goneToken)).rejects.toMatchObject({ status: 401 });
      now += 600;
      await sweep.runDue(now);
      expect((await store.findRun(h.database.db, r2.id))!.status).toBe('interrupted');
      // No retry left: the end is told (chat, notify URLs) like any other.
      expect(finished.filter((f) => f.task === t2.id)).toEqual([{ task: t2.id, status: 'interrupted' }]);
    });

    it.skipIf(!available)("masks a secret the server knows even when the runner's live output splits it across two posts", async () => {
      const r = await auth((await addRunner(h.database, 'splitter', ['split'], now)).token);
      const task = await store.insertTask(h.database.db, commandTask({ runOn: 'split' }), now);
      const run = await waitingRun(task);
      expect((await hub.poll(r, ['split'], 0, {}))?.runId).toBe(run.id);
      await hub.output(r, run.id, `pw=${SECRET.slice(0, 10)}`);
      await hub.output(r, run.id, `${SECRET.slice(10)} done\n`);
      expect((await store.findRun(h.database.db, run.id))!.output).toBe('pw=*** done\n');
      await hub.complete(r, run.id, { status: 'failed', exitCode: 1, durationMs: 5, output: `pw=${SECRET}\n`, error: `exit code 1: ${SECRET}` });
      const done = (await store.findRun(h.database.db, run.id))!;
      expect([done.output, done.error]).toEqual(['pw=***\n', 'exit code 1: ***']);
    });

    it.skipIf(!available)('fails a run no runner took within its timeout', async () => {
      const task = await store.insertTask(h.database.db, commandTask({ runOn: 'nobody', policies: { ...DEFAULT_POLICIES, timeoutMs: 5_000 } }), now);
      const run = await waitingRun(task);
      now += 5_001;
      await new RunnerSweep(h.database, hooks, 10_000, quiet).runDue(now);
      const r = (await store.findRun(h.database.db, run.id))!;
      expect([r.status, r.error]).toEqual(['failed', 'no runner with the label "nobody" took the run in time']);
    });

    it.skipIf(!available)('starts the next task of a chain with its parent recorded, on success and on failure for good', async () => {
      const ok = await store.insertTask(h.database.db, commandTask({ runOn: null, mode: 'message', action: null, name: 'ok' }), now);
      const bad = await store.insertTask(h.database.db, commandTask({ runOn: null, mode: 'message', action: null, name: 'alarm' }), now);
      const parent = await store.insertTask(h.database.db, commandTask({ thenTaskId: ok.id, onFailureTaskId: bad.id, policies: { ...DEFAULT_POLICIES, retries: 1 } }), now);
      const a = await auth((await addRunner(h.database, 'chain', ['db'], now)).token);
      const first = await waitingRun(parent);
      await hub.poll(a, ['db'], 0, {});
      await hub.complete(a, first.id, { status: 'succeeded', exitCode: 0, durationMs: 1, output: '', error: null });
      const child = (await store.listRuns(h.database.db, ok.id))[0];
      expect([child.trigger, child.status, child.parentRunId]).toEqual(['chain', 'queued', first.id]);
      // A failure with a retry left starts nothing; the last attempt's failure starts onFailure.
      now += 10;
      const second = await waitingRun(parent);
      await hub.poll(a, ['db'], 0, {});
      await hub.complete(a, second.id, { status: 'failed', exitCode: 1, durationMs: 1, output: '', error: 'exit code 1' });
      expect(await store.listRuns(h.database.db, bad.id)).toEqual([]);
      const retry = (await store.listRuns(h.database.db, parent.id)).find((r) => r.trigger === 'retry')!;
      // The engine starts the due retry as a remote run (as claimDue does).
      expect(await store.startQueuedRemoteRun(h.database.db, retry.id, now, 'engine-1', 'db', null)).toBe(true);
      await hub.poll(a, ['db'], 0, {});
      await hub.complete(a, retry.id, { status: 'failed', exitCode: 1, durationMs: 1, output: '', error: 'exit code 1' });
      const alarm = (await store.listRuns(h.database.db, bad.id))[0];
      expect([alarm.trigger, alarm.parentRunId]).toEqual(['chain', retry.id]);
    });

    it.skipIf(!available)('refuses chain loops and chains into another chat, in the writer\'s language', async () => {
      const ctx = { database: h.database, now: () => now } as AppContext;
      const chat = { platform: 'telegram', chatId: '-100' };
      const x = await store.insertTask(h.database.db, commandTask({ runOn: null }), now);
      const y = await store.insertTask(h.database.db, commandTask({ runOn: null, thenTaskId: x.id }), now);
      const z = await store.insertTask(h.database.db, commandTask({ runOn: null, onFailureTaskId: y.id }), now);
      const elsewhere = await store.insertTask(h.database.db, commandTask({ runOn: null, chat: { platform: 'telegram', chatId: '-200' } }), now);
      const err = await checkChains(ctx, OPERATOR, x.id, chat, z.id, null).catch((e) => e);
      expect(err.text).toEqual({ en: `then: that would make a loop (#${x.id} → #${z.id} → #${y.id} → #${x.id})`, zh: `then：这会形成循环（#${x.id} → #${z.id} → #${y.id} → #${x.id}）` });
      await expect(checkChains(ctx, OPERATOR, x.id, chat, null, x.id)).rejects.toMatchObject({ code: 'chain_loop' });
      await expect(checkChains(ctx, OPERATOR, x.id, chat, elsewhere.id, null)).rejects.toMatchObject({ code: 'chain_other_chat' });
      const member = { kind: 'chat' as const, id: 'u', chat, admin: true, lang: 'zh' as const };
      // From a chat, another chat's task does not exist.
      await expect(checkChains(ctx, member, null, chat, elsewhere.id, null)).rejects.toMatchObject({ code: 'no_chain_target' });
      await expect(checkChains(ctx, OPERATOR, y.id, chat, null, z.id)).rejects.toMatchObject({ code: 'chain_loop' });
      await checkChains(ctx, OPERATOR, x.id, chat, null, null);
      await checkChains(ctx, OPERATOR, null, chat, z.id, y.id);
    });
  });
}

describe('jitter', () => {
  it('derives the same delay for a task and instant everywhere, inside the window, spread over it', () => {
    const task: Pick<Task, 'id'> = { id: 42 };
    const d = jitterDelay(task.id, T0, 30_000);
    expect(jitterDelay(task.id, T0, 30_000)).toBe(d);
    const delays = Array.from({ length: 1000 }, (_, i) => jitterDelay(i, T0, 30_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(30_000);
    // Spread: every tenth of the window gets some of a thousand tasks due at one instant.
    const buckets = new Set(delays.map((x) => Math.floor(x / 3000)));
    expect(buckets.size).toBe(10);
    expect(jitterDelay(1, T0, 0)).toBe(0);
  });
});
