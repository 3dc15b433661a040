import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/domain/index.ts';
import { ManualClock } from '../../src/engine/index.ts';
import { enqueueChat, OutboxRelay } from '../../src/outbox/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabase } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';
import { scriptedAdapter } from '../support/scripted-adapter.ts';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
let drop: (() => Promise<void>) | undefined;
afterEach(async () => drop?.());

describe('a chat platform down for ten minutes', () => {
  it('drains the backlog afterwards in order and within the per-chat rate', async () => {
    const h = await freshDatabase('sqlite');
    drop = h.drop;
    const clock = new ManualClock(T0);
    const downUntil = T0 + 10 * MIN;
    // Down: first answering 500s, then hanging until the client gives up (a timeout).
    const far = scriptedAdapter(() => (clock.now() < T0 + 5 * MIN ? new TransportError('HTTP 500') : clock.now() < downUntil ? new TransportError('timed out after 15000 ms') : 'ok'), 20);
    far.useClock(() => clock.now());
    const relay = new OutboxRelay({ database: h.database, adapters: [far.adapter], now: () => clock.now(), log: memoryLog() });
    const drain = async () => {
      await relay.runDue(clock.now());
      await relay.idle();
    };
    // Thirty messages to one chat arrive during the outage, one every 20 s.
    let n = 0;
    for (let t = T0; t < downUntil; t += 1000) {
      clock.set(t);
      if ((t - T0) % 20_000 === 0) await enqueueChat(h.database.db, { platform: 'fake', chatId: 'g' }, { text: `m${String(n++).padStart(2, '0')}` }, `k${n}`, t);
      await drain();
    }
    expect(far.sent).toHaveLength(0);
    // Back up: give it twenty minutes of time, in steps of one second.
    for (let t = downUntil; t < downUntil + 20 * MIN; t += 1000) {
      clock.set(t);
      await drain();
    }
    expect(far.sent.map((m) => m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`));
    // Within the rate: never more than 20 in any minute, never two within a second.
    const at = far.sent.map((m) => m.at!);
    for (let i = 0; i < at.length; i++) expect(at.filter((x) => x >= at[i] && x < at[i] + MIN).length).toBeLessThanOrEqual(20);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(1000);
    const rows = await store.listOutbox(h.database.db);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  }, 60_000);
});
