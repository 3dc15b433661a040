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
}

/**
 * Fills a fresh database with `tasks` one-shot tasks due `leadMs` from now, starts `replicas`
 * engine processes, and measures until every task has started. `leadMs` 0 (or less) means the
 * tasks are already due when the replicas start: a measure of claim throughput.
 */
export async function burst(dialect: 'sqlite' | 'mysql' | 'postgres', replicas: number, tasks: number, opts: { leadMs?: number; lookaheadMs?: number } = {}): Promise<BurstResult> {
  const { url, drop } = await freshUrl(dialect);
  try {
    const lead = opts.leadMs ?? 6000;
    // Due on a whole second once filled and started; or, with leadMs <= 0, already due (within the misfire grace).
    const due = lead > 0 ? Math.ceil((Date.now() + lead + (dialect !== 'sqlite' ? 2000 : 500)) / 1000) * 1000 : Date.now() + lead;
    const rows = Array.from({ length: tasks }, (_, i) => onceTask(i, due));
    await fill(url, rows);
    const deadline = Math.max(due, Date.now()) + 120_000;
    const children = Array.from({ length: replicas }, () => spawnReplica({ url, until: tasks, deadline, lookaheadMs: opts.lookaheadMs }));
    await Promise.all(children.map((c) => c.ready));
    if (lead > 0 && Date.now() > due - 300) throw new Error(`replicas started too late for the burst (${Date.now() - due} ms after it)`);
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
    };
  } finally {
    await drop();
  }
}
