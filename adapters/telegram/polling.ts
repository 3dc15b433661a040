import type { Update } from 'grammy/types';
import type { AdapterLog, Lease } from '../../src/chat/index.ts';
import { POLLING_LEASE } from './config.ts';

/** What the long-polling loop needs from the rest of the adapter. */
export interface PollerDeps {
  lease: Lease;
  log: AdapterLog;
  getUpdates(params: { offset?: number; timeout: number; limit?: number }, signal: AbortSignal): Promise<Update[]>;
  /** Runs once the lease is held, before the first getUpdates (getMe, deleteWebhook). */
  prepare(signal: AbortSignal): Promise<void>;
  /** Hands one update on; throws when it could not be handled (it is then tried again). */
  handle(update: Update): Promise<void>;
  describe(err: unknown): string;
  /** How long the platform asked us to wait (429 retry_after), when it said. */
  retryAfterMs(err: unknown): number | undefined;
  leaseTtlMs: number; // ms
  /** First wait after a failed getUpdates; doubled for each failure in a row. */
  retryMs: number; // ms
  /** Longest wait between failed getUpdates calls. */
  maxBackoffMs: number; // ms
  /** Least time between the starts of two polls when the previous one came back empty. */
  minPollIntervalMs: number; // ms
  timeoutSec: number; // s
}

// An update that fails this many times is dropped, so one poison message cannot stop the bot.
const MAX_UPDATE_ATTEMPTS = 5;

/** Resolves after ms, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * getUpdates long polling by the one replica that holds the `telegram-polling` lease: it takes
 * the lease (or waits and tries again), renews it every third of its lifetime, stops polling at
 * once when a renewal fails, and releases it on stop.
 */
export class LongPoller {
  private readonly deps: PollerDeps;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private offset: number | undefined;
  private confirmed: number | undefined;
  private readonly attempts = new Map<number, number>();
  private holding = false;

  constructor(deps: PollerDeps) {
    this.deps = deps;
  }

  /** True while this replica holds the lease and polls. */
  get polling(): boolean {
    return this.holding;
  }

  /** Starts the loop in the background. */
  start(): void {
    this.loop ??= this.run().catch((err) => this.deps.log.error({ err: this.deps.describe(err) }, 'telegram polling loop crashed'));
  }

  /** Stops polling, waits for the update in hand, confirms what was handled and releases the lease. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { lease, log, leaseTtlMs, retryMs } = this.deps;
    while (!this.stopping.signal.aborted) {
      let got = false;
      try {
        got = await lease.acquire(POLLING_LEASE, leaseTtlMs);
      } catch (err) {
        log.warn({ err: this.deps.describe(err) }, 'telegram polling: could not ask for the lease');
      }
      if (!got) {
        await sleep(retryMs, this.stopping.signal);
        continue;
      }
      this.holding = true;
      log.info({}, 'telegram polling: lease taken, polling');
      const lost = await this.holdAndPoll();
      this.holding = false;
      if (lost) {
        log.warn({}, 'telegram polling: lease lost, polling stopped');
        await sleep(retryMs, this.stopping.signal);
      } else {
        await lease.release(POLLING_LEASE).catch((err) => log.warn({ err: this.deps.describe(err) }, 'telegram polling: could not release the lease'));
      }
    }
  }

  /** Polls until stopped (returns false) or the lease is lost (returns true). */
  private async holdAndPoll(): Promise<boolean> {
    const { lease, log, leaseTtlMs } = this.deps;
    const session = new AbortController();
    const onStop = () => session.abort();
    this.stopping.signal.addEventListener('abort', onStop);
    let lost = false;
    let lastRenewed = Date.now();
    const every = Math.max(1, Math.floor(leaseTtlMs / 3));
    let timer: NodeJS.Timeout | undefined;
    let renewing: Promise<void> | undefined;
    const renew = async () => {
      let ok = false;
      try {
        ok = await lease.acquire(POLLING_LEASE, leaseTtlMs);
        if (ok) lastRenewed = Date.now();
      } catch (err) {
        log.warn({ err: this.deps.describe(err) }, 'telegram polling: could not renew the lease');
        // Keep polling only while the lease surely has not expired for the other replicas yet.
        ok = Date.now() + every < lastRenewed + leaseTtlMs;
      }
      if (!ok && !session.signal.aborted) {
        lost = true;
        session.abort();
      } else if (!session.signal.aborted) {
        schedule();
      }
    };
    const schedule = () => {
      timer = setTimeout(() => {
        renewing = renew();
      }, every);
    };
    schedule();
    try {
      await this.deps.prepare(session.signal);
      await this.pollUntil(session.signal);
    } catch (err) {
      if (!session.signal.aborted) log.error({ err: this.deps.describe(err) }, 'telegram polling: could not prepare');
      await sleep(this.deps.retryMs, session.signal);
    } finally {
      session.abort();
      clearTimeout(timer);
      // A renewal still in flight must not take the lease back after we release it.
      await renewing;
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
      await this.confirm();
    }
    return lost;
  }

  private async pollUntil(signal: AbortSignal): Promise<void> {
    const { log, timeoutSec, retryMs, maxBackoffMs, minPollIntervalMs } = this.deps;
    let failures = 0;
    while (!signal.aborted) {
      const started = Date.now();
      let updates: Update[];
      try {
        updates = await this.deps.getUpdates({ offset: this.offset, timeout: timeoutSec }, signal);
        this.confirmed = this.offset;
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        failures += 1;
        // Exponential so that an outage is not hammered; the platform's own retry_after wins.
        const wait = this.deps.retryAfterMs(err) ?? Math.min(maxBackoffMs, retryMs * 2 ** Math.min(failures - 1, 30));
        log.warn({ err: this.deps.describe(err), attempt: failures, retryInMs: wait }, 'telegram polling: getUpdates failed');
        await sleep(wait, signal);
        continue;
      }
      if (updates.length === 0) {
        // A poll that was not held (a proxy, an API that ignores `timeout`) must not become a busy loop.
        const rest = started + minPollIntervalMs - Date.now();
        if (rest > 0) await sleep(rest, signal);
        continue;
      }
      for (const update of updates) {
        if (!(await this.handleOne(update))) {
          await sleep(retryMs, signal);
          break;
        }
      }
    }
  }

  /** Handles one update; false when it failed and should be fetched again. */
  private async handleOne(update: Update): Promise<boolean> {
    try {
      await this.deps.handle(update);
    } catch (err) {
      const n = (this.attempts.get(update.update_id) ?? 0) + 1;
      this.attempts.set(update.update_id, n);
      if (n < MAX_UPDATE_ATTEMPTS) {
        this.deps.log.warn({ updateId: update.update_id, attempt: n, err: this.deps.describe(err) }, 'telegram polling: update not handled, will retry');
        return false;
      }
      this.deps.log.error({ updateId: update.update_id, err: this.deps.describe(err) }, 'telegram polling: update dropped after repeated failures');
    }
    this.attempts.delete(update.update_id);
    this.offset = update.update_id + 1;
    return true;
  }

  /** Tells Telegram which updates were handled, so the next poller does not get them again. */
  private async confirm(): Promise<void> {
    if (this.offset === undefined || this.offset === this.confirmed) return;
    try {
      await this.deps.getUpdates({ offset: this.offset, timeout: 0, limit: 1 }, new AbortController().signal);
      this.confirmed = this.offset;
    } catch (err) {
      this.deps.log.warn({ err: this.deps.describe(err) }, 'telegram polling: could not confirm handled updates');
    }
  }
}
