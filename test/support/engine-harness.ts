import type { AppContext } from '../../src/app/index.ts';
import { Engine, ManualClock } from '../../src/engine/index.ts';
import { Executor, type NamedAction } from '../../src/exec/index.ts';
import type { Database } from '../../src/store/index.ts';
import { freshDatabase } from './databases.ts';

/** A quiet logger that remembers what it was told. */
export function memoryLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** An engine on a manual clock over a fresh database, and an app context beside it. */
export async function engineHarness(opts: { dialect?: 'sqlite' | 'mysql'; start: string | number; actions?: Record<string, NamedAction>; retention?: { maxRuns: number; maxAgeMs: number }; outputLimitBytes?: number }) {
  const h = await freshDatabase(opts.dialect ?? 'sqlite');
  const clock = new ManualClock(typeof opts.start === 'number' ? opts.start : Date.parse(opts.start));
  const log = memoryLog();
  const executor = new Executor({ actions: opts.actions ?? {}, env: {}, outputLimitBytes: opts.outputLimitBytes ?? 4096, secrets: ['s3cr3t-value'] });
  const engine = new Engine({ database: h.database, executor, log, clock, instanceId: 'test-1', retention: opts.retention, batchSize: 100 });
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
    close: async () => {
      await engine.idle();
      await h.drop();
    },
  };
}
