import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/chat/index.ts';
import { PlatformError, TransportError } from '../../src/domain/index.ts';
import { ManualClock } from '../../src/engine/index.ts';
import { enqueueChat, enqueueWebhook, OutboxRelay, splitMessage } from '../../src/outbox/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabase } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';
import { httpSink } from '../support/http-sink.ts';
import { scriptedAdapter } from '../support/scripted-adapter.ts';

const T0 = Date.parse('2026-12-01T00:00:00Z');
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(adapter: ChatAdapter) {
  const h = await freshDatabase('sqlite');
  cleanup.push(h.drop);
  const clock = new ManualClock(T0);
  const relay = new OutboxRelay({ database: h.database, adapters: [adapter], now: () => clock.now(), log: memoryLog() });
  const drain = async () => {
    await relay.runDue(clock.now());
    await relay.idle();
  };
  return { db: h.database, clock, relay, drain };
}

describe('outbox relay', () => {
  it('delivers each message once even when it is enqueued twice with the same key', async () => {
    const { adapter, sent } = scriptedAdapter(() => 'ok');
    const s = await setup(adapter);
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text: 'hello' }, 'k1', T0);
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text: 'hello' }, 'k1', T0);
    await s.drain();
    await s.drain();
    expect(sent).toEqual([{ chatId: 'g1', text: 'hello' }]);
  });

  it('retries transport failures with backoff and keeps the order of one chat', async () => {
    const { adapter, sent } = scriptedAdapter((n) => (n <= 2 ? new TransportError('HTTP 500') : 'ok'));
    const s = await setup(adapter);
    for (const t of ['one', 'two', 'three']) await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text: t }, t, T0);
    await s.drain(); // one fails
    expect(sent).toEqual([]);
    await s.drain(); // nothing is due before the backoff ends
    expect(sent).toEqual([]);
    s.clock.advance(1000);
    await s.drain(); // one fails again; backoff doubles
    s.clock.advance(1999);
    await s.drain();
    expect(sent).toEqual([]);
    s.clock.advance(1);
    await s.drain();
    expect(sent.map((m) => m.text)).toEqual(['one']);
    for (let i = 0; i < 3; i++) {
      s.clock.advance(1000); // one a second to one chat
      await s.drain();
    }
    expect(sent.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('honours retry_after from a 429', async () => {
    const { adapter, sent } = scriptedAdapter((n) => (n === 1 ? new TransportError('429', 30_000) : 'ok'));
    const s = await setup(adapter);
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text: 'x' }, 'x', T0);
    await s.drain();
    s.clock.advance(29_999);
    await s.drain();
    expect(sent).toHaveLength(0);
    s.clock.advance(1);
    await s.drain();
    expect(sent).toHaveLength(1);
  });

  it('records a permanent refusal with the platform reason and does not retry it', async () => {
    // By text, not call order: sends to two chats run side by side and either may go first.
    const { adapter, sent } = scriptedAdapter((_n, text) => (text === 'x' ? new PlatformError('chat not found', 400) : 'ok'));
    const s = await setup(adapter);
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'gone' }, { text: 'x' }, 'x', T0);
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g2' }, { text: 'y' }, 'y', T0);
    await s.drain();
    s.clock.advance(3_600_000);
    await s.drain();
    const rows = await store.listOutbox(s.db.db);
    expect(rows.map((r) => [r.target, r.status, r.lastError])).toEqual([
      ['gone', 'failed', 'chat not found'],
      ['g2', 'sent', null],
    ]);
    expect(sent).toEqual([{ chatId: 'g2', text: 'y' }]);
  });

  it('paces one chat: one message a second at most, and no more than its per-minute limit', async () => {
    const { adapter, sent } = scriptedAdapter(() => 'ok', 3); // 3 a minute
    const s = await setup(adapter);
    for (let i = 0; i < 5; i++) await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text: `m${i}` }, `m${i}`, T0);
    await s.drain();
    expect(sent).toHaveLength(1);
    s.clock.advance(999);
    await s.drain();
    expect(sent).toHaveLength(1);
    s.clock.advance(1);
    await s.drain();
    s.clock.advance(1000);
    await s.drain();
    expect(sent).toHaveLength(3);
    s.clock.advance(30_000);
    await s.drain();
    expect(sent).toHaveLength(3); // the minute since the first is not over
    s.clock.set(T0 + 60_000);
    await s.drain();
    expect(sent.map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('splits a long message to the platform limit at line breaks, each piece sent once', async () => {
    const { adapter, sent } = scriptedAdapter(() => 'ok');
    const s = await setup(adapter);
    const text = Array.from({ length: 6 }, (_, i) => `line ${i} ${'x'.repeat(15)}`).join('\n');
    await enqueueChat(s.db.db, { platform: 'fake', chatId: 'g1' }, { text }, 'long', T0, adapter.limits);
    for (let i = 0; i < 8; i++) {
      await s.drain();
      s.clock.advance(1000);
    }
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((m) => m.text.length <= 50)).toBe(true);
    expect(sent.map((m) => m.text).join('\n')).toBe(text);
  });

  it('posts JSON to a notify URL after it answered 503 for a while', async () => {
    const sink = await httpSink();
    cleanup.push(sink.close);
    sink.answerWith((n) => (n <= 3 ? 503 : 200));
    const { adapter } = scriptedAdapter(() => 'ok');
    const s = await setup(adapter);
    await enqueueWebhook(s.db.db, `${sink.url}/hook`, { taskId: 7, status: 'succeeded' }, 'n1', T0);
    for (let i = 0; i < 6; i++) {
      await s.drain();
      s.clock.advance(60_000);
    }
    expect(sink.hits).toBe(4);
    expect(sink.received.map((r) => r.body)).toEqual([{ taskId: 7, status: 'succeeded' }]);
  });
});

