/** Keys seen recently (event ids, message ids, callback nonces), forgotten after a time or past a cap: inbound dedupe of the adapters. */
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
    for (const [k, until] of this.#seen) {
      if (until > now) break; // insertion order = expiry order (one ttl for all)
      this.#seen.delete(k);
    }
    if (this.#seen.has(key)) return true;
    this.#seen.set(key, now + this.#ttlMs);
    if (this.#seen.size > this.#max) this.#seen.delete(this.#seen.keys().next().value as string);
    return false;
  }

  /** Forgets keys so that the platform's retry of a message whose handling failed is accepted. */
  forget(...keys: string[]): void {
    for (const k of keys) this.#seen.delete(k);
  }
}
