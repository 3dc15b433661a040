/** Where the engine reads time and arms timers; tests pass a manual one. */
export interface Clock {
  now(): number; // ms
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A clock that moves only when told to (tests). Timers fire as time passes them. */
export class ManualClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time to `t` (absolute ms) and fires the timers it passes, in order. */
  set(t: number): void {
    this.t = t;
    const due = [...this.timers.entries()].filter(([, v]) => v.at <= t).sort((a, b) => a[1].at - b[1].at);
    for (const [id, v] of due) {
      this.timers.delete(id);
      v.fn();
    }
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.set(this.t + ms);
  }
}

// setTimeout on these VMs wakes 12–20 ms late; a second short timer armed ~50 ms before the
// due instant brings that to a few ms. It can also wake ~1 ms early: callers re-check the clock.
const EARLY_MS = 50;

/** Sleeps until `target` on `clock` (at most `maxMs`), calling `fn` once when it is reached. */
export function armPrecise(clock: Clock, target: number, maxMs: number, fn: () => void): () => void {
  let handle: unknown;
  let cancelled = false;
  const step = () => {
    if (cancelled) return;
    const left = target - clock.now();
    if (left <= 0) return fn();
    if (left > maxMs) {
      handle = clock.setTimeout(() => fn(), maxMs);
      return;
    }
    handle = clock.setTimeout(step, left > EARLY_MS ? left - EARLY_MS : left);
  };
  step();
  return () => {
    cancelled = true;
    clock.clearTimeout(handle);
  };
}
