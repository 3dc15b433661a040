import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { onceTask } from '../support/tasks.ts';

const N = 20_000;

describe('a real service killed in the middle of a burst', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-burst-kill-'));
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    svc?.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Before a burst its runs are claimed ahead (all of them, in batches, before the instant), then
  // started at it: killed while claiming or while starting, nothing is lost or doubled.
  const moments = {
    'while the burst is being claimed ahead': (p: { n: number; ok: number }) => p.n > 0 && p.n < N,
    'once its first results are written': (p: { n: number; ok: number }) => p.ok > 0,
  };
  it.each(Object.keys(moments) as (keyof typeof moments)[])('loses no occurrence and records none twice after kill -9 %s and a restart', async (moment) => {
    const file = path.join(dir, `${Object.keys(moments).indexOf(moment)}.sqlite`);
    const env = { DATABASE_URL: `sqlite:${file}`, CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json') };
    fs.writeFileSync(env.CHATCRON_CONFIG, '{}');
    const database = store.openDatabase(env.DATABASE_URL);
    await store.migrateToLatest(database);
    // Filled far from due, then moved to one instant once the service is up (start-up takes seconds on a loaded machine).
    await store.insertTasksBulk(database, Array.from({ length: N }, (_, i) => onceTask(i, Date.now() + 3_600_000)), Date.now(), 500);
    await database.close();

    svc = await startServe(env, 60_000);
    const due = Date.now() + 2500;
    // A reader of its own (WAL: it never blocks the service), polled as fast as it answers.
    const reader = new Sqlite(file, { readonly: true });
    const count = reader.prepare(`select count(*) as n from runs`).pluck();
    try {
      const writer = new Sqlite(file);
      writer.pragma('busy_timeout = 5000');
      writer.prepare(`update tasks set next_run_at = ?, anchor_at = ?, schedule_expr = ?`).run(due, due, new Date(due).toISOString());
      writer.close();

      const progress = reader.prepare(`select count(*) as n, coalesce(sum(status = 'succeeded'), 0) as ok from runs`);
      let atKill = { n: 0, ok: 0 };
      for (;;) {
        atKill = progress.get() as typeof atKill;
        if (moments[moment](atKill)) break;
        if (Date.now() > due + 60_000) throw new Error('the burst did not begin');
        await new Promise((r) => setImmediate(r));
      }
      svc.child.kill('SIGKILL');
      await svc.exited;
      svc = undefined;
      const claimedBefore = reader.prepare(`select id, task_id as taskId, scheduled_for as scheduledFor from runs order by id`).all() as { id: number; taskId: number; scheduledFor: number }[];
      const doneBefore = reader.prepare(`select count(*) from runs where status = 'succeeded'`).pluck().get() as number;
      // Killed in the middle: some occurrences recorded, or run, not all.
      if (moment === 'once its first results are written') {
        expect(doneBefore).toBeGreaterThan(0);
        expect(doneBefore).toBeLessThan(N);
      } else expect(claimedBefore.length).toBeLessThan(N);

      svc = await startServe(env, 60_000);
      await waitFor(async () => {
        const r = reader.prepare(`select count(*) as n, sum(status = 'succeeded') as ok from runs`).get() as { n: number; ok: number };
        return r.n >= N && r.ok === r.n;
      }, 120_000, 'every occurrence to have run after the restart');
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      svc = undefined;

      // Exactly one run per occurrence, every one of them run; nothing else.
      const runs = reader.prepare(`select id, task_id as taskId, scheduled_for as scheduledFor, trigger, status from runs`).all() as { id: number; taskId: number; scheduledFor: number; trigger: string; status: string }[];
      expect(runs).toHaveLength(N);
      expect(new Set(runs.map((r) => r.taskId)).size).toBe(N);
      expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'succeeded' && r.scheduledFor === due)).toBe(true);
      // What was recorded before the kill is the same row now (run, not claimed again).
      const byId = new Map(runs.map((r) => [r.id, r]));
      for (const c of claimedBefore) expect(byId.get(c.id)).toMatchObject({ taskId: c.taskId, scheduledFor: c.scheduledFor });
      const tasks = reader.prepare(`select count(*) as n, sum(status = 'finished' and run_count = 1 and next_run_at is null) as done from tasks`).get() as { n: number; done: number };
      expect(tasks).toEqual({ n: N, done: N });
      // Told to the log for the lead: how far the burst had got.
      console.info(`burst-kill ${moment}: killed with ${claimedBefore.length} of ${N} occurrences recorded, ${doneBefore} of them run`);
    } finally {
      reader.close();
    }
  }, 240_000);
});
