import { Counter, Gauge, Histogram, Registry } from './prom.ts';
import type { ChatAdapter } from '../chat/index.ts';
import type { Run } from '../domain/index.ts';
import * as store from '../store/index.ts';

/** What /metrics needs to read at scrape time. */
export interface MetricsSources {
  database: store.Database;
  /** The engine's clock, in ms. */
  now(): number;
  /** The adapters, read at scrape (they are built after the engine). */
  adapters(): readonly ChatAdapter[];
}

/** Prometheus metrics of one process, on the registry the composition root owns. */
export interface Metrics {
  readonly registry: Registry;
  /** For EngineOptions.onStart: records the fire lag of scheduled runs. */
  onStart(run: Run, startedAt: number): void;
  /** For EngineOptions.onFinish: counts runs by final status, whichever path recorded them. */
  onFinish(status: Run['status'], n?: number): void;
  /** The text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Creates the metrics on `registry` (never the global default registry). */
export function createMetrics(registry: Registry, src: MetricsSources): Metrics {
  const registers = [registry];
  const runs = new Counter({ name: 'chatcron_runs_total', help: 'Runs recorded with a final status (succeeded, failed, timed_out, skipped, interrupted, stopped)', labelNames: ['status'], registers });
  const lag = new Histogram({
    name: 'chatcron_fire_lag_seconds',
    help: 'Actual start minus scheduled instant of scheduled runs',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  new Gauge({
    name: 'chatcron_due_backlog',
    help: 'Active tasks whose next run is due now or earlier',
    registers,
    async collect() {
      this.set(await store.countDueTasks(src.database.db, src.now()));
    },
  });
  let outboxCounts: Promise<Record<string, number>> | null = null;
  // Both outbox gauges come from one query per scrape.
  const outbox = () => (outboxCounts ??= store.countOutboxByStatus(src.database.db).finally(() => setTimeout(() => (outboxCounts = null), 0)));
  new Gauge({
    name: 'chatcron_outbox_backlog',
    help: 'Outbox messages waiting to be sent',
    registers,
    async collect() {
      const c = await outbox();
      this.set((c.pending ?? 0) + (c.sending ?? 0));
    },
  });
  new Gauge({
    name: 'chatcron_outbox_failed',
    help: 'Outbox messages that failed for good',
    registers,
    async collect() {
      this.set((await outbox()).failed ?? 0);
    },
  });
  new Gauge({
    name: 'chatcron_adapter_error',
    help: '1 when the adapter reports itself unhealthy, else 0',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const a of src.adapters()) this.set({ platform: a.platform }, a.health().ok ? 0 : 1);
    },
  });
  for (const s of ['succeeded', 'failed', 'timed_out', 'skipped', 'interrupted', 'stopped']) runs.inc({ status: s }, 0);
  return {
    registry,
    onStart(run, startedAt) {
      if (run.trigger === 'schedule') lag.observe(Math.max(0, startedAt - run.scheduledFor) / 1000);
    },
    onFinish(status, n = 1) {
      runs.inc({ status }, n);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
