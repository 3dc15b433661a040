import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import type { Task } from '../../src/domain/index.ts';
import { chatFromRouter, type ChatFn } from '../../src/http/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

// Every example of the README's chat section is run here, through the console's chat box and
// through the router as a Telegram group message, and the reading is checked: a README example
// that stops working, or a new one without an expected reading, fails the suite.

const README = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The lines of the first code block of "## From the group chat", each without its "(…)" remark. */
function chatExamples(): string[] {
  const section = README.split(/^## /m).find((s) => s.startsWith('From the group chat'));
  if (!section) throw new Error('README has no "From the group chat" section');
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s{2,}\(.*\)\s*$/, '').trim())
    .filter(Boolean);
}

interface Reading {
  lang: 'en' | 'zh';
  reply: RegExp[];
  task: (t: Task) => void;
}

// What each README example must do. The bot's mention ("@bot") is never the owner.
const EXPECTED: Record<string, Reading> = {
  '/add every weekday at 9:30 post the standup notes @alice chase every 15m': {
    lang: 'en',
    reply: [/^✅ Task #\d+ created: every weekday at 09:30 \(UTC\) — post the standup notes @alice$/m, /^Chase: @alice every 15 min, until done$/m, /^Next: Mon 30 Nov 09:30, Tue 1 Dec 09:30, Wed 2 Dec 09:30$/m],
    task: (t) => {
      expect(t.schedule).toMatchObject({ kind: 'cron', expr: '30 9 * * 1-5' });
      expect(t).toMatchObject({ content: 'post the standup notes @alice', owner: { name: 'alice' }, mode: 'message', chase: { everyMs: 900_000, maxCount: null } });
    },
  },
  '@bot 每天17:30 提交日报 @张三 催单30分钟 最多4次': {
    lang: 'zh',
    reply: [/^✅ 已创建任务 #\d+：每天 17:30（UTC） — 提交日报 @张三$/m, /^催单：@张三 每 30分钟，最多 4 次，直到结单$/m],
    task: (t) => {
      expect(t.schedule).toMatchObject({ kind: 'cron', expr: '30 17 * * *' });
      expect(t).toMatchObject({ content: '提交日报 @张三', owner: { name: '张三' }, chase: { everyMs: 1_800_000, maxCount: 4 } });
    },
  },
  '/add every day at 2am run backup': {
    lang: 'en',
    reply: [/^✅ Task #\d+ created: every day at 02:00 \(UTC\) — run backup$/m, /^Action: command backup$/m],
    task: (t) => {
      expect(t.schedule).toMatchObject({ kind: 'cron', expr: '0 2 * * *' });
      expect(t).toMatchObject({ mode: 'command', action: { name: 'backup' } });
    },
  },
};

// The issue's own example, in the README's form: the task goes to 张三, not to the bot.
const ISSUE_EXAMPLE = '@bot 每周五16:00 提交周报 @张三 催单30分钟 最多4次';

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let box: ChatFn;
let seq = 0;

beforeEach(async () => {
  h = await engineHarness({ start: '2026-11-28T08:00:00Z', actions: { backup: { argv: [process.execPath, '-e', ''] } } });
  route = createRouter({ app: h.ctx, isAdmin: (platform, id) => platform === 'web' || id === 'u-root', botNames: ['cronbot'] });
  box = chatFromRouter(route, () => h.clock.now(), { database: h.database });
});
afterEach(async () => h?.close());

async function lastTask(): Promise<Task> {
  const all = await store.listTasks(h.database.db, {});
  return all[all.length - 1];
}

/** The README line as a Telegram group member writes it: "@bot" is the bot's @username there. */
function telegram(line: string): ChatMessage {
  const text = line.replace(/^@bot\s+/, '');
  const mentions = [...line.matchAll(/@([^\s@]+)/g)].map((m) => m[1]).filter((n) => n !== 'bot').map((n) => ({ id: `tg-${n}`, name: n }));
  return { platform: 'tg', chatId: 'group-1', chatType: 'group', messageId: `m${++seq}`, userId: 'u-root', userName: 'Root', text, mentions, addressedToBot: line.startsWith('@bot'), receivedAt: h.clock.now() };
}

describe('the README chat examples', () => {
  const examples = chatExamples();

  it('are found, and each has an expected reading', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const e of examples) expect(Object.keys(EXPECTED), `README example without an expected reading: ${e}`).toContain(e);
    expect(examples.map((e) => EXPECTED[e]?.lang)).toEqual(expect.arrayContaining(['en', 'zh']));
  });

  for (const e of examples) {
    it(`reads "${e}" in the chat box`, async () => {
      const want = EXPECTED[e];
      const [reply] = await box(e, want.lang);
      for (const re of want.reply) expect(reply.text).toMatch(re);
      want.task(await lastTask());
    });

    it(`reads "${e}" as a Telegram group message`, async () => {
      const want = EXPECTED[e];
      const [reply] = await route(telegram(e));
      for (const re of want.reply) expect(reply.text).toMatch(re);
      expect(reply.lang).toBe(want.lang);
      want.task(await lastTask());
    });
  }

  it('gives the issue\'s example to 张三 in the chat box, never to the bot', async () => {
    const [reply] = await box(ISSUE_EXAMPLE, 'zh');
    expect(reply.text).toMatch(/^✅ 已创建任务 #1：每周五 16:00（UTC） — 提交周报 @张三$/m);
    expect(reply.text).toMatch(/^催单：@张三 每 30分钟，最多 4 次，直到结单$/m);
    expect(await lastTask()).toMatchObject({ owner: { id: '张三', name: '张三' }, content: '提交周报 @张三' });
  });

  it('gives an English task with "@bot" to the person mentioned, never to the bot', async () => {
    const [reply] = await box('@bot every friday at 16:00 submit the weekly report @alice chase every 30m at most 4 times', 'en');
    expect(reply.text).toMatch(/^Chase: @alice every 30 min, at most 4 times, until done$/m);
    expect(await lastTask()).toMatchObject({ owner: { id: 'alice', name: 'alice' }, content: 'submit the weekly report @alice' });
  });

  it('closes a reminder with the table\'s "done", "完成" and "收到", and sets the zone with /tz Asia/Shanghai', async () => {
    for (const word of ['done', '完成', '收到']) {
      const [made] = await box('/add every day at 17:30 submit the daily report chase every 15m', 'en');
      const id = Number(/#(\d+)/.exec(made.text)![1]);
      const now = h.clock.now();
      await store.openChase(h.database.db, { taskId: id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
      const [closed] = await box(word, 'en');
      expect(closed.text).toMatch(new RegExp(word === 'done' ? `^✅ #${id} closed by ` : `^✅ #${id} 已由 .+ 结单`));
    }
    expect((await box('/tz Asia/Shanghai', 'en'))[0].text).toContain('now Asia/Shanghai');
  });
});
