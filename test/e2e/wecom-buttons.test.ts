import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import * as store from '../../src/store/index.ts';
import { appEnvelope, appTextXml, postCallback, WECOM_TEST } from '../fakes/wecom-harness.ts';
import { FakeWecomServer, type FakeCard } from '../fakes/wecom-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const API_TOKEN = 'test-token-0123456789abcdef';

describe('Done / Snooze / Skip buttons on a WeCom app template card', () => {
  let fake: FakeWecomServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  const crypto = new WecomCrypto(WECOM_TEST.token, WECOM_TEST.aesKey, WECOM_TEST.corpId);
  let msgSeq = 0;

  beforeAll(async () => {
    fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
    h = await startTestService({
      WECOM_API_BASE: fake.url,
      WECOM_CORP_ID: WECOM_TEST.corpId,
      WECOM_AGENT_ID: WECOM_TEST.agentId,
      WECOM_SECRET: WECOM_TEST.secret,
      WECOM_TOKEN: WECOM_TEST.token,
      WECOM_AES_KEY: WECOM_TEST.aesKey,
    });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const url = () => `${h.svc.url}/wecom/callback`;
  async function say(from: string, text: string): Promise<void> {
    const xml = appTextXml({ from, text, msgId: String(5_000_000_000_000_000_000n + BigInt(++msgSeq)) });
    expect((await postCallback(url(), crypto, appEnvelope, xml)).status).toBe(200);
  }
  const textsTo = (user: string) =>
    fake
      .succeeded('/cgi-bin/message/send')
      .filter((c) => c.body?.touser === user && c.body.msgtype !== 'template_card')
      .map((c) => ((c.body?.[String(c.body?.msgtype)] as { content?: string }) ?? {}).content ?? '');
  async function createdId(user: string): Promise<number> {
    const t = await waitFor(async () => textsTo(user).find((x) => /Task #\d+ created|已创建任务 #\d+/.test(x)), 15_000, 'the confirmation');
    return Number(/#(\d+)/.exec(t)![1]);
  }
  const waitCard = (user: string, pred: (c: FakeCard) => boolean, what: string) => waitFor(async () => [...fake.cards.values()].find((c) => c.touser === user && pred(c)), 15_000, what);
  const key = (c: FakeCard, label: RegExp) => c.buttons.find((b) => label.test(b.text))!.key;

  /** A signed, encrypted template_card_event as WeCom posts it when `from` taps a button. */
  async function tap(from: string, card: FakeCard, k: string, opts: { crypto?: WecomCrypto; responseCode?: string } = {}): Promise<{ status: number; xml: string; nonce: string; timestamp: string }> {
    const xml = fake.cardEventXml({ from, taskId: card.taskId, key: k, responseCode: opts.responseCode ?? fake.issueCardCode(card.taskId), agentId: WECOM_TEST.agentId });
    const nonce = `n${++msgSeq}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await postCallback(url(), opts.crypto ?? crypto, appEnvelope, xml, { nonce, timestamp });
    return { status: res.status, xml, nonce, timestamp };
  }
  const chaseOf = async (taskId: number) => (await store.listChases(h.svc.database.db, taskId, 5))[0];

  it('sends the occurrence as a button_interaction card; a signed tap closes it, names the tapper and replaces the buttons', async () => {
    await say('alice', 'in 2 seconds 提交周报 chase every 2s');
    const id = await createdId('alice');
    const card = await waitCard('alice', (c) => c.text.includes('提交周报'), 'the card');
    expect(card.buttons.map((b) => b.text)).toEqual(['✅ 完成', '稍后 15分钟', '稍后 1小时', '明天 09:00', '稍后 2秒']);
    expect(card.buttons[0].style).toBe(1);
    const sent = fake.succeeded('/cgi-bin/message/send').find((c) => (c.body?.template_card as { task_id?: string })?.task_id === card.taskId)!;
    expect(sent.body).toMatchObject({ touser: 'alice', agentid: Number(WECOM_TEST.agentId), msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });

    const original = [...card.buttons];
    const done = await tap('alice', card, key(card, /完成/));
    expect(done.status).toBe(200);
    expect(card.updates).toBe(1);
    expect(card.buttons).toEqual([]);
    expect(card.replacedWith).toMatch(/^✅ 已由 alice \(wecom\) 于 .+ 结单$/);
    const chase = await chaseOf(id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'alice (wecom)' });

    // The same callback replayed (same signature and nonce): acknowledged, nothing changes.
    const before = fake.calls.length;
    const again = await postCallback(url(), crypto, appEnvelope, done.xml, { nonce: done.nonce, timestamp: done.timestamp });
    expect(again.status).toBe(200);
    expect(fake.calls.length).toBe(before);
    // A new tap of a stale copy (another button of the same message): "already closed", told by message.
    const stale = await tap('alice', card, original.find((b) => /15/.test(b.text))!.key);
    expect(stale.status).toBe(200);
    await waitFor(async () => textsTo('alice').find((t) => /^已由 alice \(wecom\) .*结单$/.test(t)), 10_000, 'the "already closed" answer');
    expect(card.updates).toBe(1);
    expect(await chaseOf(id)).toEqual(chase);
  }, 40_000);

  it('refuses a wrongly signed tap, and answers "not valid here" for a forged key or a card of another member', async () => {
    await say('bob', 'in 2 seconds backup the wiki chase every 1h');
    const id = await createdId('bob');
    const card = await waitCard('bob', (c) => c.text.includes('backup the wiki'), 'the card');
    const done = key(card, /Done/);
    const forger = new WecomCrypto('not-the-callback-token', WECOM_TEST.aesKey, WECOM_TEST.corpId);
    expect((await tap('bob', card, done, { crypto: forger })).status).toBe(401);
    expect((await tap('bob', card, 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d')).status).toBe(200);
    await waitFor(async () => textsTo('bob').includes('This button is not valid here'), 10_000, 'the refusal of a forged key');
    // Carol's callback with Bob's button: the token belongs to Bob's chat.
    expect((await tap('carol', card, done)).status).toBe(200);
    await waitFor(async () => textsTo('carol').length > 0, 10_000, 'the refusal in Carol’s chat');
    expect(textsTo('carol')).toEqual(['This button is not valid here']);
    expect((await chaseOf(id)).closedAt).toBeNull();
    expect(card.updates).toBe(0);

    expect((await tap('bob', card, done)).status).toBe(200);
    expect(await chaseOf(id)).toMatchObject({ closeReason: 'done', closedBy: 'bob (wecom)' });
    expect(card.replacedWith).toMatch(/^✅ Closed by bob \(wecom\) at /);
  }, 40_000);

  it('snoozes only the next reminder, and refuses a non-owner under closers: owner', async () => {
    await say('dave', 'in 2 seconds renew the domain chase every 2s');
    const id = await createdId('dave');
    const card = await waitCard('dave', (c) => c.text.includes('renew the domain'), 'the card');
    // The task is Dave's; make it someone else's so that Dave is not its owner.
    await h.svc.database.db.updateTable('tasks').set({ ownerId: 'erin', ownerName: 'Erin' }).where('id', '=', id).execute();
    const patched = await fetch(`${h.svc.url}/api/tasks/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ closers: 'owner' }) });
    expect(patched.status).toBe(200);
    const snooze = key(card, /Snooze 15 min/);
    expect((await tap('dave', card, snooze)).status).toBe(200);
    await waitFor(async () => textsTo('dave').find((t) => t === `Sorry, only its owner Erin can close #${id}`), 10_000, 'the refusal');
    expect(card.updates).toBe(0);
    expect((await chaseOf(id)).closedAt).toBeNull();

    await h.svc.database.db.updateTable('tasks').set({ ownerId: 'dave', ownerName: 'dave' }).where('id', '=', id).execute();
    const tapped = Date.now();
    expect((await tap('dave', card, snooze)).status).toBe(200);
    const chase = await chaseOf(id);
    expect(chase.closedAt).toBeNull();
    expect(chase.nextChaseAt! - tapped).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(chase.nextChaseAt! - tapped).toBeLessThanOrEqual(15 * 60_000 + 5000);
    expect(card.replacedWith).toMatch(/^⏰ Snoozed by dave \(wecom\) until /);
  }, 40_000);

  it('Skip next on a result skips the next occurrence and history says who skipped it', async () => {
    await say('frank', '/add every day at 06:00 water the plants');
    const id = await createdId('frank');
    const db = h.svc.database.db;
    const slot = (await store.findTask(db, id))!.nextRunAt!;
    await say('frank', `/run ${id}`);
    const card = await waitCard('frank', (c) => c.text.includes('water the plants'), 'the result card');
    expect(card.buttons.map((b) => b.text)).toEqual(['⏭ Skip next']);
    expect((await tap('frank', card, key(card, /Skip/))).status).toBe(200);
    expect((await store.findTask(db, id))!.nextRunAt).toBe(slot + 86_400_000);
    const runs = await store.listRuns(db, id, 10);
    expect(runs.find((r) => r.status === 'skipped')).toMatchObject({ scheduledFor: slot, message: 'skipped by frank (wecom)' });
    expect(card.replacedWith).toMatch(/^⏭ frank \(wecom\) skipped the run of /);
  }, 40_000);
});
