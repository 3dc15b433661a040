import type { AppContext } from '../../src/app/index.ts';
import { Engine, ManualClock, type EngineHooks, type EngineOptions } from '../../src/engine/index.ts';
import { Executor, type ExecutorOptions, type NamedAction } from '../../src/exec/index.ts';
import type { Database, DialectName } from '../../src/store/index.ts';
import { freshDatabase } from './databases.ts';

/** A quiet logger that remembers what it was told. */
export function memoryLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** An engine on a manual clock over a fresh database, and an app context beside it. */
export async function engineHarness(opts: {
  dialect?: DialectName;
  start: string | number;
  actions?: Record<string, NamedAction>;
  retention?: { maxRuns: number; maxAgeMs: number };
  outputLimitBytes?: number;
  hooks?: EngineHooks;
  /** SQL tasks' connections and caps. */
  sql?: ExecutorOptions['sql'];
  /** More engine options (heartbeat, lapse, lookahead, onFinish…). */
  engine?: Partial<EngineOptions>;
}) {
  const h = await freshDatabase(opts.dialect ?? 'sqlite');
  const clock = new ManualClock(typeof opts.start === 'number' ? opts.start : Date.parse(opts.start));
  const log = memoryLog();
  const executor = new Executor({ actions: opts.actions ?? {}, env: {}, outputLimitBytes: opts.outputLimitBytes ?? 4096, secrets: ['s3cr3t-value'], sql: opts.sql });
  const engine = new Engine({ database: { ...h.database, now: async () => clock.now() }, executor, log, clock, instanceId: 'test-1', retention: opts.retention, batchSize: 100, hooks: opts.hooks, ...opts.engine });
  const peers: Engine[] = [];
  const ctx: AppContext = {
    database: h.database,
    now: () => clock.now(),
    defaultTz: 'UTC',
    minIntervalMs: 0,
    actionNames: Object.keys(opts.actions ?? {}),
    notify: () => {},
  };
  return {
    database: h.database as Database,
    clock,
    engine,
    ctx,
    log,
    /** Moves the clock to `t` (ISO or ms), ticks, and waits for everything started to finish. */
    async at(t: string | number) {
      clock.set(typeof t === 'number' ? t : Date.parse(t));
      const n = await engine.tick();
      await engine.idle();
      return n;
    },
    /** Another engine (a replica) on the same database, with its own clock and instance id. */
    peer(instanceId: string, more: Partial<EngineOptions> = {}) {
      const peerClock = new ManualClock(clock.now());
      const peerLog = memoryLog();
      // The database's clock is the test's clock too (MySQL engines follow the database's clock).
      const database = { ...h.database, now: async () => peerClock.now() };
      const e = new Engine({ database, executor, log: peerLog, clock: peerClock, instanceId, batchSize: 100, hooks: opts.hooks, ...opts.engine, ...more });
      peers.push(e);
      return { engine: e, clock: peerClock, log: peerLog };
    },
    close: async () => {
      await engine.idle();
      await h.drop();
    },
  };
}
