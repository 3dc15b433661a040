// One scheduler replica for the benches: an Engine (no HTTP, no adapters) in its own process with
// its own pool, configured as main.ts configures it (lookahead 200 ms, lapse 15 s). It prints READY
// once started, and one JSON report when the database holds `until` runs or `deadline` passes.
import { Engine } from '../../src/engine/index.ts';
import { Executor } from '../../src/exec/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { ReplicaReport } from './common.ts';
import { heapFigures, heapSnapshot, startCpuProfile, type Profiling } from './profile.ts';

// `profile`: a folder to write a CPU profile of the burst (from READY to the end) and, with
// `snapshot`, a heap snapshot taken as the first run starts (everything claimed ahead is held then).
const args = JSON.parse(process.argv[2]) as { url: string; until: number; deadline: number; lookaheadMs?: number; batch?: number; pollMs?: number; profile?: string; snapshot?: boolean };
const quiet = { info() {}, warn() {}, error: (o: object, m?: string) => console.error(m, JSON.stringify(o)) };
const t0 = performance.now();
const database = openDatabase(args.url);
const lags: number[] = [];
let firstStartAt: number | null = null;
let lastStartAt: number | null = null;
let heapAtFirstStart: ReturnType<typeof heapFigures> | null = null;
const engine = new Engine({
  database,
  executor: new Executor({ actions: {}, env: {}, outputLimitBytes: 4096, secrets: [] }),
  log: quiet,
  pollIntervalMs: args.pollMs ?? 1000,
  lapseMs: 15_000,
  batchSize: args.batch ?? 500,
  lookaheadMs: args.lookaheadMs ?? 200,
  onStart: (run, startedAt) => {
    const wall = Date.now();
    if (firstStartAt == null) {
      heapAtFirstStart = heapFigures();
      if (args.profile && args.snapshot) heapSnapshot(args.profile, `replica-${process.pid}-first-start`);
    }
    firstStartAt ??= wall;
    lastStartAt = wall;
    if (run.trigger === 'schedule') lags.push(startedAt - run.scheduledFor);
  },
});
await engine.start();
const startupMs = Math.round(performance.now() - t0);
const cpu0 = process.cpuUsage();
const profiling: Profiling | null = args.profile ? await startCpuProfile(args.profile) : null;
process.stdout.write('READY\n');
let peakRss = process.memoryUsage().rss;
for (;;) {
  await new Promise((r) => setTimeout(r, 200));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (Date.now() > args.deadline) break;
  const r = await database.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  // Every run exists, and none claimed here waits for its instant (stopping now would drop it).
  if (Number(r?.n) >= args.until && engine.running === 0) break;
}
const heapAtEnd = heapFigures();
const profileFile = profiling ? await profiling.stop(`replica-${process.pid}`) : null;
await engine.stop(5000);
const cpu = process.cpuUsage(cpu0);
await database.close();
const report: ReplicaReport = {
  instance: engine.instanceId,
  starts: lags.length,
  lags,
  firstStartAt,
  lastStartAt,
  startupMs,
  rssMB: Math.round(peakRss / 1048576),
  cpuUserMs: Math.round(cpu.user / 1000),
  cpuSystemMs: Math.round(cpu.system / 1000),
  ...(args.profile ? { heap: { atFirstStart: heapAtFirstStart, atEnd: heapAtEnd }, profileFile } : {}),
};
// Exit once written: a report of 100,000 lags is more than the pipe holds.
process.stdout.write(JSON.stringify(report) + '\n', () => process.exit(0));
