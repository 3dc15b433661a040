import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, runResultText, type ChatMessage, type Outgoing } from '../../src/chat/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

// An @mention is both the owner and part of the task text: "remind @alice to verify the hotfix"
// keeps "@alice" (it was cut to "remind to verify the hotfix"). The bot's own mention is neither.

type H = Awaited<ReturnType<typeof engineHarness>>;
let h: H;
let route: (msg: ChatMessage) => Promise<Outgoing[]>;
let seq = 0;

beforeEach(async () => {
  h = await engineHarness({ start: '2026-11-28T08:00:00Z' });
  route = createRouter({ app: h.ctx, isAdmin: () => false, botNames: ['cronbot'] });
});
afterEach(async () => h?.close());

async function say(text: string, mentions: { id: string; name: string }[]): Promise<string> {
  const replies = await route({ platform: 'tg', chatId: 'chat-1', chatType: 'group', messageId: `m${++seq}`, userId: 'u-bob', userName: 'Bob', text, mentions, addressedToBot: true, receivedAt: h.clock.now() });
  expect(replies).toHaveLength(1);
  return replies[0].text;
}

describe('mentions in the task text', () => {
  it('keeps "@alice" in the English text and makes her the owner', async () => {
    const reply = await say('every day at 9:00 remind @alice to verify the hotfix', [{ id: 'u-alice', name: 'alice' }]);
    expect(reply).toContain('— remind @alice to verify the hotfix');
    const t = (await store.findTask(h.database.db, 1))!;
    expect(t).toMatchObject({ content: 'remind @alice to verify the hotfix', owner: { id: 'u-alice', name: 'alice' } });
  });

  it('keeps "@李四" in the Chinese text and makes 李四 the owner', async () => {
    const reply = await say('每天早上9点 提醒 @李四 检查备份', [{ id: 'u-li', name: '李四' }]);
    expect(reply).toContain('— 提醒 @李四 检查备份');
    const t = (await store.findTask(h.database.db, 1))!;
    expect(t).toMatchObject({ content: '提醒 @李四 检查备份', owner: { id: 'u-li', name: '李四' } });
  });

  it('keeps a mention written before the schedule apart from the words after it', async () => {
    await say('@张三 每天9点 检查备份', [{ id: 'u-z', name: '张三' }]);
    expect((await store.findTask(h.database.db, 1))!.content).toBe('@张三 检查备份');
  });

  it('cuts the bot\'s own mention out of the text and never makes it the owner', async () => {
    await say('every day at 9:00 remind @alice to verify the hotfix @cronbot', [{ id: 'bot', name: 'cronbot' }, { id: 'u-alice', name: 'alice' }]);
    const t = (await store.findTask(h.database.db, 1))!;
    expect(t).toMatchObject({ content: 'remind @alice to verify the hotfix', owner: { id: 'u-alice', name: 'alice' } });
  });

  it('posts the text once, without a second "@alice" in front of it', async () => {
    await say('every day at 9:00 remind @alice to verify the hotfix', [{ id: 'u-alice', name: 'alice' }]);
    const t = (await store.findTask(h.database.db, 1))!;
    const out = runResultText(t, { status: 'succeeded', trigger: 'schedule', message: null } as never, 'en');
    expect(out.text).toBe('remind @alice to verify the hotfix');
    expect(out.mentions).toEqual([{ id: 'u-alice', name: 'alice' }]);
  });
});
