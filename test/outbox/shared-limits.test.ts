import { afterEach, describe, expect, it } from 'vitest';
import { createRouter, type ChatMessage } from '../../src/chat/index.ts';
import { ManualClock } from '../../src/engine/index.ts';
import { enqueueChat, OutboxRelay } from '../../src/outbox/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { freshDatabase, mysqlAvailable } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';
import { scriptedAdapter } from '../support/scripted-adapter.ts';
import { startTestService } from '../http/service.ts';

const T0 = Date.parse('2026-12-01T00:00:00Z');
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** The most sends that fall in any 60 s window. */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + 60_000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe.runIf(await mysqlAvailable())('limits shared by two replicas on one MySQL database', () => {
  it('paces one group at its per-minute rate and 1 s apart when two relays take turns sending to it', async () => {
    const h = await freshDatabase('mysql');
    const second = openDatabase(h.url);
    cleanup.push(h.drop, () => h.database.close(), () => second.close());
    const clock = new ManualClock(T0);
    // A group tolerates 3 a minute here; each replica has its own adapter, as each process would.
    const a = scriptedAdapter(() => 'ok', 3);
    const b = scriptedAdapter(() => 'ok', 3);
    a.useClock(() => clock.now());
    b.useClock(() => clock.now());
    const relays = [
      new OutboxRelay({ database: h.database, adapters: [a.adapter], now: () => clock.now(), log: memoryLog(), instanceId: 'replica-a' }),
      new OutboxRelay({ database: second, adapters: [b.adapter], now: () => clock.now(), log: memoryLog(), instanceId: 'replica-b' }),
    ];
    for (let i = 0; i < 9; i++) await enqueueChat(h.database.db, { platform: 'fake', chatId: 'g1' }, { text: `m${i}` }, `k${i}`, T0);
    // Each second one replica's relay runs, in turn, like two engines waking on their own.
    for (let step = 0; step < 200; step++) {
      const relay = relays[step % 2]!;
      await relay.runDue(clock.now());
      await relay.idle();
      clock.advance(1000);
    }
    const times = [...a.sent, ...b.sent].map((s) => s.at!);
    expect(a.sent.length).toBeGreaterThan(0);
    expect(b.sent.length).toBeGreaterThan(0);
    expect(times).toHaveLength(9);
    expect(busiestMinute(times)).toBeLessThanOrEqual(3);
    const sorted = [...times].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(1000);
    // All nine went out in three minutes and a bit, not later: the shared limit does not over-throttle.
    expect(sorted[8]! - T0).toBeLessThan(3 * 60_000 + 10_000);
  });

  it('counts a person\'s commands once across two services, and refuses the one past the limit once', async () => {
    const h = await freshDatabase('mysql');
    cleanup.push(h.drop, () => h.database.close());
    const config = { limits: { tasksPerChat: 100, commandsPerUserPerMinute: 3, commandsPerChatPerMinute: 60, maxMessageChars: 4000 } };
    const one = await startTestService({ url: h.url, config });
    cleanup.push(() => one.close());
    const two = await startTestService({ url: h.url, config });
    cleanup.push(() => two.close());
    // A group member on a platform (the console's own box has the operator's limits): each
    // service's router reads the same rate windows in the database.
    const routes = [one, two].map((s) => createRouter({ app: s.svc.app, isAdmin: () => false }));
    const replies: string[][] = [];
    for (let i = 0; i < 6; i++) {
      const msg: ChatMessage = { platform: 'fake', chatId: 'g1', chatType: 'group', messageId: `m${i}`, userId: 'u1', userName: 'Alice', text: '/help', mentions: [], addressedToBot: true, receivedAt: Date.now() };
      replies.push((await routes[i % 2]!(msg)).map((r) => r.text));
    }
    for (const r of replies.slice(0, 3)) {
      expect(r.length).toBeGreaterThan(0);
      expect(r.join('\n')).not.toMatch(/Too many commands/);
    }
    expect(replies[3]!.join('\n')).toMatch(/Too many commands: at most 3 a minute per person/);
    // One refusal per window for both replicas together; the rest are dropped quietly.
    expect(replies[4]).toEqual([]);
    expect(replies[5]).toEqual([]);
  });
});
