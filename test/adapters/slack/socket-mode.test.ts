import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_TEST } from '../../fakes/slack-server.ts';
import { startSlackRig, type SlackRig } from '../../fakes/slack-harness.ts';
import { waitFor } from '../../support/service-process.ts';

describe('Slack over Socket Mode', () => {
  let rig: SlackRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  const start = async () => {
    // No signing secret: the host has no public URL, so no HTTP route is offered.
    rig = await startSlackRig({ signingSecret: undefined, appToken: SLACK_TEST.appToken, socketRetryMs: 50 });
    await waitFor(async () => rig!.fake.sockets.size === 1, 5_000, 'the connection');
    return rig;
  };
  const mention = (r: SlackRig, text: string, ts = r.fake.nextTs()) =>
    JSON.parse(r.fake.envelope(r.fake.messageEvent({ type: 'app_mention', channel: 'C0SOCK', user: 'U0ANA', text: `<@${SLACK_TEST.botUserId}> ${text}`, ts })));

  it('receives an app_mention down the socket, acknowledges it, and offers no HTTP route', async () => {
    const r = await start();
    expect(r.adapter.routes).toEqual([]);
    const id = r.fake.push('events_api', mention(r, 'every day at 9 stand-up'));
    await waitFor(async () => r.fake.acks.includes(id), 5_000, 'the ack');
    expect(r.received.at(-1)).toMatchObject({ platform: 'slack', chatId: 'C0SOCK', text: 'every day at 9 stand-up', addressedToBot: true });
  });

  it('acts once on an envelope Slack sends again, and acknowledges both', async () => {
    const r = await start();
    const payload = mention(r, '/list');
    const a = r.fake.push('events_api', payload);
    const b = r.fake.push('events_api', payload);
    await waitFor(async () => r.fake.acks.includes(a) && r.fake.acks.includes(b), 5_000, 'both acks');
    expect(r.received.filter((m) => m.text === '/list')).toHaveLength(1);
  });

  it('takes the /chatcron command as a payload', async () => {
    const r = await start();
    const form = Object.fromEntries(new URLSearchParams(r.fake.commandBody({ channel: 'C0SOCK', user: 'U0ANA', userName: 'ana', text: 'list' })));
    const id = r.fake.push('slash_commands', form);
    await waitFor(async () => r.fake.acks.includes(id), 5_000, 'the ack');
    expect(r.received.at(-1)).toMatchObject({ text: '/list', userName: 'ana' });
  });

  it('opens a new connection when Slack asks to refresh, and keeps receiving', async () => {
    const r = await start();
    r.fake.refreshConnections();
    await waitFor(async () => r.fake.connectionsOpened === 2 && r.fake.sockets.size === 1, 5_000, 'the second connection');
    const id = r.fake.push('events_api', mention(r, 'after the refresh'));
    await waitFor(async () => r.fake.acks.includes(id), 5_000, 'the ack');
    expect(r.received.at(-1)?.text).toBe('after the refresh');
  });

  it('closes the socket on stop and does not come back', async () => {
    const r = await start();
    await r.adapter.stop();
    await waitFor(async () => r.fake.sockets.size === 0, 2_000, 'the close');
    await new Promise((res) => setTimeout(res, 200));
    expect(r.fake.connectionsOpened).toBe(1);
  });
});
