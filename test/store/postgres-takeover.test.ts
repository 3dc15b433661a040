import type { KyselyPlugin, RootOperationNode, UpdateQueryNode } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { dialectAvailable } from '../support/databases.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { everyTask } from '../support/tasks.ts';

// Two takeovers in a row, as the PostgreSQL fault run had them: a replica takes a dead peer's
// unstarted runs over and dies itself before starting them; the next survivor takes them over
// again. Each takeover ran one UPDATE per run inside the survivor's housekeeping transaction, its
// loop claiming nothing meanwhile: 422 runs held a loaded PostgreSQL survivor for 12.6 s. Run on
// MySQL and PostgreSQL (the statements are the same); PostgreSQL is where the round trips cost most.
const HEARTBEAT = 1000;
const LAPSE = 4000;
const T0 = Date.parse('2026-12-01T00:00:00Z');

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
afterEach(async () => h?.close());

/** Counts the UPDATEs that move runs to another instance (the takeover's statements). */
function takeoverCounter() {
  const counter = { moves: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const node = args.node as RootOperationNode;
      if (node.kind === 'UpdateQueryNode') {
        const cols = ((node as UpdateQueryNode).updates ?? []).map((u) => (u.column as { column?: { name?: string } }).column?.name);
        if (cols.includes('instance')) counter.moves++;
      }
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { counter, plugin };
}

/** Replica a died at T0 holding `n` claimed, unstarted message runs due at T0 + 8 s. */
async function deadReplicaWith(n: number, dialect: store.DialectName) {
  h = await engineHarness({ dialect, start: T0, engine: { heartbeatMs: HEARTBEAT, lapseMs: LAPSE } });
  await store.insertTasksBulk(h.database, Array.from({ length: n }, (_, i) => everyTask(i, '1h', T0, { nextRunAt: T0 + 3_600_000 })), T0);
  const ids = (await h.database.db.selectFrom('tasks').select('id').execute()).map((t) => t.id);
  await store.heartbeat(h.database.db, { id: 'replica-a', host: 'elsewhere', pid: 1, startedAt: T0 - 60_000 }, T0);
  const slot = T0 + 8000;
  for (const taskId of ids) {
    await store.insertRun(h.database.db, { taskId, scheduledFor: slot, trigger: 'schedule', attempt: 1, status: 'running', dueAt: null, startedAt: slot, instance: 'replica-a' });
  }
  return { ids, slot };
}

/** A replica whose statements are counted, on the harness's database and its own clock. */
function countedPeer(id: string) {
  const { counter, plugin } = takeoverCounter();
  let clock: { now(): number } | undefined;
  const database: store.Database = {
    ...h.database,
    db: h.database.db.withPlugin(plugin),
    write: (fn, o) => h.database.write((tx) => fn(tx.withPlugin(plugin)), o),
    now: async () => clock!.now(),
  };
  const p = h.peer(id, { database });
  clock = p.clock;
  return { ...p, counter };
}

// Replicas share a server database; SQLite runs one engine per file.
for (const dialect of ['mysql', 'postgres'] as const) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`two takeovers in a row on ${dialect}`, () => {
    it('runs the runs a replica took over and died holding on the next survivor within heartbeat + lapse of its death, moving them in one statement each time', async () => {
      const n = 150;
      const { ids, slot } = await deadReplicaWith(n, dialect);
      // B takes A's runs over once A has lapsed, then dies before their instant: they stay unstarted.
      const b = countedPeer('replica-b');
      const bDiesAt = T0 + LAPSE + HEARTBEAT;
      b.clock.set(bDiesAt);
      await b.engine.maintain();
      const heldByB = await h.database.db.selectFrom('runs').select('id').where('instance', '=', 'replica-b').where('status', '=', 'running').execute();
      expect(heldByB).toHaveLength(n);
      expect(b.counter.moves, 'statements that moved the first takeover').toBe(1);
      // C, heard from all along, takes B's runs over at B's lapse and runs them.
      const c = countedPeer('replica-c');
      let t = bDiesAt;
      for (; t <= bDiesAt + 2 * (LAPSE + HEARTBEAT); t += 250) {
        c.clock.set(t);
        await c.engine.maintain();
        await c.engine.tick();
        await c.engine.idle();
        const done = await h.database.db.selectFrom('runs').select('id').where('status', '=', 'succeeded').execute();
        if (done.length === n) break;
      }
      const runs = await h.database.db.selectFrom('runs').selectAll().execute();
      expect(runs).toHaveLength(n); // none doubled
      for (const r of runs) {
        expect([r.status, r.instance]).toEqual(['succeeded', 'replica-c']);
        // Its instant had passed when C took it over: it started then, within the bound after B died.
        expect(Number(r.startedAt) - Math.max(slot, bDiesAt), 'lateness after the second takeover').toBeLessThanOrEqual(LAPSE + HEARTBEAT);
      }
      expect(new Set(runs.map((r) => r.taskId))).toEqual(new Set(ids));
      expect(c.counter.moves, 'statements that moved the second takeover').toBe(1);
      const logged = c.log.lines.filter((l) => /took over the runs of stopped instance replica-b: 150 to run/.test(l.msg ?? ''));
      expect(logged, 'the second takeover is logged once').toHaveLength(1);
    }, 120_000);
  });
}
