import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, type ChatMessage } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { SOURCE_CLI } from '../support/service-process.ts';
import { startTestService } from '../support/service.ts';

const TOKEN = 'test-token-0123456789abcdef';

describe('an unknown placeholder is refused where a task is created or edited', () => {
  describe('through the REST API', () => {
    let h: Awaited<ReturnType<typeof startTestService>>;
    beforeAll(async () => {
      h = await startTestService({});
    });
    afterAll(async () => h?.close());

    const call = (method: string, p: string, body: unknown, lang = 'en') =>
      fetch(`${h.svc.url}${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

    it('answers 400 naming the placeholder and listing the known ones, in the reader language', async () => {
      const en = await call('POST', '/api/tasks', { every: '1h', content: '{date} {datum} report' });
      expect(en.status).toBe(400);
      expect(en.json).toMatchObject({ code: 'unknown_placeholder', field: 'content' });
      expect(en.json.error).toBe('content: unknown placeholder {datum}; known: {date} {time} {weekday} {week} {month} {run} {output} {status} (write {{ and }} for literal braces)');
      const zh = await call('POST', '/api/tasks', { every: '1h', content: '{日子} 日报' }, 'zh-CN');
      expect(zh.status).toBe(400);
      expect(zh.json.error).toContain('未知的占位符 {日子}；可用：{日期} {时间} {星期} {周} {月} {次数} {输出} {状态}');
      expect(await store.listTasks(h.svc.database.db, {})).toHaveLength(0);
    });

    it('creates a task whose placeholders are known, and refuses an edit that adds an unknown one', async () => {
      const ok = await call('POST', '/api/tasks', { every: '1h', content: '{日期} {星期} 日报 {{literal}}' });
      expect(ok.status).toBe(201);
      const bad = await call('PATCH', `/api/tasks/${ok.json.id}`, { content: 'report {when}' });
      expect(bad.status).toBe(400);
      expect(bad.json.code).toBe('unknown_placeholder');
      expect((await store.findTask(h.svc.database.db, ok.json.id))!.content).toBe('{日期} {星期} 日报 {{literal}}');
    });
  });

  describe('from chat', () => {
    let h: Awaited<ReturnType<typeof engineHarness>>;
    let route: ReturnType<typeof createRouter>;
    let seq = 0;
    beforeAll(async () => {
      h = await engineHarness({ start: '2027-03-19T08:00:00Z' });
      route = createRouter({ app: h.ctx, isAdmin: () => false, botNames: ['cronbot'], onBug: (e) => { throw e; } });
    });
    afterAll(async () => h?.close());

    const say = async (text: string) => {
      const msg: ChatMessage = { platform: 'tg', chatId: 'c1', chatType: 'group', messageId: `m${++seq}`, userId: 'u1', userName: 'Alice', text, mentions: [], addressedToBot: false, receivedAt: h.clock.now() };
      const replies = await route(msg);
      expect(replies).toHaveLength(1);
      return replies[0].text;
    };

    it('refuses /add with an unknown placeholder in the writer language, and creates nothing', async () => {
      expect(await say('/添加 每天早上9点 {日子} 日报')).toContain('未知的占位符 {日子}；可用：{日期} {时间} {星期} {周} {月} {次数} {输出} {状态}');
      expect(await say('/add every day at 9am {today} standup')).toContain('unknown placeholder {today}; known: {date} {time}');
      expect(await store.listTasks(h.database.db, {})).toHaveLength(0);
    });

    it('creates a task with known placeholders and refuses /edit to an unknown one', async () => {
      expect(await say('/添加 每天早上9点 {日期} {星期} 日报')).toContain('#1');
      expect((await store.findTask(h.database.db, 1))!.content).toBe('{日期} {星期} 日报');
      expect(await say('/edit 1 every day at 10am {nope} report')).toContain('unknown placeholder {nope}');
      expect((await store.findTask(h.database.db, 1))!.content).toBe('{日期} {星期} 日报');
    });
  });

  describe('from the CLI', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-tpl-cli-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('exits 1 with the reason and adds nothing', () => {
      const env = { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}` };
      const cli = (...args: string[]) => spawnSync(process.execPath, [...SOURCE_CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
      const bad = cli('add', '--every', '1h', '--message', 'backup {dat}');
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('unknown placeholder {dat}; known: {date}');
      const list = cli('list', '--json');
      expect(list.status, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([]);
    });
  });
});
