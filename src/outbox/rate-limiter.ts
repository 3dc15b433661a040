/**
 * Paces sends per target the way chat platforms ask: at most `perMinute` in any 60 s window,
 * and no two within `spacingMs` (Telegram: about one a second per chat, 20 a minute per group).
 * In memory: each replica paces what it sends itself.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();
  constructor(private readonly spacingMs = 1000) {}

  /** Takes a slot; returns 0 when sending now is fine, else the ms to wait (nothing taken). */
  take(key: string, perMinute: number, now: number): number {
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - 60_000);
    let wait = 0;
    const last = times[times.length - 1];
    if (last !== undefined) wait = Math.max(wait, last + this.spacingMs - now);
    if (times.length >= perMinute) wait = Math.max(wait, times[times.length - perMinute] + 60_000 - now);
    if (wait > 0) {
      this.sent.set(key, times);
      return wait;
    }
    times.push(now);
    this.sent.set(key, times);
    return 0;
  }
}
