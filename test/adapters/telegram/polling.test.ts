import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, POLLING_LEASE } from '../../../adapters/telegram/index.ts';
import type { ChatMessage, Lease } from '../../../src/chat/index.ts';
import { FakeTelegramServer, textUpdate } from '../../fakes/telegram-server.ts';
import { createTelegramPollingHarness, FakeLease, LeaseTable, recordingLog } from '../../fakes/telegram-harness.ts';

async function waitUntil(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const update = (text: string) => textUpdate({ chat: { id: -300, type: 'group' }, from: { id: 11, first_name: 'Ann' }, text });

describe('telegram long polling', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  const track = <T extends { close(): Promise<void> }>(x: T): T => {
    open.push(x);
    return x;
  };

  it('delivers queued updates through getUpdates while holding the lease', async () => {
    const leases = new LeaseTable();
    const h = track(await createTelegramPollingHarness({ leases }));
    expect(h.adapter.routes).toEqual([]);
    h.fake.enqueue(update('/list'));
    h.fake.enqueue(update('@chatcron_bot every day at 9 stretch'));
    await h.waitForReceived(2);
    expect(h.received.map((m) => m.text)).toEqual(['/list', 'every day at 9 stretch']);
    expect(leases.rows.get(POLLING_LEASE)?.holder).toBe('replica-1');
    const methods = h.fake.calls.map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
  });

  it('delivers through the contract harness deliver() in polling mode', async () => {
    const h = track(await createTelegramPollingHarness());
    await h.deliver({ chatId: '-9', userId: '12', userName: 'Bob', text: '/next', mentionBot: false, group: true });
    expect(h.received).toMatchObject([{ chatId: '-9', userId: '12', userName: 'Bob', text: '/next' }]);
  });

  it('renews the lease while polling', async () => {
    const h = track(await createTelegramPollingHarness());
    await waitUntil(() => h.lease.acquired.length >= 3, 'the lease was renewed twice');
    expect(h.lease.acquired.every((n) => n === POLLING_LEASE)).toBe(true);
  });

  it('does not poll from a second replica that cannot get the lease, and takes over when the first stops', async () => {
    const leases = new LeaseTable();
    const first = await createTelegramPollingHarness({ leases, holder: 'replica-1' });
    open.push(first);
    await first.fake.waitForCalls('getUpdates', 1);
    const secondFake = track(await FakeTelegramServer.start());
    const second = track(await createTelegramPollingHarness({ leases, holder: 'replica-2', fake: secondFake }));
    await new Promise((r) => setTimeout(r, 300)); // several lease retries of the second replica (every 50 ms)
    expect(secondFake.callsOf('getUpdates')).toHaveLength(0);
    expect(leases.rows.get(POLLING_LEASE)?.holder).toBe('replica-1');

    await first.close();
    open.splice(open.indexOf(first), 1);
    expect(leases.rows.get(POLLING_LEASE)?.holder).not.toBe('replica-1');
    secondFake.enqueue(update('/help'));
    await second.waitForReceived(1);
    expect(leases.rows.get(POLLING_LEASE)?.holder).toBe('replica-2');
  });

  it('stops polling when the lease is lost', async () => {
    const leases = new LeaseTable();
    const h = track(await createTelegramPollingHarness({ leases }));
    await h.fake.waitForCalls('getUpdates', 1);
    leases.steal(POLLING_LEASE);
    await waitUntil(() => h.log.lines.some((l) => l.msg?.includes('lease lost')), 'the adapter noticed the lost lease');
    const polls = h.fake.callsOf('getUpdates').length;
    h.fake.enqueue(update('/list'));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.received).toHaveLength(0);
    // At most the confirming call after the loss; no polling for new updates.
    expect(h.fake.callsOf('getUpdates').length - polls).toBeLessThanOrEqual(1);
    expect(leases.rows.get(POLLING_LEASE)?.holder).toBe('thief');
  });

  it('releases the lease and confirms handled updates on stop', async () => {
    const leases = new LeaseTable();
    const h = await createTelegramPollingHarness({ leases, adapter: { pollingTimeoutSec: 30 } });
    const id = h.fake.enqueue(update('/list'));
    await h.waitForReceived(1);
    await h.adapter.stop();
    expect(leases.rows.has(POLLING_LEASE)).toBe(false);
    expect(h.fake.pending.map((u) => u.update_id)).not.toContain(id);
    await h.close();
  });

  it('stops quickly while a long poll is held', async () => {
    const fake = track(await FakeTelegramServer.start({ maxHoldMs: 20_000 }));
    const h = await createTelegramPollingHarness({ fake, adapter: { pollingTimeoutSec: 30 } });
    await fake.waitForCalls('getUpdates', 1);
    const started = Date.now();
    await h.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('keeps polling after getUpdates fails', async () => {
    const h = track(await createTelegramPollingHarness());
    h.fake.failNext('getUpdates', { kind: 'server-error' }, 2);
    h.fake.enqueue(update('/list'));
    await h.waitForReceived(1);
    expect(h.log.lines.filter((l) => l.msg?.includes('getUpdates failed'))).toHaveLength(2);
  });

  it('delivers each update once when two replicas share the bot and the lease table', async () => {
    const leases = new LeaseTable();
    const fake = track(await FakeTelegramServer.start());
    const a = track(await createTelegramPollingHarness({ leases, holder: 'a', fake }));
    const b = track(await createTelegramPollingHarness({ leases, holder: 'b', fake }));
    for (let i = 0; i < 5; i++) fake.enqueue(update(`/run ${i}`));
    await waitUntil(() => a.received.length + b.received.length >= 5, 'five messages arrived');
    await new Promise((r) => setTimeout(r, 100)); // room for a duplicate, were there one
    const texts = [...a.received, ...b.received].map((m) => m.text).sort();
    expect(texts).toEqual(['/run 0', '/run 1', '/run 2', '/run 3', '/run 4']);
    expect(a.received.length === 0 || b.received.length === 0).toBe(true);
    expect(fake.conflicts).toBe(0);
  });

  it('fetches an update again when handing it on failed, and goes on after it', async () => {
    const fake = track(await FakeTelegramServer.start());
    const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollingTimeoutSec: 1, leaseTtlMs: 600, pollRetryMs: 20 });
    const got: ChatMessage[] = [];
    let failures = 1;
    await adapter.start({
      onMessage: async (m) => {
        if (failures-- > 0) throw new Error('database is locked');
        got.push(m);
      },
      lease: new FakeLease(new LeaseTable(), 'r'),
      log: recordingLog(),
    });
    track({ close: () => adapter.stop() });
    fake.enqueue(update('/first'));
    fake.enqueue(update('/second'));
    await waitUntil(() => got.length === 2, 'both messages were handed on');
    expect(got.map((m) => m.text)).toEqual(['/first', '/second']);
  });

  it('does not poll while the lease store fails, and polls once it answers again', async () => {
    const fake = track(await FakeTelegramServer.start());
    const inner = new FakeLease(new LeaseTable(), 'r');
    let down = true;
    const lease: Lease = {
      acquire: async (name, ttl) => {
        if (down) throw new Error('connection refused');
        return inner.acquire(name, ttl);
      },
      release: (name) => inner.release(name),
    };
    const log = recordingLog();
    const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollingTimeoutSec: 1, leaseTtlMs: 600, pollRetryMs: 20 });
    await adapter.start({ onMessage: async () => undefined, lease, log });
    track({ close: () => adapter.stop() });
    await waitUntil(() => log.lines.filter((l) => l.msg?.includes('could not ask for the lease')).length >= 3, 'three failed lease attempts');
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    down = false;
    await fake.waitForCalls('getUpdates', 1);
  });

  describe('pacing', () => {
    /** Gaps between the starts of consecutive getUpdates calls. */
    const gaps = (fake: FakeTelegramServer) => {
      const at = fake.callsOf('getUpdates').map((c) => c.at);
      return at.slice(1).map((t, i) => t - at[i]!);
    };

    it('keeps a minimum delay between empty polls when getUpdates answers at once', async () => {
      // maxHoldMs 0: an API (or a proxy) that does not hold the long poll.
      const fake = track(await FakeTelegramServer.start({ maxHoldMs: 0 }));
      track(await createTelegramPollingHarness({ fake, adapter: { pollMinIntervalMs: 200 } }));
      await fake.waitForCalls('getUpdates', 1);
      const first = fake.callsOf('getUpdates').length;
      await new Promise((r) => setTimeout(r, 1_000));
      const polls = fake.callsOf('getUpdates').length - first;
      // 1,000 ms at one poll per 200 ms: five, six with the timer's rounding; it spun hundreds of times.
      expect(polls).toBeGreaterThanOrEqual(3);
      expect(polls).toBeLessThanOrEqual(6);
      // The median: the fake's arrival times carry the machine's scheduling jitter, the poller's own clock does not.
      const sorted = gaps(fake).sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(190);
    });

    it('polls again at once after a poll that brought updates, and waits only after an empty one', async () => {
      const fake = track(await FakeTelegramServer.start({ maxHoldMs: 0 }));
      fake.enqueue(update('/one'));
      const h = track(await createTelegramPollingHarness({ fake, adapter: { pollMinIntervalMs: 1_500 } }));
      await h.waitForReceived(1);
      await fake.waitForCalls('getUpdates', 3, 4_000);
      const [afterUpdates, afterEmpty] = gaps(fake);
      // Bounds leave room for the arrival jitter of a busy machine; the two faults they catch are 0 and 1,500 ms apart.
      expect(afterUpdates).toBeLessThan(700);
      expect(afterEmpty).toBeGreaterThanOrEqual(1_400);
    });

    it('backs off exponentially up to a cap while getUpdates fails, and resets after a success', async () => {
      const fake = track(await FakeTelegramServer.start({ maxHoldMs: 0 }));
      fake.failNext('getUpdates', { kind: 'bad-gateway' }, 7);
      const h = track(await createTelegramPollingHarness({ fake, adapter: { pollRetryMs: 50, pollMaxBackoffMs: 400, pollMinIntervalMs: 10 } }));
      await fake.waitForCalls('getUpdates', 9, 5_000);
      const g = gaps(fake).slice(0, 7);
      const expected = [50, 100, 200, 400, 400, 400, 400];
      g.forEach((gap, i) => {
        // Arrival times at the fake carry some scheduling jitter; a fixed 50 ms retry fails the lower bound from the second gap on.
        expect(gap).toBeGreaterThanOrEqual(expected[i]! * 0.8);
        expect(gap).toBeLessThan(expected[i]! + 300);
      });
      // After the first success the next failure waits the base delay again.
      const before = fake.callsOf('getUpdates').length;
      fake.failNext('getUpdates', { kind: 'bad-gateway' }, 1);
      await fake.waitForCalls('getUpdates', before + 3, 3_000);
      const calls = fake.callsOf('getUpdates');
      const failedAt = calls.findIndex((c, i) => i >= before && c.failed);
      expect(calls[failedAt + 1]!.at - calls[failedAt]!.at).toBeLessThan(300); // 50 after a reset, 400 without
      expect(h.log.lines.filter((l) => l.msg?.includes('getUpdates failed')).length).toBe(8);
    });

    it('waits what retry_after says when Telegram answers 429', async () => {
      const fake = track(await FakeTelegramServer.start({ maxHoldMs: 0 }));
      fake.failNext('getUpdates', { kind: 'rate-limit', retryAfter: 1 }, 1);
      track(await createTelegramPollingHarness({ fake, adapter: { pollRetryMs: 50, pollMinIntervalMs: 10 } }));
      await fake.waitForCalls('getUpdates', 2, 3_000);
      const [gap] = gaps(fake);
      expect(gap).toBeGreaterThanOrEqual(950);
      expect(gap).toBeLessThan(1_500);
    });
  });
});
