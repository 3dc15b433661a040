import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../http/service.ts';

// The same text is accepted, or refused with a clear message, in the chat box and in
// POST /api/tasks alike: a 1,500-character task was taken in chat and refused by the API, and a
// long name is refused with its limit, never cut short without a word.

type TestService = Awaited<ReturnType<typeof startTestService>>;

describe('long task texts and names, in chat and in the API', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(async () => {
    await s?.close();
  });

  const chat = async (text: string, lang: 'en' | 'zh') => ((await s.call('POST', '/api/chat', { body: { text, lang } })).json.replies as { text: string }[]).map((r) => r.text).join('\n');
  const api = (body: unknown, lang: 'en' | 'zh') => s.call('POST', '/api/tasks', { body, headers: { 'accept-language': lang } });

  it('accepts a task text just under the schedule reader\'s 1,000 characters in both, keeping all of it', async () => {
    const text = `every day at 9:00 ${'report '.repeat(140)}`.trim();
    expect(text.length).toBeLessThan(1000);
    const r = await api({ text }, 'en');
    expect(r.status, r.text).toBe(201);
    expect(r.json.content.length).toBe(text.length - 'every day at 9:00 '.length);
    expect(await chat(text, 'en')).toMatch(/^✅ Task #\d+ created/);
  });

  it('refuses a 1,500-character text in both, naming the 1,000-character limit, in English and in Chinese', async () => {
    const en = `every day at 9:00 ${'report '.repeat(214)}`.trim();
    expect(await chat(en, 'en')).toContain('at most 1000 characters');
    expect((await api({ text: en }, 'en')).json.error).toBe('text: at most 1000 characters');
    const zh = `每天9点 ${'提交日报'.repeat(375)}`;
    expect(await chat(zh, 'zh')).toContain('最多 1000 个字符');
    expect((await api({ text: zh }, 'zh')).json.error).toBe('文本：最多 1000 个字符');
  });

  it('refuses a 5,000-character text in both, saying the limit', async () => {
    const en = `every day at 9:00 ${'x'.repeat(5000)}`;
    const box = await s.call('POST', '/api/chat', { body: { text: en, lang: 'en' } });
    expect(box.status).toBe(400);
    expect(box.json.error).toBe('text: at most 4000 characters');
    expect((await api({ text: en }, 'en')).json.error).toBe('text: at most 1000 characters');
    const zh = `每天9点 ${'字'.repeat(5000)}`;
    expect((await s.call('POST', '/api/chat', { body: { text: zh, lang: 'zh' }, headers: { 'accept-language': 'zh' } })).json.error).toBe('文本：最多 4000 个字符');
    expect((await api({ text: zh }, 'zh')).json.error).toBe('文本：最多 1000 个字符');
  });

  it('refuses a 5,000-character name with its limit instead of cutting it', async () => {
    const name = 'n'.repeat(5000);
    const en = await api({ name, every: '1h', content: 'x' }, 'en');
    expect(en.status).toBe(400);
    expect(en.json.error).toBe('name: at most 200 characters');
    expect((await api({ name, every: '1h', content: 'x' }, 'zh')).json.error).toBe('名称：最多 200 个字符');
    expect((await s.call('GET', '/api/tasks?text=nnnnnnnnnn')).json.tasks).toEqual([]);
  });
});
