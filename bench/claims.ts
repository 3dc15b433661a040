// Claim throughput: N one-shot tasks already due when 1 or 2 replica processes start on MySQL
// or PostgreSQL
// (bench/lib/replica.ts, one Engine and pool per process, no claim-ahead). Claims per second =
// N / (last start − first start). Medians of --runs runs. Prints one JSON object.
// Usage: node --import tsx bench/claims.ts [--tasks 50000 --runs 3 --replicas 1,2 --dialects mysql,postgres,sqlite | --dialect postgres]
import { parseArgs } from 'node:util';
import { burst, type BurstResult } from './lib/burst-run.ts';
import { machine, median } from './lib/common.ts';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '50000' }, runs: { type: 'string', default: '3' }, replicas: { type: 'string', default: '1,2' }, dialects: { type: 'string', default: 'mysql' }, dialect: { type: 'string' } } });
if (values.dialect) values.dialects = values.dialect;
const N = Number(values.tasks);
const RUNS = Number(values.runs);
const out: Record<string, unknown> = {};
for (const dialect of values.dialects!.split(',') as ('sqlite' | 'mysql' | 'postgres')[]) {
  for (const replicas of values.replicas!.split(',').map(Number)) {
    if (dialect === 'sqlite' && replicas > 1) continue; // one process per SQLite file
    const runs: BurstResult[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await burst(dialect, replicas, N, { leadMs: -1000, lookaheadMs: 0 }));
    const rates = runs.map((r) => (r.allStartedMs ? Math.round((r.started / r.allStartedMs) * 1000) : null));
    out[`${dialect}${replicas}`] = {
      replicas,
      claimsPerSecond: median(rates),
      claimsPerSecondPerCore: median(rates.map((x) => (x == null ? null : Math.round(x / machine().cpus)))),
      duplicates: runs.reduce((s, r) => s + r.duplicates, 0),
      notStarted: runs.reduce((s, r) => s + (r.tasks - r.started), 0),
      runs: rates,
      perReplica: runs.map((r) => r.perReplica),
    };
  }
}
console.log(JSON.stringify({ bench: 'claims', tasks: N, runsPerMode: RUNS, batch: 500, ...out, machine: machine() }));
