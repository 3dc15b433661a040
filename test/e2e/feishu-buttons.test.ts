import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeFeishuServer, FEISHU_TEST, type FeishuPosted } from '../fakes/feishu-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const ALICE = { id: 'ou_alice', name: 'Alice' }; // an admin
const BOB = { id: 'ou_bob', name: 'Bob' }; // the owner
const CAROL = { id: 'ou_carol', name: 'Carol' }; // a member
const BOT = { id: FEISHU_TEST.botOpenId, name: 'chatcron' };

describe('Done / Snooze / Skip buttons on a Feishu card', () => {
  let fake: FakeFeishuServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await new FakeFeishuServer().start();
    fake.users.set(ALICE.id, ALICE.name).set(BOB.id, BOB.name).set(CAROL.id, CAROL.name);
    h = await startTestService(
      { FEISHU_APP_ID: FEISHU_TEST.appId, FEISHU_APP_SECRET: FEISHU_TEST.appSecret, FEISHU_VERIFICATION_TOKEN: FEISHU_TEST.verificationToken, FEISHU_ENCRYPT_KEY: FEISHU_TEST.encryptKey, FEISHU_API_BASE: fake.url },
      { admins: { feishu: [ALICE.id] } },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const url = () => `${h.svc.url}/feishu/events`;
  async function say(chat: string, text: string, from = ALICE, others: (typeof BOB)[] = []): Promise<void> {
    const event = fake.messageEvent({ chatId: chat, from: from.id, text: `@${BOT.name} ${text}`, mentions: [BOT, ...others] });
    expect((await FakeFeishuServer.deliver(url(), event)).status).toBe(200);
  }
  const waitPost = (chat: string, pred: (p: FeishuPosted) => boolean, what: string) => waitFor(async () => fake.sentTo(chat).find(pred), 15_000, what);
  async function createdId(chat: string): Promise<number> {
    const p = await waitPost(chat, (x) => /Task #\d+ created|已创建任务 #\d+/.test(x.text), 'the confirmation').catch((err: Error) => {
      throw new Error(`${err.message}; the chat saw: ${JSON.stringify(fake.sentTo(chat).map((m) => m.text))}`);
    });
    return Number(/#(\d+)/.exec(p.text)![1]);
  }
  const value = (p: FeishuPosted, label: RegExp) => p.buttons!.find((b) => label.test(b.label))!.value;

  it('sends the occurrence as a card with buttons; a verified click closes it, toasts within 3 s and updates the card', async () => {
    const G = 'oc_btn1';
    await say(G, 'in 2 seconds 提交周报 @Bob chase every 2s', ALICE, [BOB]);
    const id = await createdId(G);
    const card = await waitPost(G, (p) => p.msgType === 'interactive' && p.text.includes('提交周报'), 'the card');
    expect(card.buttons!.map((b) => b.label)).toEqual(['✅ 完成', '稍后 15分钟', '稍后 1小时', '明天 09:00', '稍后 2秒']);
    expect(card.mentionIds).toEqual([BOB.id]);
    expect(JSON.parse(card.content).config).toMatchObject({ update_multi: true });
    const done = value(card, /完成/);

    const click = await fake.clickCard(url(), { chatId: G, messageId: card.messageId, from: CAROL.id, value: done });
    expect(click.status).toBe(200);
    expect(click.elapsedMs).toBeLessThan(3000);
    expect(click.toast).toBe(`已结单：#${id}`);
    expect(card.updates).toBe(1);
    expect(card.buttons).toEqual([]);
    expect(card.text).toMatch(/提交周报[^]*\n✅ 已由 Carol \(feishu\) 于 .+ 结单$/);
    const chase = (await store.listChases(h.svc.database.db, id, 5))[0];
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Carol (feishu)' });

    // The same event replayed (Feishu retries what it got no answer for): one action.
    const replay = await fake.deliverClick(url(), click.event, card.messageId);
    expect(replay.status).toBe(200);
    expect(card.updates).toBe(1);
    expect((await store.listChases(h.svc.database.db, id, 5))[0]).toEqual(chase);
    // Another click of a stale copy of the card, as a new event: already closed, nothing changes.
    const stale = await fake.clickCard(url(), { chatId: G, messageId: card.messageId, from: ALICE.id, value: done });
    expect(stale.toast).toMatch(/^已由 Carol \(feishu\) 于 .+ 结单$/);
    expect(card.updates).toBe(1);
  }, 40_000);

  it('refuses an unsigned or wrongly signed click, a forged value and a card of another chat', async () => {
    const A = 'oc_btn2';
    const B = 'oc_btn3';
    await say(A, 'in 2 seconds backup the wiki chase every 1h');
    const id = await createdId(A);
    const card = await waitPost(A, (p) => p.msgType === 'interactive' && p.text.includes('backup the wiki'), 'the card');
    const done = value(card, /Done/);
    const event = fake.cardActionEvent({ chatId: A, messageId: card.messageId, from: CAROL.id, value: done });
    expect((await FakeFeishuServer.deliver(url(), event, { unsigned: true })).status).toBe(401);
    expect((await FakeFeishuServer.deliver(url(), event, { signKey: 'not-the-key' })).status).toBe(401);
    expect((await FakeFeishuServer.deliver(url(), fake.cardActionEvent({ chatId: A, messageId: card.messageId, from: CAROL.id, value: done, token: 'wrong-token' }))).status).toBe(401);
    const forged = await fake.clickCard(url(), { chatId: A, messageId: card.messageId, from: CAROL.id, value: { cc: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d' } });
    expect(forged.toast).toBe('This button is not valid here');
    const crossed = await fake.clickCard(url(), { chatId: B, messageId: card.messageId, from: CAROL.id, value: done });
    expect(crossed.toast).toBe('This button is not valid here');
    expect((await store.listChases(h.svc.database.db, id, 5))[0].closedAt).toBeNull();
    expect(card.updates ?? 0).toBe(0);

    const ok = await fake.clickCard(url(), { chatId: A, messageId: card.messageId, from: CAROL.id, value: done });
    expect(ok.toast).toBe(`Done: #${id} is closed`);
    expect((await store.listChases(h.svc.database.db, id, 5))[0]).toMatchObject({ closeReason: 'done', closedBy: 'Carol (feishu)' });
  }, 40_000);

  it('snoozes only the next reminder, and refuses a member under closers: owner', async () => {
    const G = 'oc_btn4';
    await say(G, 'in 2 seconds renew the domain @Bob chase every 2s', ALICE, [BOB]);
    const id = await createdId(G);
    const patched = await fetch(`${h.svc.url}/api/tasks/${id}`, { method: 'PATCH', headers: { authorization: 'Bearer test-token-0123456789abcdef', 'content-type': 'application/json' }, body: JSON.stringify({ closers: 'owner' }) });
    expect(patched.status).toBe(200);
    const card = await waitPost(G, (p) => p.msgType === 'interactive' && p.text.includes('renew the domain'), 'the card');
    const snooze = value(card, /Snooze 15 min/);
    const refused = await fake.clickCard(url(), { chatId: G, messageId: card.messageId, from: CAROL.id, value: snooze });
    expect(refused.toast).toBe(`Sorry, only its owner Bob can close #${id}`);
    expect(card.updates ?? 0).toBe(0);
    const tapped = Date.now();
    const ok = await fake.clickCard(url(), { chatId: G, messageId: card.messageId, from: BOB.id, value: snooze });
    expect(ok.toast).toMatch(/^Next reminder at /);
    const chase = (await store.listChases(h.svc.database.db, id, 5))[0];
    expect(chase.closedAt).toBeNull();
    expect(chase.nextChaseAt! - tapped).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(chase.nextChaseAt! - tapped).toBeLessThanOrEqual(15 * 60_000 + 5000);
    expect(card.text).toMatch(/\n⏰ Snoozed by Bob \(feishu\) until /);
  }, 40_000);
});
