// One burst measurement: N one-shot tasks due at the same instant, R replica processes.
import { openDatabase } from '../../src/store/index.ts';
import { fill, freshUrl, onceTask, quantile, sleep, spawnReplica, type ReplicaReport } from './common.ts';

/** Figures of one burst. */
export interface BurstResult {
  dialect: 'sqlite' | 'mysql' | 'postgres';
  replicas: number;
  tasks: number;
  started: number;
  duplicates: number;
  /** From the due instant until the last run started, ms. */
  allStartedMs: number | null;
  lagMs: { p50: number | null; p99: number | null; max: number | null };
  rssMB: number;
  startupMs: number;
  perReplica: number[];
  /** With `profile`: each replica's heap figures and CPU profile file. */
  diagnostics?: { heap: ReplicaReport['heap']; profileFile: ReplicaReport['profileFile'] }[];
}

/**
 * Fills a fresh database with `tasks` one-shot tasks due `leadMs` from now, starts `replicas`
 * engine processes, and measures until every task has started. `leadMs` 0 (or less) means the
 * tasks are already due when the replicas start: a measure of claim throughput.
 */
export async function burst(dialect: 'sqlite' | 'mysql' | 'postgres', replicas: number, tasks: number, opts: { leadMs?: number; lookaheadMs?: number; profile?: string; snapshot?: boolean } = {}): Promise<BurstResult> {
  const { url, drop } = await freshUrl(dialect);
  try {
    const lead = opts.leadMs ?? 2500;
    // Filled due in an hour; once every replica is up (start-up takes seconds on a loaded
    // machine), moved to a whole second `lead` ms ahead. Replicas look again at least every
    // second (poll and heartbeat), so they see the new instant in time. With leadMs <= 0 the
    // tasks are already due (within the misfire grace) when the replicas start.
    const placeholder = Date.now() + 3_600_000;
    const rows = Array.from({ length: tasks }, (_, i) => onceTask(i, lead > 0 ? placeholder : Date.now() + lead));
    await fill(url, rows);
    const deadline = Date.now() + 180_000;
    const children = await Promise.all(Array.from({ length: replicas }, () => spawnReplica({ url, until: tasks, deadline, lookaheadMs: opts.lookaheadMs, profile: opts.profile, snapshot: opts.snapshot })));
    await Promise.all(children.map((c) => c.ready));
    let due = Date.now() + lead;
    if (lead > 0) {
      due = Math.ceil((Date.now() + lead) / 1000) * 1000;
      const database = openDatabase(url);
      await database.db.updateTable('tasks').set({ nextRunAt: due, anchorAt: due, scheduleExpr: new Date(due).toISOString() }).execute();
      await database.close();
      if (Date.now() > due - 1500) throw new Error(`the burst was set up too late (${Date.now() - due} ms before it)`);
    }
    const reports: ReplicaReport[] = await Promise.all(children.map((c) => c.done));
    await sleep(100);
    const database = openDatabase(url);
    const dup = await database.db
      .selectFrom('runs')
      .select(['taskId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('trigger', '=', 'schedule')
      .groupBy(['taskId', 'scheduledFor'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    const total = await database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    await database.close();
    const lags = reports.flatMap((r) => r.lags).sort((a, b) => a - b);
    const last = Math.max(...reports.map((r) => r.lastStartAt ?? 0));
    const first = Math.min(...reports.map((r) => r.firstStartAt ?? Infinity));
    return {
      dialect,
      replicas,
      tasks,
      started: Number(total?.n),
      duplicates: dup.length,
      allStartedMs: lead > 0 ? last - due : last - first,
      lagMs: { p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: lags.at(-1) ?? null },
      rssMB: Math.max(...reports.map((r) => r.rssMB)),
      startupMs: Math.max(...reports.map((r) => r.startupMs)),
      perReplica: reports.map((r) => r.starts),
      ...(opts.profile ? { diagnostics: reports.map((r) => ({ heap: r.heap, profileFile: r.profileFile })) } : {}),
    };
  } finally {
    await drop();
  }
}
