import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR, type TaskInput } from '../../src/app/index.ts';
import { chaseReminderText, doneText, runResultText, taskIdIn, taskLang } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;

const node = process.execPath;
const CHAT = { platform: 'tg', chatId: 'chat-1' };
const ALICE = { id: 'u-alice', name: 'Alice' };

beforeEach(async () => {
  h = await engineHarness({
    start: '2026-11-28T08:00:00Z',
    actions: {
      many: { argv: [node, '-e', 'for (let i = 1; i <= 30; i++) console.log("line " + i)'] },
      broken: { argv: [node, '-e', 'console.log("disk full"); process.exit(3)'] },
      huge: { argv: [node, '-e', 'console.log("x".repeat(5000))'] },
    },
  });
});
afterEach(async () => h?.close());

async function newTask(input: Partial<TaskInput>) {
  return app.createTask(h.ctx, OPERATOR, { cron: '0 9 * * *', tz: 'Asia/Shanghai', chat: CHAT, owner: ALICE, content: 'submit the daily report', ...input });
}

/** Fires the task's first slot (09:00 Shanghai = 01:00 UTC the next day) and returns its run. */
async function fire(taskId: number) {
  await h.at('2026-11-29T01:00:00Z');
  const [run] = await store.listRuns(h.database.db, taskId, 1);
  return run;
}

describe('chase reminders', () => {
  it('mentions the owner, carries the task marker and content, and says how to close it', async () => {
    const t = await newTask({ chase: { every: '15m' } });
    const out = chaseReminderText(t, 2, 'en');
    expect(out.text).toBe(`⏰ #${t.id} reminder 2 · @Alice: submit the daily report\nReply "done" or send /done ${t.id} when it is finished.`);
    expect(out.mentions).toEqual([ALICE]);
    expect(taskIdIn(out.text)).toBe(t.id);
  });

  it('speaks Chinese with /结单 in the closing hint', async () => {
    const t = await newTask({ content: '提交日报', owner: { id: 'u-z', name: '张三' }, chase: { every: '30m' } });
    const out = chaseReminderText(t, 1, 'zh');
    expect(out.text).toBe(`⏰ #${t.id} 第1次催单 · @张三：提交日报\n完成后请回复“完成”或发送 /结单 ${t.id}`);
    expect(out).toMatchObject({ lang: 'zh', mentions: [{ id: 'u-z', name: '张三' }] });
  });

  it('picks the language of the task text for messages nobody asked for', async () => {
    expect(taskLang(await newTask({ content: '提交日报' }))).toBe('zh');
    expect(taskLang(await newTask({}))).toBe('en');
  });

  it('mentions nobody when the task has no owner', async () => {
    const t = await newTask({ owner: null });
    const out = chaseReminderText(t, 1, 'en');
    expect(out.mentions).toBeUndefined();
    expect(out.text).not.toContain('@');
  });

  it('finds the first task marker even when the content holds another "#"', async () => {
    const t = await newTask({ content: 'close ticket #999' });
    expect(taskIdIn(chaseReminderText(t, 1, 'en').text)).toBe(t.id);
    expect(taskIdIn('no marker here')).toBeNull();
    expect(taskIdIn(undefined)).toBeNull();
  });
});

describe('done messages', () => {
  it('says who closed the occurrence and after how long, in both languages', async () => {
    const t = await newTask({ chase: { every: '15m' } });
    const ch = (await store.openChase(h.database.db, { taskId: t.id, runId: null, scheduledFor: h.clock.now(), openedAt: h.clock.now(), nextChaseAt: null }))!;
    await store.advanceChase(h.database.db, ch.id, 1, null);
    h.clock.set(h.clock.now() + 12 * 60_000);
    const actor = { kind: 'chat' as const, id: 'u-bob', name: 'Bob', chat: CHAT, admin: false, lang: 'en' as const };
    const result = await app.closeChase(h.ctx, actor, t.id);
    expect(doneText(result, 'en').text).toBe(`✅ #${t.id} closed by Bob after 12 min (1 reminder) — submit the daily report`);
    expect(doneText(result, 'zh').text).toBe(`✅ #${t.id} 已由 Bob 结单，用时 12分钟（催了 1 次）：submit the daily report`);
  });
});

describe('run results', () => {
  it('posts a message task as its content with the owner mentioned', async () => {
    const t = await newTask({});
    const run = await fire(t.id);
    const out = runResultText(t, run, 'en');
    expect(out).toMatchObject({ text: '@Alice submit the daily report', mentions: [ALICE] });
  });

  it('adds the task marker and the closing hint to a message task that chases', async () => {
    const t = await newTask({ chase: { every: '15m' } });
    const out = runResultText(t, await fire(t.id), 'zh');
    expect(out.text).toBe(`@Alice submit the daily report\n#${t.id} · 完成后请回复“完成”`);
    expect(taskIdIn(out.text)).toBe(t.id);
  });

  it('reports a command success with the scheduled time in the task zone, exit code, duration and the last 20 lines', async () => {
    const t = await newTask({ mode: 'command', action: 'many', content: '' });
    const run = await fire(t.id);
    const out = runResultText(t, run, 'en');
    const lines = out.text.split('\n');
    expect(lines[0]).toBe(`✅ #${t.id} many succeeded`);
    expect(lines[1]).toBe('Scheduled: Sun 29 Nov 09:00 (Asia/Shanghai)');
    expect(lines[2]).toMatch(/^exit code 0 · took \d+(\.\d)? s$/);
    expect(lines[3]).toBe('Output:');
    expect(lines[4]).toBe('…');
    expect(lines.slice(5)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    expect(out.mentions).toBeUndefined();
  });

  it('reports a command failure with its exit code and mentions the owner', async () => {
    const t = await newTask({ mode: 'command', action: 'broken', content: '' });
    const run = await fire(t.id);
    expect(run.status).toBe('failed');
    const out = runResultText(t, run, 'zh');
    expect(out.text.split('\n')[0]).toBe(`❌ #${t.id} broken 失败 · @Alice`);
    expect(out.text).toContain('退出码 3');
    expect(out.text).toContain('输出：\ndisk full');
    expect(out.mentions).toEqual([ALICE]);
  });

  it('keeps the output tail within 1,500 characters', async () => {
    const t = await newTask({ mode: 'command', action: 'huge', content: '' });
    const out = runResultText(t, await fire(t.id), 'en');
    const tail = out.text.split('Output:\n')[1];
    expect(tail.length).toBeLessThanOrEqual(1500);
    expect(tail.startsWith('…x')).toBe(true);
  });

  it('puts the content first for a message-and-command task and marks a manual run', async () => {
    const t = await newTask({ mode: 'message+command', action: 'many', content: 'nightly numbers' });
    const queued = await app.runTaskNow(h.ctx, OPERATOR, t.id);
    await h.at(h.clock.now());
    const run = (await store.findRun(h.database.db, queued.id))!;
    const out = runResultText(t, run, 'en');
    expect(out.text.split('\n').slice(0, 3)).toEqual([`@Alice nightly numbers`, `✅ #${t.id} many succeeded`, 'Scheduled: Sat 28 Nov 16:00 (Asia/Shanghai) (run now)']);
    expect(out.mentions).toEqual([ALICE]);
  });
});
