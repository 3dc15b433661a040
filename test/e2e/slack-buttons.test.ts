import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeSlackServer, SLACK_TEST, type SlackPosted } from '../fakes/slack-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const ALICE = { id: 'U0ALICE', name: 'Alice' }; // an admin
const BOB = { id: 'U0BOB', name: 'Bob' }; // a member

describe('Done / Snooze / Skip buttons in a Slack channel', () => {
  let fake: FakeSlackServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeSlackServer().start();
    fake.users.set(ALICE.id, ALICE.name).set(BOB.id, BOB.name);
    h = await startTestService({ SLACK_BOT_TOKEN: SLACK_TEST.botToken, SLACK_SIGNING_SECRET: SLACK_TEST.signingSecret, SLACK_API_BASE: fake.apiBase }, { admins: { slack: [ALICE.id] } });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  async function command(channel: string, text: string, from = ALICE): Promise<void> {
    const res = await fake.deliver(`${h.svc.url}/slack/commands`, fake.commandBody({ channel, user: from.id, userName: from.name, text }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
  }
  const waitPost = (channel: string, pred: (p: SlackPosted) => boolean, what: string) => waitFor(async () => fake.sentTo(channel).find(pred), 15_000, what);
  async function createdId(channel: string): Promise<number> {
    const p = await waitPost(channel, (x) => /Task #\d+ created/.test(x.text), 'the confirmation');
    return Number(/#(\d+)/.exec(p.text)![1]);
  }
  /** Clicks a button as Slack delivers it; resolves with the HTTP status and the body (to replay it). */
  async function click(channel: string, p: SlackPosted, value: string, from = BOB, opts: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: string }> {
    const body = fake.blockActionsBody({ channel, ts: p.ts, user: from.id, userName: from.name, actionId: 'cc_0_0', value });
    const res = await fake.deliver(`${h.svc.url}/slack/interactions`, body, 'application/x-www-form-urlencoded', opts);
    return { status: res.status, body };
  }
  const ephemeralsTo = (channel: string, user: string) => fake.ephemerals.filter((e) => e.channel === channel && e.user === user).map((e) => e.text);
  const value = (p: SlackPosted, label: RegExp) => fake.buttonsOf(p).find((b) => label.test(b.label))!.value;

  it('posts the occurrence with Block Kit buttons; a signed click closes it, answers ephemerally and updates the message', async () => {
    const C = 'C0BTN1';
    await command(C, 'in 2 seconds close the sprint chase every 2s');
    const id = await createdId(C);
    const result = await waitPost(C, (p) => p.text.includes('close the sprint') && p.blocks !== undefined, 'the occurrence with buttons');
    expect(fake.buttonsOf(result).map((b) => b.label)).toEqual(['✅ Done', 'Snooze 15 min', 'Snooze 1 h', 'Tomorrow 09:00', 'Snooze 2 s']);
    expect(result.blocks![0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    const done = value(result, /Done/);

    const ok = await click(C, result, done);
    expect(ok.status).toBe(200);
    expect(ephemeralsTo(C, BOB.id)).toEqual([`Done: #${id} is closed`]);
    expect(result.updates).toBe(1);
    expect(result.text).toMatch(/\n✅ Closed by Bob \(slack\) at /);
    expect(fake.buttonsOf(result)).toEqual([]);
    const chase = (await store.listChases(h.svc.database.db, id, 5))[0];
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob (slack)' });

    // The same signed body again (a replay inside the 5-minute window): refused as used, nothing changes.
    const replay = await fake.deliver(`${h.svc.url}/slack/interactions`, ok.body, 'application/x-www-form-urlencoded');
    expect(replay.status).toBe(200);
    expect(ephemeralsTo(C, BOB.id)[1]).toMatch(/^Already closed by Bob \(slack\) at /);
    expect(result.updates).toBe(1);
    expect((await store.listChases(h.svc.database.db, id, 5))[0]).toEqual(chase);
  }, 40_000);

  it('refuses a click with a bad signature or an old timestamp, and a forged value, without a change', async () => {
    const C = 'C0BTN2';
    await command(C, 'every day at 06:00 renew the certificates');
    const id = await createdId(C);
    const slot = (await store.findTask(h.svc.database.db, id))!.nextRunAt;
    await command(C, `run ${id}`);
    const result = await waitPost(C, (p) => p.text.includes('renew the certificates') && p.blocks !== undefined, 'the result with Skip next');
    expect(fake.buttonsOf(result).map((b) => b.label)).toEqual(['⏭ Skip next']);
    const skip = value(result, /Skip/);
    expect((await click(C, result, skip, BOB, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await click(C, result, skip, BOB, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await click(C, result, 'cc1:AAAAAAAAAAAAAAAAAAAAAA:k')).status).toBe(200);
    expect(ephemeralsTo(C, BOB.id)).toEqual(['This button is not valid here']);
    // The real value, clicked in another channel: bound to its own channel.
    fake.joined.add('C0BTN9');
    const elsewhere = await fake.deliver(`${h.svc.url}/slack/interactions`, fake.blockActionsBody({ channel: 'C0BTN9', ts: result.ts, user: BOB.id, userName: BOB.name, actionId: 'cc_0_0', value: skip }), 'application/x-www-form-urlencoded');
    expect(elsewhere.status).toBe(200);
    expect(ephemeralsTo('C0BTN9', BOB.id)).toEqual(['This button is not valid here']);
    expect((await store.findTask(h.svc.database.db, id))!.nextRunAt).toBe(slot);
    expect(result.updates ?? 0).toBe(0);

    // Then the real click: the next occurrence is skipped and history says by whom.
    expect((await click(C, result, skip)).status).toBe(200);
    expect((await store.findTask(h.svc.database.db, id))!.nextRunAt).toBe(slot! + 86_400_000);
    const runs = await store.listRuns(h.svc.database.db, id, 10);
    expect(runs.find((r) => r.status === 'skipped')).toMatchObject({ scheduledFor: slot, message: 'skipped by Bob (slack)' });
    expect(result.text).toMatch(/\n⏭ Bob \(slack\) skipped the run of /);
  }, 40_000);

  it('a snooze moves only the next reminder; under closers: admins a member is refused', async () => {
    const C = 'C0BTN3';
    await command(C, 'in 2 seconds rotate the on-call chase every 2s');
    const id = await createdId(C);
    const result = await waitPost(C, (p) => p.text.includes('rotate the on-call') && p.blocks !== undefined, 'the occurrence with buttons');
    const patched = await fetch(`${h.svc.url}/api/tasks/${id}`, { method: 'PATCH', headers: { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' }, body: JSON.stringify({ closers: 'admins' }) });
    expect(patched.status).toBe(200);
    const snooze = value(result, /Snooze 1 h/);
    expect((await click(C, result, snooze, BOB)).status).toBe(200);
    expect(ephemeralsTo(C, BOB.id)).toEqual([`Sorry, only an admin can close #${id}`]);
    expect(result.updates ?? 0).toBe(0);
    const tapped = Date.now();
    expect((await click(C, result, snooze, ALICE)).status).toBe(200);
    expect(ephemeralsTo(C, ALICE.id)[0]).toMatch(/^Next reminder at /);
    const chase = (await store.listChases(h.svc.database.db, id, 5))[0];
    expect(chase.closedAt).toBeNull();
    expect(chase.nextChaseAt! - tapped).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(chase.nextChaseAt! - tapped).toBeLessThanOrEqual(3_600_000 + 5000);
    expect(result.text).toMatch(/\n⏰ Snoozed by Alice \(slack\) until /);
  }, 40_000);
});
