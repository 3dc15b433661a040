import { TailBuffer } from '../exec/index.ts';
import * as store from '../store/index.ts';
import type { Clock } from './clock.ts';

/** How often the replica holding runs flushes their output and reads their stop requests (ms). */
export const WATCH_INTERVAL_MS = 500;
/** The live log keeps the last 64 KiB of a run's output (the recorded output has its own cap). */
const LIVE_TAIL_BYTES = 64 * 1024;

/** One run under watch, as the runner sees it. */
export interface Watched {
  /** Feeds the live log. */
  onOutput(chunk: Buffer): void;
  /** Who asked to stop this run, once its process was told to stop. */
  stoppedBy(): string | undefined;
  /** Ends the watch (the run's result is about to be written). */
  release(): void;
}

interface Entry {
  abort: AbortController;
  tail: TailBuffer;
  dirty: boolean;
  stoppedBy?: string;
}

/**
 * Why a poll of the database and not a signal to a process: the console, the API, the CLI and
 * chat may reach any replica (or none: the CLI writes to the database), while only the replica
 * that spawned a command can kill its process tree. So a stop request is stored on the run's
 * row, and every WATCH_INTERVAL_MS the holder reads the requests of the runs it executes, aborts
 * those (SIGTERM to the process group, SIGKILL after the grace) and writes the output each run
 * produced since the last round, which is what the task page shows while the run goes on.
 */
export class RunWatch {
  private readonly runs = new Map<number, Entry>();
  private timer: unknown = null;
  private ticking = false;

  constructor(
    private readonly db: store.Database,
    private readonly clock: Clock,
    private readonly mask: (text: string) => string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Watches a run whose command is about to start. */
  track(runId: number, abort: AbortController): Watched {
    const e: Entry = { abort, tail: new TailBuffer(LIVE_TAIL_BYTES), dirty: false };
    this.runs.set(runId, e);
    this.arm();
    return {
      onOutput: (chunk) => {
        e.tail.write(chunk);
        e.dirty = true;
      },
      stoppedBy: () => e.stoppedBy,
      release: () => {
        this.runs.delete(runId);
      },
    };
  }

  private arm(): void {
    if (this.timer != null || this.runs.size === 0) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.arm());
    }, WATCH_INTERVAL_MS);
  }

  /** One round: stop what was asked to stop, flush what was written. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const ids = [...this.runs.keys()];
      if (ids.length === 0) return;
      const asked = await store.stopRequestsAmong(this.db.db, ids);
      for (const [id, by] of asked) {
        const e = this.runs.get(id);
        if (!e || e.stoppedBy) continue;
        e.stoppedBy = by;
        e.abort.abort();
      }
      for (const [id, e] of this.runs) {
        if (!e.dirty) continue;
        e.dirty = false;
        await store.writeLiveOutput(this.db.db, id, this.mask(e.tail.text()));
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.ticking = false;
    }
  }

  /** Stops the timer (shutdown). */
  close(): void {
    if (this.timer != null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.runs.clear();
  }
}
