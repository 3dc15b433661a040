import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/app/index.ts';
import { chaseReminderText, createRouter, issueButtons, runResultText } from '../../src/chat/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { chatFromRouter, type ChatFn } from '../../src/http/index.ts';
import { chatLineJson } from '../../src/http/chat.ts';
import { noticeHooks } from '../../src/outbox/index.ts';
import * as store from '../../src/store/index.ts';
import { startTestService, waitFor } from '../http/service.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { blocksUnder, tableUnder } from './readme.ts';

// The README's message-template examples (chat lines, the API request, the placeholder table) and
// its configuration file, each run by the real part: the chat box and the engine on a fixed clock,
// real HTTP on loopback, the real config loader.

const TEMPLATES = blocksUnder('Message templates')[0].lines.filter((l) => l.trim());
// 20 March 2026, a Friday, 09:00 UTC: the day the README's table and arrows are written for.
const FRIDAY_0900 = Date.parse('2026-03-20T09:00:00Z');

describe('the README’s template examples in chat, fired on the day they are written for', () => {
  let h: Awaited<ReturnType<typeof engineHarness>>;
  let box: ChatFn;
  beforeEach(async () => {
    h = await engineHarness({ start: '2026-03-19T12:00:00Z', hooks: noticeHooks({ runResult: runResultText, chaseReminder: chaseReminderText, buttons: issueButtons }, () => undefined) });
    // As main.ts wires it: the console's box is the operator's, who owns nothing and is never mentioned.
    box = chatFromRouter(createRouter({ app: h.ctx, isAdmin: () => true, operatorPlatforms: ['web'] }), () => h.clock.now(), { database: h.database });
  });
  afterEach(async () => h?.close());
  const posted = async () => (await store.chatLinesAfter(h.database.db, 'web', 'status-page', 0, 100)).map(chatLineJson).filter((l) => l.kind === 'result');

  /** The README line split at its arrow: what is written, and what is posted ("…" when given). */
  const parts = (line: string) => {
    const [said, shown] = line.split(/\s+→\s+/);
    return { said: said.trim(), shown: shown ? /^"(.*)"$/.exec(shown.trim())?.[1] : undefined };
  };
  const chatLines = TEMPLATES.filter((l) => !l.startsWith('POST '));

  it('finds a Chinese and an English chat example', () => {
    expect(chatLines.some((l) => l.startsWith('@bot 每天'))).toBe(true);
    expect(chatLines.some((l) => l.startsWith('/add every weekday'))).toBe(true);
    expect(chatLines.length).toBe(2);
  });

  // The README said "3月20日 周五 日报": the mention stays in the text as written, so it is posted too.
  it('posts "3月20日 周五 日报 @张三" at 09:00 on Friday 20 March for the Chinese example', async () => {
    const { said, shown } = parts(chatLines.find((l) => l.startsWith('@bot 每天'))!);
    const [reply] = await box(said, 'zh');
    expect(reply.text).toMatch(/^✅ 已创建任务 #1：每天 09:00（UTC） — \{日期\} \{星期\} 日报 @张三$/m);
    await h.at(FRIDAY_0900);
    const [fired] = await posted();
    expect(fired.text.split('\n')[0]).toBe(shown);
  });

  it('posts "week 12 report for Mar 20" at 17:00 on that Friday for the English example', async () => {
    const { said, shown } = parts(chatLines.find((l) => l.startsWith('/add every weekday'))!);
    expect(shown).toBeUndefined();
    const [reply] = await box(said, 'en');
    expect(reply.text).toMatch(/^✅ Task #1 created: every weekday at 17:00 \(UTC\) — week \{week\} report for \{date\}$/m);
    await h.at(Date.parse('2026-03-20T17:00:00Z'));
    const [fired] = await posted();
    expect(fired.text.split('\n')[0]).toBe('week 12 report for Mar 20');
  });

  it('fills each placeholder of the table as its row says, under both names, in both languages', () => {
    const rows = tableUnder('Message templates');
    expect(rows.map((r) => r[0])).toEqual(['`{date}`', '`{time}`', '`{weekday}`', '`{week}`', '`{month}`', '`{run}`', '`{output}`', '`{status}`']);
    const bare = (cell: string) => /`([^`]*)`/.exec(cell)?.[1];
    for (const [en, zh, enValue, zhValue] of rows) {
      const at = { at: FRIDAY_0900, tz: 'UTC', run: 7, output: 'free 42G', status: 'succeeded' };
      // {output} and {status} say what they hold, not one value: filled from the run.
      const wantEn = bare(enValue)?.replace(/^ISO 8601 week number: /, '') ?? null;
      for (const name of [bare(en)!, bare(zh)!]) {
        if (wantEn != null && !['{output}', '{输出}', '{status}', '{状态}'].includes(name)) {
          expect(renderTemplate(name, { ...at, lang: 'en' }), `${name} in English`).toBe(/`([^`]*)`$/.exec(enValue)![1]);
          expect(renderTemplate(name, { ...at, lang: 'zh' }), `${name} in Chinese`).toBe(bare(zhValue));
        }
      }
    }
    expect(renderTemplate('{output}', { at: FRIDAY_0900, tz: 'UTC', run: 7, output: 'free 42G', lang: 'en' })).toBe('free 42G');
    expect(renderTemplate('{状态}', { at: FRIDAY_0900, tz: 'UTC', run: 7, status: '成功', lang: 'zh' })).toBe('成功');
  });
});

