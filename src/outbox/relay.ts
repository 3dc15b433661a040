import type { ChatAdapter, Outgoing } from '../chat/index.ts';
import { PlatformError, TransportError } from '../domain/index.ts';
import * as store from '../store/index.ts';
import { postJson, safeUrl } from './post-json.ts';
import { RateLimiter } from './rate-limiter.ts';

/** What the relay needs. */
export interface RelayOptions {
  database: store.Database;
  adapters: ChatAdapter[];
  now(): number;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** How long a claimed message is ours before another sender may take it (ms). */
  claimMs?: number;
  /** This process's instance id, recorded on what it claims (crash recovery). */
  instanceId?: string;
  /** Messages older than this are given up (ms). */
  maxAgeMs?: number;
  webhookPerMinute?: number;
  /** Called after each delivery or failure (metrics, tests). */
  onResult?(item: store.OutboxItem, result: 'sent' | 'retry' | 'failed'): void;
}

const BATCH = 200;

/**
 * Delivers the outbox: every message to a chat or URL goes through here. Messages to one target
 * leave in order, one at a time, within the platform's rate; transport failures (5xx, timeouts,
 * 429) are retried with backoff and block that target's later messages; a permanent refusal is
 * recorded with the platform's reason and not retried. Sends run outside the engine's loop.
 */
export class OutboxRelay {
  readonly name = 'outbox';
  private readonly busy = new Set<string>();
  private readonly limiter: RateLimiter;
  private readonly problems = new Map<string, string>();
  private readonly adapters: Map<string, ChatAdapter>;
  private readonly pending = new Set<Promise<void>>();
  private kicking: Promise<void> | undefined;
  private kickAgain = false;
  failures = 0;
  private stopped = false;

  /** No more claims from this relay (shutdown); sends under way finish. */
  stop(): void {
    this.stopped = true;
  }

  constructor(private readonly opts: RelayOptions) {
    this.adapters = new Map(opts.adapters.map((a) => [a.platform, a]));
    this.limiter = new RateLimiter(opts.database);
  }

  nextDue(): Promise<number | null> {
    return store.earliestOutbox(this.opts.database.db);
  }

  /** Claims what is due and starts sending it; does not wait for the sends. */
  async runDue(now: number): Promise<void> {
    const db = this.opts.database;
    for (;;) {
      const items = await db.write((tx) => store.claimOutbox(tx, now, now + (this.opts.claimMs ?? 5 * 60_000), BATCH, store.locksRows(db.dialect), this.opts.instanceId ?? null));
      const byTarget = new Map<string, store.OutboxItem[]>();
      for (const it of items) {
        const key = `${it.targetKind}:${it.platform ?? ''}:${it.target}`;
        byTarget.set(key, [...(byTarget.get(key) ?? []), it]);
      }
      for (const [key, list] of byTarget) {
        if (this.busy.has(key)) {
          // That target is still sending; its chain will come back for these.
          for (const it of list) await store.rescheduleOutbox(db.db, it.id, now + 1000, it.lastError, false);
          continue;
        }
        this.busy.add(key);
        // A database that stops answering mid-chain ends the chain, never the process: what it had
        // claimed and not recorded is claimed again once its claim lapses (sent at least once).
        const p = this.sendChain(list)
          .catch((err: unknown) => this.dbProblem(err))
          .finally(() => {
          this.busy.delete(key);
          this.pending.delete(p);
          // The next message to this target could not be claimed while this one was owed.
          if (!this.stopped) this.kick().catch((err: unknown) => this.opts.log.warn({ err }, 'outbox: claim after a send failed; the engine retries'));
          });
        this.pending.add(p);
      }
      if (items.length < BATCH) break;
    }
  }

  /**
   * Claims and starts sending what is due right now, without waiting for the engine's next
   * cycle: a chat reply then costs one claim instead of a whole engine tick (tasks, chases,
   * queued runs, every source). Kicks that arrive during a claim are folded into one more pass.
   */
  kick(): Promise<void> {
    if (this.kicking) {
      this.kickAgain = true;
      return this.kicking;
    }
    this.kicking = (async () => {
      try {
        do {
          this.kickAgain = false;
          await this.runDue(this.opts.now());
        } while (this.kickAgain);
      } finally {
        this.kicking = undefined;
      }
    })();
    return this.kicking;
  }

