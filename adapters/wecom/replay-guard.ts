/** Keys seen recently (callback nonces, message ids), forgotten after a time or past a cap. */
export class SeenCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #seen = new Map<string, number>(); // key → expiry, ms since epoch, in insertion order

  constructor(ttlMs: number, max: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#max = max;
    this.#now = now;
  }

  /** True when the key was seen and not yet forgotten; otherwise records it and returns false. */
  checkAndAdd(key: string): boolean {
    const now = this.#now();
    this.#sweep(now);
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return true;
    this.#seen.delete(key);
    this.#seen.set(key, now + this.#ttlMs);
    while (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next().value as string;
      this.#seen.delete(oldest);
    }
    return false;
  }

  /** Forgets a key so a retry of a message whose handling failed is accepted. */
  forget(key: string): void {
    this.#seen.delete(key);
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#seen) {
      if (until > now) break; // insertion order = expiry order (one ttl for all)
      this.#seen.delete(key);
    }
  }
}

/** True when a callback's timestamp (seconds, as WeCom sends it) is within the window of now. */
export function isFresh(timestamp: string, now: number, windowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now) <= windowMs;
}
