import { describe, expect, it } from 'vitest';
import type { HarnessFactory } from '../../chat/adapter-harness.ts';
import wecomHarness, { wecomBotHarness } from '../../fakes/wecom-harness.ts';

const cases: [string, HarnessFactory, boolean][] = [
  ['wecom', wecomHarness, false],
  ['wecom-bot', wecomBotHarness, true],
];

describe.each(cases)('the %s harness', (platform, factory, group) => {
  it('delivers a message over loopback and sees the reply with its mentions', async () => {
    const h = await factory();
    try {
      expect(h.platform).toBe(platform);
      await h.deliver({ chatId: 'wrTeam', userId: 'alice', userName: 'Alice', text: '/list', mentionBot: true, group });
      expect(h.received).toHaveLength(1);
      const msg = h.received[0];
      expect(msg).toMatchObject({ platform, userId: 'alice', text: '/list', addressedToBot: true });
      await h.adapter.send(msg.chatId, { text: 'no tasks', mentions: [{ id: 'alice', name: 'Alice' }] });
      expect(await h.sent(msg.chatId)).toEqual([{ text: 'no tasks\n<@alice>', mentionIds: ['alice'] }]);
      expect(await h.sent('user:someone-else')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
