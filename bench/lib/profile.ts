// Diagnostics for one bench child: a CPU profile over a window (node:inspector, so that start-up
// and module loading stay out of it) and V8 heap statistics, optionally a heap snapshot.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import v8 from 'node:v8';

/** A CPU profile being recorded; `stop` writes it to `dir` and returns the file. */
export interface Profiling {
  stop(name: string): Promise<string>;
}

/** Starts the V8 CPU profiler of this process (sampling every 200 µs). */
export async function startCpuProfile(dir: string): Promise<Profiling> {
  fs.mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const file = path.join(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/** The heap figures worth reporting, in MB. */
export function heapFigures() {
  const h = v8.getHeapStatistics();
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]));
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heapUsed: mb(h.used_heap_size), heapTotal: mb(h.total_heap_size), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), spaces };
}

/** Writes a heap snapshot (synchronous: it stops the process for a while) and returns its file. */
export function heapSnapshot(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return v8.writeHeapSnapshot(path.join(dir, `${name}.heapsnapshot`));
}
