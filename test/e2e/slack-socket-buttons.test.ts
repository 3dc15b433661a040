import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeSlackServer, SLACK_TEST, type SlackPosted } from '../fakes/slack-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// Taps over Socket Mode: the service holds no public URL (no signing secret, no HTTP route);
// it opens apps.connections.open with the app-level token, is greeted with `hello`, and each
// click arrives as an `interactive` envelope whose payload is the block_actions payload, acked
// by its envelope_id. A redelivered envelope acts once.

const ALICE = { id: 'U0ALICE', name: 'Alice' }; // an admin
const BOB = { id: 'U0BOB', name: 'Bob' }; // a member

describe('Done buttons tapped over Slack Socket Mode', () => {
  let fake: FakeSlackServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeSlackServer().start();
    fake.users.set(ALICE.id, ALICE.name).set(BOB.id, BOB.name);
    h = await startTestService({ SLACK_BOT_TOKEN: SLACK_TEST.botToken, SLACK_APP_TOKEN: SLACK_TEST.appToken, SLACK_API_BASE: fake.apiBase }, { admins: { slack: [ALICE.id] } });
    await waitFor(async () => fake.sockets.size === 1, 10_000, 'the Socket Mode connection');
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const acked = (id: string) => waitFor(async () => fake.acks.includes(id), 10_000, `the ack of ${id}`);
  async function command(channel: string, text: string, from = ALICE): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(fake.commandBody({ channel, user: from.id, userName: from.name, text })));
    await acked(fake.push('slash_commands', form));
  }
  const waitPost = (channel: string, pred: (p: SlackPosted) => boolean, what: string) => waitFor(async () => fake.sentTo(channel).find(pred), 15_000, what);
  const ephemeralsTo = (channel: string, user: string) => fake.ephemerals.filter((e) => e.channel === channel && e.user === user).map((e) => e.text);
  const value = (p: SlackPosted, label: RegExp) => fake.buttonsOf(p).find((b) => label.test(b.label))!.value;
  const tap = (channel: string, p: SlackPosted, v: string, from: typeof ALICE) => fake.blockActionsPayload({ channel, ts: p.ts, user: from.id, userName: from.name, actionId: 'cc_0_0', value: v });

  it('offers no HTTP interactivity route: the taps come down the socket', async () => {
    const res = await fetch(`${h.svc.url}/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D' });
    expect(res.status).toBe(404);
    expect(fake.connectionsOpened).toBeGreaterThanOrEqual(1);
  });

  it('closes the occurrence on an interactive envelope, acks it, answers ephemerally, updates the message; the redelivered envelope changes nothing', async () => {
    const C = 'C0SOCK1';
    await command(C, 'in 2 seconds close the sprint chase every 2s');
    const created = await waitPost(C, (p) => /Task #\d+ created/.test(p.text), 'the confirmation');
    const id = Number(/#(\d+)/.exec(created.text)![1]);
    const result = await waitPost(C, (p) => p.text.includes('close the sprint') && p.blocks !== undefined, 'the occurrence with buttons');
    const payload = tap(C, result, value(result, /Done/), BOB);

    const env = fake.push('interactive', payload);
    await acked(env);
    await waitFor(async () => ephemeralsTo(C, BOB.id).length === 1, 10_000, 'the ephemeral answer');
    expect(ephemeralsTo(C, BOB.id)).toEqual([`Done: #${id} is closed`]);
    await waitFor(async () => result.updates === 1, 10_000, 'chat.update');
    expect(result.text).toMatch(/\n✅ Closed by Bob \(slack\) at /);
    expect(fake.buttonsOf(result)).toEqual([]);
    const chase = (await store.listChases(h.svc.database.db, id, 5))[0];
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Bob (slack)' });

    // Slack sends the same envelope again (its ack was late): acked again, acted on once.
    fake.acks.length = 0;
    fake.push('interactive', payload, env, 1);
    await acked(env);
    await waitFor(async () => ephemeralsTo(C, BOB.id).length === 2, 10_000, 'the second answer');
    expect(ephemeralsTo(C, BOB.id)[1]).toMatch(/^Already closed by Bob \(slack\) at /);
    expect(result.updates).toBe(1);
    expect((await store.listChases(h.svc.database.db, id, 5))[0]).toEqual(chase);
  }, 40_000);

  it('refuses a forged value and, under "closers: owner" set from chat, a member; the owner\'s tap is taken', async () => {
    const C = 'C0SOCK2';
    await command(C, 'in 2 seconds rotate the on-call chase every 2s closers: owner');
    const created = await waitPost(C, (p) => /Task #\d+ created/.test(p.text), 'the confirmation');
    const id = Number(/#(\d+)/.exec(created.text)![1]);
    expect((await store.findTask(h.svc.database.db, id))!.closers).toBe('owner');
    const result = await waitPost(C, (p) => p.text.includes('rotate the on-call') && p.blocks !== undefined, 'the occurrence with buttons');

    await acked(fake.push('interactive', tap(C, result, 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d', BOB)));
    await waitFor(async () => ephemeralsTo(C, BOB.id).length === 1, 10_000, 'the forged answer');
    expect(ephemeralsTo(C, BOB.id)).toEqual(['This button is not valid here']);

    const done = value(result, /Done/);
    await acked(fake.push('interactive', tap(C, result, done, BOB)));
    await waitFor(async () => ephemeralsTo(C, BOB.id).length === 2, 10_000, 'the refusal');
    expect(ephemeralsTo(C, BOB.id)[1]).toBe(`Sorry, only its owner Alice can close #${id}`);
    expect(result.updates ?? 0).toBe(0);
    expect((await store.findOpenChase(h.svc.database.db, id))).toBeDefined();

    await acked(fake.push('interactive', tap(C, result, done, ALICE)));
    await waitFor(async () => result.updates === 1, 10_000, 'chat.update');
    expect(ephemeralsTo(C, ALICE.id)).toEqual([`Done: #${id} is closed`]);
    expect(result.text).toMatch(/\n✅ Closed by Alice \(slack\) at /);
    expect(await store.findOpenChase(h.svc.database.db, id)).toBeUndefined();
  }, 40_000);
});