describe('splitting messages', () => {
  it('counts UTF-8 bytes when the platform limits bytes and never cuts a character', () => {
    const pieces = splitMessage('提醒'.repeat(100), 30, 'bytes');
    expect(pieces.every((p) => Buffer.byteLength(p) <= 30)).toBe(true);
    expect(pieces.join('')).toBe('提醒'.repeat(100));
  });
});

describe('outbox relay when the database stops answering mid-send', () => {
  it('neither crashes nor records a delivered message failed, and sends it again once its claim lapses', async () => {
    const h = await freshDatabase('sqlite');
    cleanup.push(h.drop);
    const clock = new ManualClock(T0);
    // The platform accepts the message; as it answers, the database goes away (an outage, a full disk).
    let cutDatabase = async () => {};
    const { adapter, sent } = scriptedAdapter(() => {
      void cutDatabase();
      return 'ok';
    });
    await enqueueChat(h.database.db, { platform: 'fake', chatId: 'g1' }, { text: 'hello' }, 'k1', T0);
    const closing = store.openDatabase(h.url);
    const log = memoryLog();
    const relay = new OutboxRelay({ database: closing, adapters: [adapter], now: () => clock.now(), log, claimMs: 60_000, instanceId: 'r1' });
    let cut: Promise<void> | undefined;
    cutDatabase = () => (cut ??= closing.close());
    await relay.runDue(clock.now());
    await relay.idle();
    await cut;
    expect(sent.map((m) => m.text)).toEqual(['hello']);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toContain(
      'outbox: the database did not answer while sending; what was claimed and not recorded goes out again when its claim lapses',
    );
    expect(log.lines.filter((l) => l.level === 'error'), 'not reported as a failed delivery').toEqual([]);
    const row = await h.database.db.selectFrom('outbox').select(['status', 'lastError']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sending', lastError: null });
    // Another sender (or this one after a restart) takes it once the claim lapses: at least once.
    const again = new OutboxRelay({ database: h.database, adapters: [adapter], now: () => clock.now(), log: memoryLog(), instanceId: 'r2' });
    cutDatabase = async () => {};
    clock.advance(60_001);
    await again.runDue(clock.now());
    await again.idle();
    expect(sent.map((m) => m.text)).toEqual(['hello', 'hello']);
    expect((await h.database.db.selectFrom('outbox').select('status').executeTakeFirstOrThrow()).status).toBe('sent');
  });
});
