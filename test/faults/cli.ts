// The long fault run: `npm run faults -- --kills 20 [--dialect mysql|postgres|sqlite|both|all] [--seed N]`.
// Prints one JSON object per dialect run (runs, kills, lost, doubled, overlaps, max lateness,
// takeover p50/p99) and exits 1 when any invariant broke.
import { parseArgs } from 'node:util';
import { runScenario, summary } from './scenario.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    sigterms: { type: 'string', default: '2' },
    dialect: { type: 'string', default: 'mysql' },
    seed: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const sigterms = Number(values.sigterms);
const seed = Number(values.seed ?? Date.now() % 100_000);
const named: Record<string, readonly ('mysql' | 'postgres' | 'sqlite')[]> = { both: ['mysql', 'sqlite'], all: ['mysql', 'postgres', 'sqlite'], mysql: ['mysql'], postgres: ['postgres'], sqlite: ['sqlite'] };
const dialects = named[values.dialect!];
if (!dialects) throw new Error(`--dialect must be one of ${Object.keys(named).join(', ')}`);
const log = values.verbose ? (l: string) => console.error(`[faults ${new Date().toISOString().slice(11, 23)}] ${l}`) : undefined;
let broken = false;
const out: Record<string, unknown> = { bench: 'faults', seed };
for (const dialect of dialects) {
  const r = await runScenario({
    dialect,
    replicas: dialect === 'sqlite' ? 1 : 2,
    // At least; the driver stretches it so that faults come no faster than a restart.
    firingMs: 15_000,
    kills,
    sigterms,
    dbOutageMs: dialect === 'sqlite' ? 0 : 5_000,
    platformDownMs: 10_000,
    messageTasks: 60,
    commandTasks: 10,
    latenessBoundMs: 10_000,
    settleMs: 60_000,
    seed,
    log,
    keep: values.keep,
  });
  const s = summary(r, dialect);
  out[dialect] = s;
  if (s.crashes || s.lost || s.doubled || s.overlaps || s.late || r.sigtermExits.some((c) => c !== 0) || r.platform.delivered < r.platform.owed) broken = true;
}
console.log(JSON.stringify(out));
process.exit(broken ? 1 : 0);
