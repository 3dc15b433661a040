import { afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import type { Actor, TaskInput } from '../../src/app/index.ts';
import { chaseReminderText, runResultText } from '../../src/chat/index.ts';
import { Engine, ManualClock } from '../../src/engine/index.ts';
import { Executor } from '../../src/exec/index.ts';
import { ChaseDriver, noticeHooks, type NoticeFormat } from '../../src/outbox/index.ts';
import { DIALECTS, dialectAvailable, freshDatabase } from '../support/databases.ts';
import { memoryLog } from '../support/engine-harness.ts';

// A chase reminder fills the task's placeholders from the occurrence it chases (its slot in the
// task's zone, its number, its run), not from the reminder's own time: the report of Friday
// 20 March is still that report when it is chased after midnight, or after the next one fired.

const CHAT = { platform: 'fake', chatId: 'g1' };
const ALICE: Actor = { kind: 'chat', id: 'u1', name: 'Alice', chat: CHAT, admin: true, lang: 'en' };
const format: NoticeFormat = { runResult: runResultText, chaseReminder: chaseReminderText };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(start: string, actions: Record<string, { argv: string[] }> = {}, dialect: (typeof DIALECTS)[number] = 'sqlite') {
  const h = await freshDatabase(dialect);
  const clock = new ManualClock(Date.parse(start));
  const executor = new Executor({ actions, env: {}, outputLimitBytes: 4096, secrets: [] });
  const engine = new Engine({ database: h.database, executor, log: memoryLog(), clock, instanceId: 'unit-1', hooks: noticeHooks(format, () => undefined), batchSize: 100 });
  const driver = new ChaseDriver(h.database, format, () => undefined);
  const ctx: app.AppContext = { database: h.database, now: () => clock.now(), defaultTz: 'UTC', minIntervalMs: 0, actionNames: Object.keys(actions), notify: () => {} };
  cleanup.push(async () => {
    await engine.idle();
    await h.drop();
  });
  return {
    create: (input: TaskInput) => app.createTask(ctx, ALICE, { owner: { id: 'u2', name: 'Bob' }, tz: 'Asia/Shanghai', ...input }),
    async at(t: string) {
      clock.set(Date.parse(t));
      await engine.tick();
      await engine.idle();
      await driver.runDue(clock.now());
    },
    /** The first line of each reminder, in the order they were queued. */
    async reminders(): Promise<string[]> {
      const rows = await h.database.db.selectFrom('outbox').select(['body']).where('dedupeKey', 'like', 'chase:%').orderBy('id').execute();
      return rows.map((r) => (JSON.parse(r.body) as { text: string }).text.split('\n')[0]);
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`placeholders in chase reminders on ${dialect}`, async () => {
    const available = await dialectAvailable(dialect);
    it.skipIf(!available)('fills {date} {weekday} {time} {run} from the chased occurrence, in English, after midnight and after the next occurrence fired', async () => {
      const s = await setup('2026-03-20T12:00:00+08:00', {}, dialect);
      const t = await s.create({ cron: '50 23 * * *', content: '{date} {weekday} {time} report no. {run}', chase: { every: '30m' } });
      await s.at('2026-03-20T23:50:00+08:00'); // Friday 20 March fires (occurrence 1)
      await s.at('2026-03-21T00:20:00+08:00'); // its first reminder, on Saturday
      await s.at('2026-03-21T23:50:00+08:00'); // occurrence 2 fires; the first is still open and reminded
      await s.at('2026-03-22T00:20:00+08:00'); // both are reminded
      // Sorted: the two chases reminded at the same instant may be queued in either order.
      expect((await s.reminders()).sort()).toEqual([
        `⏰ #${t.id} reminder 1 · @Bob: Mar 20 Fri 23:50 report no. 1`,
        `⏰ #${t.id} reminder 1 · @Bob: Mar 21 Sat 23:50 report no. 2`,
        `⏰ #${t.id} reminder 2 · @Bob: Mar 20 Fri 23:50 report no. 1`,
        `⏰ #${t.id} reminder 3 · @Bob: Mar 20 Fri 23:50 report no. 1`,
      ]);
    });
  });
}

describe('placeholders in chase reminders', () => {
  it('fills the Chinese aliases in a Chinese reminder: "3月20日 周五 日报"', async () => {
    const s = await setup('2026-03-20T12:00:00+08:00');
    const t = await s.create({ cron: '0 18 * * *', content: '{日期} {星期} {时间} 日报 第{次数}次 {{原样}}', chase: { every: '30m' } });
    await s.at('2026-03-20T18:00:00+08:00');
    await s.at('2026-03-21T09:00:00+08:00'); // chased the next morning: still Friday's report
    expect(await s.reminders()).toEqual([`⏰ #${t.id} 第1次催单 · @Bob：3月20日 周五 18:00 日报 第1次 {原样}`]);
  });

  it('fills {status} and {output} from the chased occurrence\'s run of a command', async () => {
    const s = await setup('2026-03-20T12:00:00+08:00', { disk: { argv: [process.execPath, '-e', "console.log('free 42G')"] } });
    const t = await s.create({ cron: '0 18 * * *', action: 'disk', mode: 'message+command', content: 'disk check {status}: {output}', chase: { every: '30m' } });
    await s.at('2026-03-20T18:00:00+08:00');
    await s.at('2026-03-20T18:00:05+08:00'); // the command finishes
    await s.at('2026-03-20T18:30:00+08:00');
    expect(await s.reminders()).toEqual([`⏰ #${t.id} reminder 1 · @Bob: disk check succeeded: free 42G`]);
  });

  it('leaves a reminder without placeholders as it always read', async () => {
    const s = await setup('2026-03-20T12:00:00+08:00');
    const t = await s.create({ cron: '0 18 * * *', content: 'submit {the} report', chase: { every: '30m' } }).catch((e: Error) => e);
    // an unknown placeholder is refused at creation, with the known ones listed
    expect(String(t)).toMatch(/unknown placeholder \{the\}; known: \{date\} \{time\}/);
    const plain = await s.create({ cron: '0 18 * * *', content: 'submit the report', chase: { every: '30m' } });
    await s.at('2026-03-20T18:00:00+08:00');
    await s.at('2026-03-20T18:30:00+08:00');
    expect(await s.reminders()).toEqual([`⏰ #${plain.id} reminder 1 · @Bob: submit the report`]);
  });
});