describe('the README’s API template example, over real HTTP', { timeout: 60_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    s = await startTestService({ config: { minInterval: '1s', actions: { disk: ['df', '-h'] } } });
  });
  afterAll(async () => s?.close());

  const request = () => {
    const line = TEMPLATES.find((l) => l.startsWith('POST '))!;
    const m = /^POST (\S+) (\{.*\})$/.exec(line);
    expect(m, line).not.toBeNull();
    return { path: m![1], body: JSON.parse(m![2]) as Record<string, unknown> };
  };

  it('creates the task as written, and its run posts "disk succeeded: <df output>" while history keeps the template', async () => {
    const { path: at, body } = request();
    const made = await s.call('POST', at, { body });
    expect(made.status, made.text).toBe(201);
    expect(made.json).toMatchObject({ mode: 'message+command', action: { name: 'disk' }, content: 'disk {status}: {output}' });
    // The same request for the console's chat, where what is posted can be read.
    const inChat = await s.call('POST', at, { body: { ...body, chat: { platform: 'web', chatId: 'status-page' } } });
    expect(inChat.status, inChat.text).toBe(201);
    const run = (await s.call('POST', `/api/tasks/${inChat.json.id}/run`)).json;
    const done = await waitFor(async () => {
      const r = (await s.call('GET', `/api/runs/${run.id}`)).json;
      return r.finishedAt ? r : null;
    }, 15_000, 'the run to finish');
    expect(done).toMatchObject({ status: 'succeeded', message: 'disk {status}: {output}' });
    const line = await waitFor(async () => (await s.call('GET', '/api/chat/messages')).json.messages.find((m: { text: string }) => m.text.startsWith('disk ')), 15_000, 'the message in the chat');
    expect(line.text).toMatch(/^disk succeeded: [\s\S]*Filesystem/);
  });
});

describe('the README’s configuration file, read by the real loader', () => {
  it('loads the example as it is, with every key it shows', () => {
    const [block] = blocksUnder('Configuration').filter((b) => b.info === 'json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-readme-config-'));
    try {
      const file = path.join(dir, 'chatcron.config.json');
      fs.writeFileSync(file, block.lines.join('\n'));
      const cfg = loadConfig({ CHATCRON_CONFIG: file }, dir);
      expect(cfg.actions).toEqual({ disk: ['df', '-h'], backup: { argv: ['/opt/backup.sh'], cwd: '/opt', timeoutMs: 600000 } });
      expect(cfg.admins).toEqual({ telegram: ['123456789'], wecom: ['zhangsan'] });
      expect(cfg.exec).toMatchObject({ env: { LANG: 'C.UTF-8' }, outputLimitBytes: 60000 });
      expect(cfg.retention).toEqual({ maxRuns: 100, maxAgeDays: 30 });
      expect(cfg.limits).toMatchObject({ tasksPerChat: 100, commandsPerUserPerMinute: 20, commandsPerChatPerMinute: 60, maxMessageChars: 4000 });
      expect(cfg.secrets).toEqual(['values-to-mask-in-output']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
