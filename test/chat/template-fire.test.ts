import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'template-webhook-secret_7';
const API_TOKEN = 'test-token-0123456789abcdef';
const GROUP = -1001;
const ADMIN = { id: 42, first_name: 'Alice', username: 'alice' };

// The expected values come from Intl, not from the renderer under test.
const zhDate = (ms: number, tz: string) => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('month')}月${part('day')}日`;
};
const zhWeekday = (ms: number, tz: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: tz, weekday: 'short' }).format(ms);
const hhmm = (ms: number, tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('a fired task posts its message with the placeholders filled', () => {
  let fake: FakeTelegramServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  let updateId = 0;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    h = await startTestService(
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET },
      { admins: { telegram: [String(ADMIN.id)] }, actions: { disk: [process.execPath, '-e', "console.log('free 42G')"] } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  async function say(text: string): Promise<void> {
    const res = await fetch(`${h.svc.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(textUpdate({ updateId: ++updateId, messageId: updateId, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, text })),
    });
    expect(res.status).toBe(200);
  }
  const sent = () => fake.deliveredTo(String(GROUP)).map((m) => m.text);
  const runsOf = async (id: number) => (await store.listRuns(h.svc.database.db, id, 100)).filter((r) => r.status === 'succeeded').sort((a, b) => a.scheduledFor - b.scheduledFor);

  it('fills date, weekday, time and the occurrence number in the chat zone and in Chinese', async () => {
    await say('/时区 Asia/Shanghai');
    await waitFor(async () => sent().some((t) => t.includes('Asia/Shanghai')), 15_000, 'the timezone reply');
    await say('/添加 每隔2秒 {日期} {星期} {时间} 第{次数}次 日报 {{原样}}');
    await waitFor(async () => sent().filter((t) => t.includes('日报 {原样}')).length >= 2, 15_000, 'two fires');
    await say('/暂停 1');
    const posts = sent().filter((t) => t.includes('日报 {原样}'));
    const runs = await runsOf(1);
    for (const [i, text] of posts.slice(0, 2).entries()) {
      const at = runs[i].scheduledFor;
      // Telegram shows the owner's mention by name (a text_mention entity).
      expect(text).toBe(`Alice ${zhDate(at, 'Asia/Shanghai')} ${zhWeekday(at, 'Asia/Shanghai')} ${hhmm(at, 'Asia/Shanghai')} 第${i + 1}次 日报 {原样}`);
    }
  });

  it('fills a command result: status and output in the message of a message-and-command task', async () => {
    const res = await fetch(`${h.svc.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ every: '2s', mode: 'message+command', action: 'disk', content: 'disk check {status}: {output} (run {run}, {weekday})', chat: { platform: 'telegram', chatId: String(GROUP) } }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await waitFor(async () => sent().some((t) => t.includes('disk check')), 15_000, 'the command result');
    await fetch(`${h.svc.url}/api/tasks/${id}/pause`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}` } });
    const post = sent().find((t) => t.includes('disk check'))!;
    const run = (await runsOf(id))[0];
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(run.scheduledFor);
    // An English task in a chat set to Shanghai: English words, the chat's zone.
    expect(post.split('\n')[0]).toBe(`disk check succeeded: free 42G (run 1, ${weekday})`);
  });
});
