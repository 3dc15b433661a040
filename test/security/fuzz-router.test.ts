import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/index.ts';
import { COMMANDS } from '../../src/chat/commands/index.ts';
import { createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import { MAX_REPLY } from '../../src/chat/format.ts';
import { freshDatabase } from '../support/databases.ts';

// Random and adversarial chat texts through the real router on a real SQLite file: it never
// throws, never reports a bug, and answers with replies (or nothing) within the reply cap.
const NOW = Date.parse('2026-11-28T08:00:00Z');
const TIME_BUDGET = 12_000; // ms for the whole file's properties

const words = COMMANDS.flatMap((c) => [...c.names, ...c.zh]);
const nasty = [
  '; rm -rf /', '$(id)', '`id`', "' OR 1=1 --", '"; DROP TABLE tasks; --', '%s%s%n', '\u0000', '\u202e', '\ufeff', '🙂', '𝟘', '٣', '１２',
  '#', '＃', '-1', '0', '9007199254740993', '1e309', 'NaN', '999999999999999', '@', '@@bot', '@cronbot', '<b>', '&amp;', '\\', '\n', '\r\n', '\t',
  'every', 'every 0 minutes', 'every 1 seconds', '每隔1秒', 'cron * * * * * *', 'at 25:99', 'run disk', 'run ../../bin/sh', '执行 disk', 'chase every 1s',
  '催单1秒', 'chase off', 'until', 'tomorrow', '昨天', 'in 30 minutes', '2026-02-30T25:00', 'L W #', '__proto__', 'constructor', 'toString',
];
const piece = fc.oneof(fc.constantFrom(...nasty), fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 2 ** 53 }).map(String));
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.tuple(fc.constantFrom('/', '／', '/x', ''), fc.constantFrom(...words, 'frobnicate', 'ADD', 'List@cronbot', 'list@otherbot'), fc.array(piece, { maxLength: 12 })).map(([slash, w, rest]) => `${slash}${w} ${rest.join(' ')}`),
  fc.array(piece, { maxLength: 30 }).map((p) => p.join(' ')),
  fc.tuple(fc.constantFrom('a', '每', '(', '9', ' '), fc.integer({ min: 1000, max: 6000 })).map(([c, n]) => `/add ${c.repeat(n)}!`),
);
const mention = fc.record({ id: fc.string({ maxLength: 20 }), name: fc.string({ maxLength: 20 }) });

describe('the command router on hostile input', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let route: (msg: ChatMessage) => Promise<Outgoing[]>;
  const bugs: unknown[] = [];

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const ctx: AppContext = { database: db.database, now: () => NOW, defaultTz: 'Asia/Shanghai', minIntervalMs: 60_000, actionNames: ['disk'], notify: () => {} };
    route = createRouter({ app: ctx, isAdmin: (_p, id) => id === 'root', botNames: ['cronbot'], onBug: (e) => bugs.push(e) });
  });
  afterAll(async () => db?.drop());

  const message = fc.record({
    platform: fc.constantFrom('telegram', 'wecom', 'web'),
    chatId: fc.constantFrom('c1', 'c2', '-100', ''),
    chatType: fc.constantFrom('group' as const, 'private' as const),
    messageId: fc.string({ maxLength: 10 }),
    userId: fc.constantFrom('root', 'alice', '', '0'),
    userName: fc.string({ maxLength: 30 }),
    text,
    mentions: fc.array(mention, { maxLength: 3 }),
    addressedToBot: fc.boolean(),
    replyTo: fc.option(fc.record({ messageId: fc.string({ maxLength: 5 }), text: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map((n) => `⏰ #${n} reminder`)), { nil: undefined }) }), { nil: undefined }),
    receivedAt: fc.constant(NOW),
  });

  it('never throws, never reports a bug and answers only with bounded, non-empty replies', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        const msg = JSON.parse(JSON.stringify(raw)) as ChatMessage; // drop undefined keys, as an adapter would
        const replies = await route(msg);
        expect(Array.isArray(replies)).toBe(true);
        for (const r of replies) {
          expect(typeof r.text).toBe('string');
          expect(r.text.trim().length).toBeGreaterThan(0);
          expect(r.text.length).toBeLessThanOrEqual(MAX_REPLY);
        }
        expect(bugs).toEqual([]);
      }),
      { numRuns: 600, interruptAfterTimeLimit: TIME_BUDGET, markInterruptAsFailure: false },
    );
    expect(performance.now() - started).toBeLessThan(TIME_BUDGET + 5_000);
  });

  it('answers every command word followed by every adversarial argument', async () => {
    for (const w of words) {
      for (const a of nasty) {
        const replies = await route({ platform: 'telegram', chatId: 'c3', chatType: 'group', messageId: 'm', userId: 'root', userName: 'Root', text: `/${w} ${a}`, mentions: [], addressedToBot: true, receivedAt: NOW });
        expect(replies.length, `/${w} ${JSON.stringify(a)}`).toBeGreaterThan(0);
      }
    }
    expect(bugs).toEqual([]);
  });
});
