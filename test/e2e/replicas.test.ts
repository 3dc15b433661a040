import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import * as store from '../../src/store/index.ts';
import { dialectAvailable, freshDatabaseUrl } from '../support/databases.ts';
import { runCli, startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';
import { everyTask } from '../support/tasks.ts';

// Several `chatcron serve` processes on one MariaDB database or one PostgreSQL schema: every
// occurrence fires once, a replica killed with SIGKILL loses nothing, and a change made through
// one is honoured by all.
const POLL_MS = 200;
const BURST = 2000; // once-tasks due in the same second
const PER_SECOND = 100; // every-1s tasks, 30 occurrences each
const SECONDS = 30;
const COMMANDS = 50; // command tasks every 2 s whose side effect is a line in a file
const COMMAND_RUNS = 15;

type Row = { taskId: number; scheduledFor: number; trigger: string; attempt: number; status: string; instance: string | null };

function baseTask(i: number, over: Partial<store.NewTask>): store.NewTask {
  // One retry, soon: the run key makes it attempt 2 of the same occurrence. Overlap `parallel`:
  // with `skip`, a run orphaned by the kill (or a result written late on two busy cores) makes
  // the next occurrence a recorded skip, which is the policy working, not what is tested here.
  const policies = { ...DEFAULT_POLICIES, retries: 1, backoffMs: 200, overlap: 'parallel' as const, overlapMax: 10 };
  return everyTask(i, '1s', 0, { name: `r${i}`, content: `replica load ${i}`, policies, createdBy: 'replicas-test', ...over });
}

function startReplicas(n: number, url: string): Promise<ServiceProcess[]> {
  const env = { DATABASE_URL: url, CHATCRON_POLL_INTERVAL_MS: String(POLL_MS) };
  return Promise.all(Array.from({ length: n }, () => startServe(env, 60_000)));
}

async function allRuns(database: store.Database): Promise<Row[]> {
  const rows = await database.db.selectFrom('runs').select(['taskId', 'scheduledFor', 'trigger', 'attempt', 'status', 'instance']).execute();
  return rows.map((r) => ({ ...r, scheduledFor: Number(r.scheduledFor) }));
}

/** Occurrences (task, instant) that must each have exactly one schedule run, by the end. */
function expected(ids: { once: number[]; every: number[]; command: number[] }, t0: number): Set<string> {
  const out = new Set<string>();
  for (const id of ids.once) out.add(`${id}:${t0}`);
  for (const id of ids.every) for (let k = 1; k <= SECONDS; k++) out.add(`${id}:${t0 + k * 1000}`);
  for (const id of ids.command) for (let k = 0; k < COMMAND_RUNS; k++) out.add(`${id}:${t0 + 1000 + k * 2000}`);
  return out;
}

/** Checks the exactly-once property over the runs whose instant is at most `upTo`; returns figures. */
function checkOnce(runs: Row[], want: Set<string>, upTo: number, settled: boolean) {
  const sched = runs.filter((r) => r.trigger === 'schedule' && r.scheduledFor <= upTo);
  const perOccurrence = new Map<string, Row[]>();
  for (const r of sched) {
    const k = `${r.taskId}:${r.scheduledFor}`;
    perOccurrence.set(k, [...(perOccurrence.get(k) ?? []), r]);
  }
  const twice = [...perOccurrence.entries()].filter(([, v]) => v.length > 1).map(([k]) => k);
  expect(twice, 'occurrences fired more than once').toEqual([]);
  const unexpected = [...perOccurrence.keys()].filter((k) => !want.has(k));
  expect(unexpected, 'runs for instants that are not occurrences').toEqual([]);
  const wantNow = [...want].filter((k) => Number(k.split(':')[1]) <= upTo);
  const missing = wantNow.filter((k) => !perOccurrence.has(k));
  expect(missing.length, `missed occurrences, e.g. ${missing.slice(0, 5).join(', ')}`).toBe(0);
  const retries = runs.filter((r) => r.trigger === 'retry');
  const retryKeys = new Map<string, Row[]>();
  for (const r of retries) retryKeys.set(`${r.taskId}:${r.scheduledFor}`, [...(retryKeys.get(`${r.taskId}:${r.scheduledFor}`) ?? []), r]);
  const interrupted = sched.filter((r) => r.status === 'interrupted');
  if (settled) {
    // Nothing but the killed replica's runs was interrupted, and each was retried exactly once, as attempt 2.
    for (const r of interrupted) {
      const again = retryKeys.get(`${r.taskId}:${r.scheduledFor}`) ?? [];
      expect(again.map((x) => [x.attempt, x.status])).toEqual([[2, 'succeeded']]);
    }
    const bad = sched.filter((r) => !['succeeded', 'interrupted'].includes(r.status));
    expect(bad.slice(0, 5), 'schedule runs neither succeeded nor interrupted').toEqual([]);
  }
  return { occurrences: perOccurrence.size, interrupted: interrupted.length, retries: retries.length, byInstance: countBy(sched.map((r) => r.instance ?? '?')) };
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

for (const dialect of ['mysql', 'postgres'] as const) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`replicas on one ${dialect === 'mysql' ? 'MySQL' : 'PostgreSQL'} database`, () => {
    for (const n of [2, 3]) {
      describe(`${n} replicas`, () => {
        let url = '';
        let drop = async () => {};
        let database: store.Database;
        let replicas: ServiceProcess[] = [];
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-replicas-'));
        const effects = path.join(dir, 'effects.log');

        beforeAll(async () => {
          ({ url, drop } = await freshDatabaseUrl(dialect));
          database = store.openDatabase(url);
          await store.migrateToLatest(database);
        }, 60_000);
        afterAll(async () => {
          for (const r of replicas) r.child.kill('SIGKILL');
          await database?.close();
          await drop();
          fs.rmSync(dir, { recursive: true, force: true });
        });

        it(`fires each of ${BURST} same-second and ${PER_SECOND}-per-second occurrences exactly once, and a replica killed mid-run loses nothing`, async () => {
          replicas = await startReplicas(n, url);
          const t0 = Math.ceil((Date.now() + 4000) / 1000) * 1000;
          const anchor = t0 + 1000;
          const sh = `echo "$CHATCRON_TASK_ID $CHATCRON_SCHEDULED_FOR $CHATCRON_ATTEMPT" >> ${effects}; sleep 1`;
          const rows: store.NewTask[] = [];
          for (let i = 0; i < BURST; i++) {
            rows.push(baseTask(i, { schedule: { kind: 'once', expr: new Date(t0).toISOString(), tz: 'UTC', anchor: t0, text: 'once' }, nextRunAt: t0 }));
          }
          for (let i = 0; i < PER_SECOND; i++) {
            rows.push(baseTask(BURST + i, { schedule: { kind: 'every', expr: '1s', tz: 'UTC', anchor, text: 'every 1s' }, window: { startAt: null, endAt: null, maxRuns: SECONDS }, nextRunAt: anchor }));
          }
          for (let i = 0; i < COMMANDS; i++) {
            rows.push(
              baseTask(BURST + PER_SECOND + i, {
                mode: 'command',
                action: { argv: ['/bin/sh', '-c', sh] },
                schedule: { kind: 'every', expr: '2s', tz: 'UTC', anchor, text: 'every 2s' },
                window: { startAt: null, endAt: null, maxRuns: COMMAND_RUNS },
                nextRunAt: anchor,
              }),
            );
          }
          await store.insertTasksBulk(database, rows, Date.now());
          expect(Date.now(), 'the tasks were inserted before they were due').toBeLessThan(t0);
          const ids = (await database.db.selectFrom('tasks').select(['id', 'name', 'mode']).orderBy('id').execute()).map((r) => ({ id: r.id, i: Number(r.name.slice(1)), mode: r.mode }));
          const want = expected(
            {
              once: ids.filter((r) => r.i < BURST).map((r) => r.id),
              every: ids.filter((r) => r.i >= BURST && r.i < BURST + PER_SECOND).map((r) => r.id),
              command: ids.filter((r) => r.mode === 'command').map((r) => r.id),
            },
            t0,
          );
          const commandIds = new Set(ids.filter((r) => r.mode === 'command').map((r) => r.id));

          // Before any failure: everything due in the first ten seconds ran once, spread over the replicas.
          await new Promise((r) => setTimeout(r, t0 + 10_500 - Date.now()));
          const early = checkOnce(await allRuns(database), want, t0 + 10_000, false);
          expect(early.interrupted).toBe(0);
          expect(Object.keys(early.byInstance).length, `claims by instance: ${JSON.stringify(early.byInstance)}`).toBeGreaterThan(1);

          // Kill the replica that has the most command runs in flight (they started at t0 + 11 s).
          await new Promise((r) => setTimeout(r, t0 + 11_300 - Date.now()));
          const running = await database.db.selectFrom('runs').select(['instance', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'running').groupBy('instance').execute();
          const busiest = [...running].sort((a, b) => Number(b.n) - Number(a.n))[0]?.instance ?? '';
          const victim = replicas.find((r) => busiest.includes(`/${r.child.pid}/`)) ?? replicas[0];
          const victimId = (await database.db.selectFrom('instances').select('id').execute()).map((r) => r.id).find((id) => id.includes(`/${victim.child.pid}/`));
          victim.child.kill('SIGKILL');
          await victim.exited;
          const killedAt = Date.now();
          replicas = replicas.filter((r) => r !== victim);

          // The survivors finish the schedule and take over the dead replica's running work.
          const last = t0 + SECONDS * 1000;
          const settled = await waitFor(
            async () => {
              if (Date.now() < last + 500) return false;
              const open = await database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['running', 'queued']).executeTakeFirst();
              if (Number(open?.n) > 0) return false;
              const runs = await allRuns(database);
              return runs.filter((r) => r.trigger === 'schedule').length >= want.size ? runs : false;
            },
            90_000,
            'every occurrence recorded and nothing left running',
          );
          const figures = checkOnce(settled, want, Infinity, true);
          expect(figures.occurrences).toBe(want.size);
          // Whatever the dead replica had claimed but not finished was interrupted by a survivor, not lost.
          const orphaned = settled.filter((r) => r.instance === victimId && r.status === 'interrupted');
          expect(orphaned.length).toBe(figures.interrupted);
          expect(figures.interrupted, 'the kill interrupted running work (else this scenario tested nothing)').toBeGreaterThan(0);
          // After the kill, only survivors claimed.
          const lateByVictim = settled.filter((r) => r.trigger === 'schedule' && r.instance === victimId && r.scheduledFor > killedAt + 1000);
          expect(lateByVictim).toEqual([]);

          // Side effects: one line per (task, occurrence, attempt) started, every finished attempt present.
          const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
          expect(new Set(lines).size, 'a command ran twice for the same occurrence and attempt').toBe(lines.length);
          const seen = new Set(lines);
          const commandRuns = settled.filter((r) => commandIds.has(r.taskId) && r.status === 'succeeded');
          const absent = commandRuns.filter((r) => !seen.has(`${r.taskId} ${new Date(r.scheduledFor).toISOString()} ${r.attempt}`));
          expect(absent.length, 'succeeded command runs without their side effect').toBe(0);
          expect(lines.length).toBeGreaterThanOrEqual(COMMANDS * COMMAND_RUNS);
          console.info(`[replicas] ${n} replicas: ${JSON.stringify({ ...figures, sideEffects: lines.length, settledAfterLastMs: Date.now() - last })}`);
        }, 180_000);
      });
    }

    describe('a change made through one replica', () => {
      let url = '';
      let drop = async () => {};
      let database: store.Database;
      let replicas: ServiceProcess[] = [];
      beforeAll(async () => {
        ({ url, drop } = await freshDatabaseUrl(dialect));
        database = store.openDatabase(url);
        await store.migrateToLatest(database);
        replicas = await startReplicas(2, url);
      }, 90_000);
      afterAll(async () => {
        for (const r of replicas) r.child.kill('SIGKILL');
        await database?.close();
        await drop();
      });

      const env = () => ({ DATABASE_URL: url });
      const runsOf = async (taskId: number) =>
        (await database.db.selectFrom('runs').select(['scheduledFor', 'startedAt', 'instance']).where('taskId', '=', taskId).where('trigger', '=', 'schedule').execute()).map((r) => ({
          scheduledFor: Number(r.scheduledFor),
          startedAt: Number(r.startedAt),
          instance: r.instance,
        }));

      it('is honoured by every replica within the poll interval: pause, resume and delete through the CLI', async () => {
        const tasks: number[] = [];
        for (let i = 0; i < 3; i++) {
          const add = await runCli(['add', '--name', `p${i}`, '--every', '1s', '--message', `tick ${i}`, '--json'], env());
          expect(add.code, add.stderr).toBe(0);
          tasks.push(JSON.parse(add.stdout).id as number);
        }
        // Both replicas are firing these tasks.
        await waitFor(async () => new Set((await Promise.all(tasks.map(runsOf))).flat().map((r) => r.instance)).size >= 2, 20_000, 'runs from both replicas');

        const paused = await runCli(['pause', String(tasks[0]), '--json'], env());
        expect(paused.code, paused.stderr).toBe(0);
        const pausedAt = Date.now();
        await new Promise((r) => setTimeout(r, 2500));
        const afterPause = (await runsOf(tasks[0])).filter((r) => r.startedAt > pausedAt + POLL_MS);
        expect(afterPause, 'runs started after the pause').toEqual([]);
        // The others kept firing on both replicas meanwhile.
        const others = (await runsOf(tasks[1])).filter((r) => r.startedAt > pausedAt);
        expect(others.length).toBeGreaterThanOrEqual(2);

        const resumed = await runCli(['resume', String(tasks[0]), '--json'], env());
        expect(resumed.code, resumed.stderr).toBe(0);
        const resumedAt = Date.now();
        await waitFor(async () => (await runsOf(tasks[0])).some((r) => r.startedAt > resumedAt), 5000, 'a run after resume');

        const deleted = await runCli(['delete', String(tasks[0]), '--json'], env());
        expect(deleted.code, deleted.stderr).toBe(0);
        await new Promise((r) => setTimeout(r, 2000));
        const left = await database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('taskId', '=', tasks[0]).executeTakeFirst();
        expect(Number(left?.n), 'runs recorded for a deleted task').toBe(0);
        const errors = replicas.flatMap((r) => r.logs).filter((l) => /"level":(50|60)/.test(l));
        expect(errors).toEqual([]);
      }, 90_000);
    });
  });
}
