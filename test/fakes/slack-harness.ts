import { createSlackAdapter, type SlackOptions } from '../../adapters/slack/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';
import { FakeSlackServer, SLACK_TEST } from './slack-server.ts';
import { wireRig, type Rig } from './wecom-harness.ts';

/** The Slack channel id the harness gives a contract-suite chat: C… for groups, D… for a DM. */
export function slackChatIdOf(input: { chatId: string; userId: string; group: boolean }): string {
  return input.group ? `C${input.chatId.replace(/\D/g, '')}` : `D${input.userId}`;
}

export type SlackRig = Rig<FakeSlackServer>;

/** The fake Web API, a Slack adapter pointed at it, and an edge serving the adapter's routes. */
export async function startSlackRig(extra: Partial<SlackOptions> = {}): Promise<SlackRig> {
  const fake = await new FakeSlackServer().start();
  const adapter = await createSlackAdapter({ botToken: SLACK_TEST.botToken, signingSecret: SLACK_TEST.signingSecret, apiBase: fake.apiBase, timeoutMs: 2_000, ...extra });
  return wireRig(fake, adapter);
}

/**
 * The Slack harness: a mentioned group message arrives as `app_mention`, other group messages
 * as `message` in a channel, private ones as `message` in a DM (channel_type im).
 */
const slackHarness: HarnessFactory = async () => {
  const rig = await startSlackRig();
  return {
    platform: 'slack',
    adapter: rig.adapter,
    received: rig.received,
    async deliver(input) {
      const before = rig.received.length;
      const channel = slackChatIdOf(input);
      rig.fake.users.set(input.userId, input.userName);
      const event = rig.fake.messageEvent({
        channel,
        user: input.userId,
        text: input.group && input.mentionBot ? `<@${SLACK_TEST.botUserId}> ${input.text}` : input.text,
        channelType: input.group ? 'channel' : 'im',
        ...(input.group && input.mentionBot ? { type: 'app_mention' as const } : {}),
      });
      const res = await rig.fake.deliver(`${rig.edge.url}/slack/events`, rig.fake.envelope(event), 'application/json');
      if (res.status !== 200) throw new Error(`the events route answered ${res.status} ${await res.text()}`);
      if (rig.received.length === before) throw new Error('the adapter did not hand the message on');
    },
    async sent(chatId) {
      return rig.fake.sentTo(chatId).map((p) => ({ text: p.text, mentionIds: p.mentionIds }));
    },
    close: () => rig.close(),
  };
};
export default slackHarness;
