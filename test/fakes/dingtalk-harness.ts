import { createDingtalkAdapter, type DingtalkOptions } from '../../adapters/dingtalk/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';
import { DINGTALK_TEST, FakeDingtalkServer } from './dingtalk-server.ts';
import { wireRig, type Rig } from './wecom-harness.ts';

/** The conversationId the harness gives a contract-suite chat. */
export function dingtalkChatIdOf(input: { chatId: string; userId: string; group: boolean }): string {
  return input.group ? `cid${input.chatId.replace(/\D/g, '')}` : `cidp2p${input.userId}`;
}

export type DingtalkRig = Rig<FakeDingtalkServer>;

/** The fake DingTalk, an adapter pointed at it, and an edge serving its route. */
export async function startDingtalkRig(extra: Partial<DingtalkOptions> = {}): Promise<DingtalkRig> {
  const fake = await new FakeDingtalkServer().start();
  const adapter = await createDingtalkAdapter({ appKey: DINGTALK_TEST.appKey, appSecret: DINGTALK_TEST.appSecret, apiBase: fake.url, timeoutMs: 2_000, ...extra });
  return wireRig(fake, adapter);
}

/**
 * The DingTalk harness: signed robot callbacks. DingTalk calls the robot only for group
 * messages that @-mention it, so a group message always arrives, addressed to the robot.
 */
const dingtalkHarness: HarnessFactory = async () => {
  const rig = await startDingtalkRig();
  return {
    platform: 'dingtalk',
    adapter: rig.adapter,
    received: rig.received,
    async deliver(input) {
      const before = rig.received.length;
      const cb = rig.fake.callback({ chatId: dingtalkChatIdOf(input), group: input.group, from: { id: input.userId, name: input.userName }, text: input.text });
      const res = await FakeDingtalkServer.deliver(`${rig.edge.url}/dingtalk/callback`, cb);
      if (res.status !== 200) throw new Error(`the callback answered ${res.status} ${await res.text()}`);
      if (rig.received.length === before) throw new Error('the adapter did not hand the message on');
    },
    async sent(chatId) {
      return rig.fake.sentTo(chatId).map((p) => ({ text: p.text, mentionIds: p.mentionIds }));
    },
    close: () => rig.close(),
  };
};
export default dingtalkHarness;
