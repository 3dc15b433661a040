// Burst benchmark: 10,000 tasks due at the same second. Time from the due instant until all have
// started, fire lag p50/p99 and duplicates, on SQLite (one process) and MySQL (one and two replica
// processes: bench/lib/replica.ts, an Engine with its own pool per process, configured as `serve`).
// Medians of --runs runs. Prints one JSON object.
// Usage: node --import tsx bench/burst.ts [--tasks 10000 --runs 3 --modes sqlite,mysql1,mysql2,postgres1,postgres2 | --dialect postgres]
//        [--lead MS]: the burst is set this far ahead once the replicas are up (default 5000: claiming
//        10,000 ahead on MariaDB takes ~1.4 s here, and a replica sees the new instant up to a poll
//        (1 s) later; 100,000 need longer: --lead 10000)
//        [--profile DIR [--snapshot]]: each replica writes a CPU profile of the burst (and a heap
//        snapshot as its first run starts) to DIR and reports its heap figures.
import { parseArgs } from 'node:util';
import { burst, type BurstResult } from './lib/burst-run.ts';
import { machine, median } from './lib/common.ts';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, modes: { type: 'string', default: 'sqlite,mysql1,mysql2' }, dialect: { type: 'string' }, lead: { type: 'string', default: '5000' }, profile: { type: 'string' }, snapshot: { type: 'boolean', default: false } } });
if (values.dialect) values.modes = values.dialect === 'sqlite' ? 'sqlite' : `${values.dialect}1,${values.dialect}2`;
const N = Number(values.tasks);
const RUNS = Number(values.runs);
// sqlite, mysqlN or postgresN (N replica processes); --dialect postgres is short for postgres1,postgres2.
const modes = values.modes!.split(',').map((m) => {
  if (m === 'sqlite') return { dialect: 'sqlite' as const, replicas: 1 };
  const [, dialect, n] = /^(mysql|postgres)(\d+)$/.exec(m) ?? [];
  if (!dialect) throw new Error(`--modes: sqlite, mysqlN or postgresN, not ${m}`);
  return { dialect: dialect as 'mysql' | 'postgres', replicas: Number(n) };
});

const out: Record<string, unknown> = {};
for (const m of modes) {
  const runs: BurstResult[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await burst(m.dialect, m.replicas, N, { leadMs: Number(values.lead), profile: values.profile, snapshot: values.snapshot }));
  out[m.dialect === 'sqlite' ? 'sqlite' : `${m.dialect}${m.replicas}`] = {
    replicas: m.replicas,
    allStartedMs: median(runs.map((r) => r.allStartedMs)),
    lagMs: { p50: median(runs.map((r) => r.lagMs.p50)), p99: median(runs.map((r) => r.lagMs.p99)), max: median(runs.map((r) => r.lagMs.max)) },
    duplicates: runs.reduce((s, r) => s + r.duplicates, 0),
    notStarted: runs.reduce((s, r) => s + (r.tasks - r.started), 0),
    rssMB: median(runs.map((r) => r.rssMB)),
    perReplica: runs.map((r) => r.perReplica),
    runs: runs.map((r) => ({ allStartedMs: r.allStartedMs, p50: r.lagMs.p50, p99: r.lagMs.p99 })),
    ...(values.profile ? { diagnostics: runs.map((r) => r.diagnostics) } : {}),
  };
}
console.log(JSON.stringify({ bench: 'burst', tasks: N, runsPerMode: RUNS, lookaheadMs: 200, leadMs: Number(values.lead), ...out, machine: machine() }));
