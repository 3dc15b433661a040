import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/service-process.ts';
import { startTestService } from '../http/service.ts';

// A one-off written without an offset is a wall time in the task's zone, in the API as in the
// CLI: "2030-12-20T10:00" with tz Asia/Shanghai is 10:00 in Shanghai (02:00 UTC), not 18:00.

type TestService = Awaited<ReturnType<typeof startTestService>>;

describe('a one-off at a wall time without an offset', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('is that wall time in the task zone in POST /api/tasks', async () => {
    const r = await s.call('POST', '/api/tasks', { body: { name: 'year-end', at: '2030-12-20T10:00', tz: 'Asia/Shanghai', content: 'x' } });
    expect(r.status, r.text).toBe(201);
    expect(r.json.nextRunAt).toBe('2030-12-20T10:00:00+08:00');
    expect(r.json.schedule.anchor).toBe('2030-12-20T02:00:00.000Z');
  });

  it('keeps an explicit offset as written', async () => {
    const r = await s.call('POST', '/api/tasks', { body: { name: 'utc one', at: '2030-12-20T10:00Z', tz: 'Asia/Shanghai', content: 'x' } });
    expect(r.status, r.text).toBe(201);
    expect(r.json.nextRunAt).toBe('2030-12-20T18:00:00+08:00');
  });

  it('refuses a past date in the task zone, in English and in Chinese', async () => {
    const en = await s.call('POST', '/api/tasks', { body: { name: 'late', at: '2020-01-02T10:00', tz: 'Asia/Shanghai', content: 'x' } });
    expect(en.status).toBe(400);
    expect(en.json.error).toBe('at: 2020-01-02 10:00 (Asia/Shanghai) is in the past');
    const zh = await s.call('POST', '/api/tasks', { body: { name: 'late', at: '2020-01-02T10:00', tz: 'Asia/Shanghai', content: 'x' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(400);
    expect(zh.json.error).toBe('时间：2020-01-02 10:00（Asia/Shanghai）已经过去了');
    expect(en.text + zh.text).not.toContain('T02:00:00.000Z');
  });
});

describe('chatcron add --at without an offset', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-at-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'at.db')}` };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the wall time in --tz', async () => {
    const r = await runCli(['add', '--name', 'year-end', '--at', '2030-12-20T10:00', '--tz', 'Asia/Shanghai', '--message', 'x', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.nextRunAt).toBe('2030-12-20T10:00:00+08:00');
  });

  it('refuses a past date in the task zone', async () => {
    const r = await runCli(['add', '--name', 'late', '--at', '2020-01-02T10:00', '--tz', 'Asia/Shanghai', '--message', 'x'], env);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('2020-01-02 10:00 (Asia/Shanghai) is in the past');
  });
});
