import { createFeishuAdapter, type FeishuOptions } from '../../adapters/feishu/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';
import { FakeFeishuServer, FEISHU_TEST } from './feishu-server.ts';
import { wireRig, type Rig } from './wecom-harness.ts';

/** The Feishu chat_id the harness gives a contract-suite chat: a group's, or the p2p chat with the user. */
export function feishuChatIdOf(input: { chatId: string; userId: string; group: boolean }): string {
  return input.group ? `oc_${input.chatId.replace(/\D/g, '')}` : `oc_p2p_${input.userId}`;
}

export type FeishuRig = Rig<FakeFeishuServer>;

/** The fake Open API, a Feishu adapter pointed at it (Encrypt Key on), and an edge serving its route. */
export async function startFeishuRig(extra: Partial<FeishuOptions> = {}): Promise<FeishuRig> {
  const fake = await new FakeFeishuServer().start();
  const adapter = await createFeishuAdapter({ ...FEISHU_TEST, apiBase: fake.url, timeoutMs: 2_000, ...extra });
  return wireRig(fake, adapter);
}

/**
 * The Feishu harness: encrypted, signed im.message.receive_v1 events. A mentioned group
 * message carries the bot as @_user_1; an unmentioned one is delivered too (as with the
 * permission to read all group messages) and is not addressed to the bot.
 */
const feishuHarness: HarnessFactory = async () => {
  const rig = await startFeishuRig();
  return {
    platform: 'feishu',
    adapter: rig.adapter,
    received: rig.received,
    async deliver(input) {
      const before = rig.received.length;
      rig.fake.users.set(input.userId, input.userName);
      const mention = input.group && input.mentionBot;
      const event = rig.fake.messageEvent({
        chatId: feishuChatIdOf(input),
        chatType: input.group ? 'group' : 'p2p',
        from: input.userId,
        text: mention ? `@chatcron ${input.text}` : input.text,
        mentions: mention ? [{ id: FEISHU_TEST.botOpenId, name: 'chatcron' }] : [],
      });
      const res = await FakeFeishuServer.deliver(`${rig.edge.url}/feishu/events`, event);
      if (res.status !== 200) throw new Error(`the events route answered ${res.status} ${await res.text()}`);
      if (rig.received.length === before) throw new Error('the adapter did not hand the message on');
    },
    async sent(chatId) {
      return rig.fake.sentTo(chatId).map((p) => ({ text: p.text, mentionIds: p.mentionIds }));
    },
    close: () => rig.close(),
  };
};
export default feishuHarness;