  /** Resolves when every send started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    // A claim that failed was reported where it was started; waiting for it does not throw.
    while (this.pending.size || this.kicking) await Promise.allSettled([...this.pending, this.kicking]);
  }

  private async sendChain(list: store.OutboxItem[]): Promise<void> {
    const db = this.opts.database.db;
    for (let i = 0; i < list.length; i++) {
      const it = list[i];
      const now = this.opts.now();
      const rateKey = `${it.platform ?? 'webhook'}:${it.target}`;
      const perMinute = it.targetKind === 'chat' ? (this.adapters.get(it.platform ?? '')?.limits.perChatPerMinute ?? 20) : (this.opts.webhookPerMinute ?? 60);
      const wait = await this.limiter.take(rateKey, perMinute, now);
      if (wait > 0) {
        for (const rest of list.slice(i)) await store.rescheduleOutbox(db, rest.id, now + wait, rest.lastError, false);
        return;
      }
      let messageId: string | undefined;
      try {
        messageId = await this.deliver(it);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (err instanceof TransportError && now - it.createdAt < (this.opts.maxAgeMs ?? 24 * 3_600_000)) {
          // Capped at a minute: a message owed to a chat holds back the ones behind it.
          const backoff = Math.min(1000 * 2 ** Math.min(it.attempts, 10), 60_000);
          const at = now + Math.max(err.retryAfterMs ?? 0, backoff);
          await store.rescheduleOutbox(db, it.id, at, msg, true);
          // Keep the order: this target's later messages wait behind this one.
          for (const rest of list.slice(i + 1)) await store.rescheduleOutbox(db, rest.id, at, rest.lastError, false);
          // One line per problem and target, not one per attempt of a platform that is down.
          if (this.problems.get(rateKey) !== msg) {
            this.problems.set(rateKey, msg);
            this.opts.log.warn({ outbox: it.id, target: safeTarget(it), err: msg }, 'delivery failed; will retry');
          }
          this.opts.onResult?.(it, 'retry');
          return;
        }
        this.failures++;
        await store.failOutbox(db, it.id, msg);
        this.opts.log.error({ outbox: it.id, target: safeTarget(it), err: msg }, err instanceof PlatformError ? 'delivery refused by the platform' : 'delivery given up');
        this.opts.onResult?.(it, 'failed');
        continue;
      }
      // Delivered. Were this write to fail, the message is not "failed": the error ends the chain
      // (dbProblem), and the claim's lapse sends it again, like one sent just before a crash.
      await store.markOutboxSent(db, it.id, this.opts.now(), messageId);
      this.problems.delete('database');
      if (this.problems.delete(rateKey)) this.opts.log.info({ target: safeTarget(it) }, 'delivery works again');
      this.opts.onResult?.(it, 'sent');
    }
  }

  private dbProblem(err: unknown): void {
    const msg = err instanceof Error ? err.message : String(err);
    if (this.problems.get('database') === msg) return;
    this.problems.set('database', msg);
    this.opts.log.warn({ err: msg }, 'outbox: the database did not answer while sending; what was claimed and not recorded goes out again when its claim lapses');
  }

  private async deliver(it: store.OutboxItem): Promise<string | undefined> {
    if (it.targetKind === 'webhook') {
      await postJson(it.target, it.body);
      return undefined;
    }
    const adapter = this.adapters.get(it.platform ?? '');
    if (!adapter) throw new PlatformError(`no ${it.platform} adapter is configured on this service`);
    const out = JSON.parse(it.body) as Outgoing;
    return (await adapter.send(it.target, out)).messageId;
  }
}

function safeTarget(it: store.OutboxItem): string {
  return it.targetKind === 'webhook' || it.platform === 'wecom-robot' ? safeUrl(it.target.includes('://') ? it.target : `key://${it.platform}`) : `${it.platform}:${it.target}`;
}
