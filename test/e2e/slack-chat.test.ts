import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeSlackServer, SLACK_TEST, type SlackPosted } from '../fakes/slack-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const CHANNEL = 'C0OPS';
const ALICE = { id: 'U0ALICE', name: 'Alice' };
const BOB = { id: 'U0BOB', name: 'Bob' };

describe('running it from a Slack channel', () => {
  let fake: FakeSlackServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeSlackServer().start();
    fake.users.set(ALICE.id, ALICE.name).set(BOB.id, BOB.name);
    h = await startTestService(
      { SLACK_BOT_TOKEN: SLACK_TEST.botToken, SLACK_SIGNING_SECRET: SLACK_TEST.signingSecret, SLACK_API_BASE: fake.apiBase },
      { admins: { slack: [ALICE.id] }, actions: { disk: [process.execPath, '-e', "console.log('disk ok 42%')"] } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const events = () => `${h.svc.url}/slack/events`;
  /** Posts one signed event envelope; returns the status and the raw body (to replay it). */
  async function post(event: Record<string, unknown>, opts: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: string }> {
    const body = fake.envelope(event);
    const res = await fake.deliver(events(), body, 'application/json', opts);
    return { status: res.status, body };
  }
  /**
   * A channel message that mentions the bot, delivered as Slack does: once as `app_mention` and
   * once as `message` (two event ids, one ts).
   */
  async function mentionBot(text: string, from = ALICE, channel = CHANNEL): Promise<number[]> {
    const ts = fake.nextTs();
    const a = await post(fake.messageEvent({ type: 'app_mention', channel, user: from.id, text: `<@${SLACK_TEST.botUserId}> ${text}`, ts }));
    const b = await post(fake.messageEvent({ channel, user: from.id, text: `<@${SLACK_TEST.botUserId}> ${text}`, ts }));
    return [a.status, b.status];
  }
  const sent = (channel = CHANNEL) => fake.sentTo(channel);
  const waitPost = (pred: (p: SlackPosted) => boolean, what: string, channel = CHANNEL, timeoutMs = 15_000) => waitFor(async () => sent(channel).find(pred), timeoutMs, what);
  const taskCount = async () => (await h.svc.database.db.selectFrom('tasks').select('id').execute()).length;

  it('answers the URL verification challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const res = await fake.deliver(events(), body, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('creates one task from a channel message that mentions the bot, and posts its command result back', async () => {
    expect(await mentionBot('every 2 seconds run disk')).toEqual([200, 200]);
    const confirm = await waitPost((p) => /Task #1 created/.test(p.text), 'the confirmation');
    expect(confirm.text).toMatch(/every 2 seconds/i);
    await waitPost((p) => p.text.includes('disk ok 42%') && /exit code 0/.test(p.text), 'the command result');
    // Both deliveries of the one message made one task and one confirmation.
    expect(await taskCount()).toBe(1);
    expect(sent().filter((p) => /Task #\d+ created/.test(p.text))).toHaveLength(1);
    await mentionBot('/delete 1');
    await waitPost((p) => /deleted/i.test(p.text) && p.text.includes('#1'), 'the deletion');
  });

  it('chases the mentioned owner with a real <@id> mention until a thread reply "done" closes it', async () => {
    await mentionBot(`in 1 seconds check the backups <@${BOB.id}> chase every 2s`);
    const confirm = await waitPost((p) => /Task #\d+ created/.test(p.text) && p.text.includes('backups'), 'the confirmation');
    const id = Number(/#(\d+)/.exec(confirm.text)![1]);
    const reminder = await waitPost((p) => p.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder', CHANNEL, 20_000);
    expect(reminder.text).toContain(`<@${BOB.id}>`);
    expect(reminder.mentionIds).toEqual([BOB.id]);
    // Bob answers in the reminder's thread, without mentioning the bot.
    expect((await post(fake.messageEvent({ channel: CHANNEL, user: BOB.id, text: 'done', threadTs: reminder.ts }))).status).toBe(200);
    const closed = await waitPost((p) => p.text.includes(`#${id} closed by Bob`), 'the close confirmation');
    expect(closed.text).toMatch(/1 reminder|2 reminders/);
    const [chase] = await store.listChases(h.svc.database.db, id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob', nextChaseAt: null });
  }, 30_000);

  it('answers the /chatcron slash command in the channel', async () => {
    const res = await fake.deliver(`${h.svc.url}/slack/commands`, fake.commandBody({ channel: 'C0CMD', user: ALICE.id, userName: 'alice', text: 'list' }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    await waitPost((p) => /no tasks in this chat/i.test(p.text), 'the /list answer', 'C0CMD');
  });

  it('refuses a forged signature and a stale timestamp with 401, and creates nothing', async () => {
    const before = await taskCount();
    const forged = await post(fake.messageEvent({ type: 'app_mention', channel: 'C0EVIL', user: 'U0MALLORY', text: `<@${SLACK_TEST.botUserId}> every 2 seconds forged` }), { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    const stale = await post(fake.messageEvent({ type: 'app_mention', channel: 'C0EVIL', user: ALICE.id, text: `<@${SLACK_TEST.botUserId}> every 2 seconds stale` }), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await taskCount()).toBe(before);
    expect(sent('C0EVIL')).toEqual([]);
  });

  it('acknowledges a replayed event but acts on it once', async () => {
    const before = await taskCount();
    const body = fake.envelope(fake.messageEvent({ type: 'app_mention', channel: 'C0RPL', user: ALICE.id, text: `<@${SLACK_TEST.botUserId}> every day at 9 post the standup notes` }));
    const headers = { 'content-type': 'application/json', ...fake.sign(body) };
    expect((await fetch(events(), { method: 'POST', headers, body })).status).toBe(200);
    await waitPost((p) => /Task #\d+ created/.test(p.text), 'the confirmation', 'C0RPL');
    // The very same signed request again, as an attacker (or Slack's retry) would send it.
    expect((await fetch(events(), { method: 'POST', headers: { ...headers, 'x-slack-retry-num': '1' }, body })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await taskCount()).toBe(before + 1);
    expect(sent('C0RPL').filter((p) => /created/.test(p.text))).toHaveLength(1);
  });

  it('retries a reply Slack failed with 500 and "ratelimited", and records a refusal as failed', async () => {
    fake.failNext('chat.postMessage', { kind: 'http', status: 500 });
    fake.failNext('chat.postMessage', { kind: 'error', error: 'ratelimited' });
    await mentionBot('/tz', ALICE, 'C0FLAKY');
    await waitPost((p) => /timezone/i.test(p.text), 'the reply after the failures', 'C0FLAKY');
    const outcomes = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0FLAKY').map((c) => c.outcome);
    expect(outcomes).toEqual(['http 500', 'ratelimited', 'ok']);
    // The relay records the outcome just after the call returns.
    const flaky = () => h.svc.database.db.selectFrom('outbox').select(['status', 'attempts']).where('target', '=', 'C0FLAKY').execute();
    await waitFor(async () => (await flaky())[0]?.status === 'sent', 5_000, 'the row marked sent');
    expect(await flaky()).toEqual([{ status: 'sent', attempts: 2 }]);

    fake.failNext('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    await mentionBot('/tz', ALICE, 'C0GONE');
    const outbox = () => h.svc.database.db.selectFrom('outbox').select(['status', 'lastError']).where('target', '=', 'C0GONE').executeTakeFirst();
    const failed = await waitFor(async () => {
      const r = await outbox();
      return r?.status === 'failed' ? r : undefined;
    }, 15_000, 'the refusal recorded');
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain('Slack refused chat.postMessage: not_in_channel');
    expect(failed.lastError).not.toContain(SLACK_TEST.botToken);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0GONE')).toHaveLength(1);
  }, 30_000);
});
