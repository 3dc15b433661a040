/**
 * A token bucket per target: `perMinute` messages a minute, in bursts of at most a third of
 * that. In memory: each replica paces what it sends itself.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one token; returns 0 when sent now is fine, else the ms to wait. */
  take(key: string, perMinute: number, now: number): number {
    const rate = perMinute / 60_000; // tokens per ms
    const burst = Math.max(1, Math.floor(perMinute / 3));
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / rate);
  }
}
