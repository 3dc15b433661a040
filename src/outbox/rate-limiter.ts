import * as store from '../store/index.ts';

const SWEEP_EVERY = 60_000; // ms

/**
 * Paces sends per target the way chat platforms ask: at most `perMinute` in any 60 s window,
 * and no two within `spacingMs` (Telegram: about one a second per chat, 20 a minute per group).
 * The window lives in the database, so the pace holds for every replica together.
 */
export class RateLimiter {
  private swept = 0;
  constructor(
    private readonly database: store.Database,
    private readonly spacingMs = 1000,
  ) {}

  /** Takes a slot; resolves 0 when sending now is fine, else the ms to wait (nothing taken). */
  async take(key: string, perMinute: number, now: number): Promise<number> {
    const db = this.database;
    const { waits } = await db.write((tx) => store.takeRateSlots(tx, [{ key: `send:${key}`, perMinute, spacingMs: this.spacingMs }], now, store.locksRows(db.dialect)));
    if (now - this.swept >= SWEEP_EVERY) {
      this.swept = now;
      // Best effort: a key that went quiet for two windows holds nothing that could matter.
      await store.sweepRateWindows(db.db, now - 2 * SWEEP_EVERY).catch(() => undefined);
    }
    return waits[0]!;
  }
}
