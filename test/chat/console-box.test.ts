import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../http/service.ts';

// The console's chat box on a running service: an operator's tool, with the operator's limits
// and the configured zone, not a group member's 20 commands a minute and UTC.

type TestService = Awaited<ReturnType<typeof startTestService>>;

describe('the console chat box', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ config: { tz: 'Asia/Shanghai' } });
  });
  afterAll(async () => {
    await s?.close();
  });

  const say = async (text: string, lang: 'en' | 'zh' = 'en') => {
    const r = await s.call('POST', '/api/chat', { body: { text, lang } });
    expect(r.status, r.text).toBe(200);
    return (r.json.replies as { text: string }[]).map((x) => x.text).join('\n');
  };

  it('answers 30 commands in a minute: the operator is not held to a group member\'s 20', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 30; i++) replies.push(await say(i % 2 ? '/list' : '/列表'));
    expect(replies.filter((r) => /Too many|太频繁/.test(r))).toEqual([]);
    expect(replies.every((r) => r.length > 0)).toBe(true);
  });

  it('reads schedules in the configured zone, and /show gives the creation time with its zone, in both languages', async () => {
    const made = await say('every day at 9:00 standup');
    expect(made).toContain('every day at 09:00 (Asia/Shanghai)');
    const id = Number(/#(\d+)/.exec(made)![1]);
    expect(await say(`/show ${id}`)).toMatch(/^Created: \w{3} \d{1,2} \w{3} \d{2}:\d{2}(:\d{2})? \(Asia\/Shanghai\)$/m);
    expect(await say(`/详情 ${id}`)).toMatch(/^创建于：\d{1,2}月\d{1,2}日 周. \d{2}:\d{2}(:\d{2})?（Asia\/Shanghai）$/m);
  });
});

describe('the console chat box behind the configured apiToken', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ config: { apiToken: 'api-token-0123456789abcdef0123', apiTokens: [] } });
  });
  afterAll(async () => {
    await s?.close();
  });

  const say = async (text: string, lang: 'en' | 'zh' = 'en') => {
    const r = await s.call('POST', '/api/chat', { body: { text, lang }, token: 'api-token-0123456789abcdef0123' });
    expect(r.status, r.text).toBe(200);
    return (r.json.replies as { text: string }[]).map((x) => x.text).join('\n');
  };

  it('makes a task with no one mentioned ownerless: the operator is never @-mentioned, in English or Chinese', async () => {
    for (const text of ['/add every day at 9:00 standup chase every 15m', '/添加 每天9点 站会 催单30分钟']) {
      const reply = await say(text);
      expect(reply).not.toMatch(/@apiToken|@operator|@console/);
      const id = Number(/#(\d+)/.exec(reply)![1]);
      const t = (await s.call('GET', `/api/tasks/${id}`, { token: 'api-token-0123456789abcdef0123' })).json;
      expect(t.owner).toBeNull();
    }
  });

  it('names the operator "console" when it closes an occurrence, never "apiToken"', async () => {
    const reply = await say('/add every day at 9:00 file the report chase every 15m');
    const id = Number(/#(\d+)/.exec(reply)![1]);
    const now = Date.now();
    const { openChase } = await import('../../src/store/index.ts');
    await openChase(s.svc.database.db, { taskId: id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
    expect(await say(`/done ${id}`)).toMatch(new RegExp(`^✅ #${id} closed by console after`));
  });
});
