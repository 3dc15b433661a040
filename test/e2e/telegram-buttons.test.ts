import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { FakeTelegramServer, textUpdate, type HeldMessage } from '../fakes/telegram-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

const TOKEN = '123456:TEST-token-for-the-fake';
const SECRET = 'e2e-webhook-secret_42';
const API_TOKEN = 'test-token-0123456789abcdef';
const ALICE = { id: 42, first_name: 'Alice', username: 'alice' }; // an admin
const BOB = { id: 7, first_name: 'Bob' }; // the owner of the chased tasks (a text mention)
const CAROL = { id: 9, first_name: 'Carol', username: 'carol' }; // a member
type Person = typeof ALICE | typeof BOB | typeof CAROL;

describe('Done / Snooze / Skip buttons in a Telegram group (webhook)', () => {
  let fake: FakeTelegramServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  let updateId = 0;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN });
    h = await startTestService({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: SECRET }, { admins: { telegram: [String(ALICE.id)] } });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  const post = (update: object, secret = SECRET) =>
    fetch(`${h.svc.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) }).then((r) => r.status);
  async function say(chat: number, text: string, from: Person = ALICE): Promise<void> {
    const at = text.indexOf('Bob');
    const u = textUpdate({ updateId: ++updateId, messageId: updateId, chat: { id: chat, type: 'supergroup' }, from, text, ...(at >= 0 ? { textMentions: [{ offset: at, length: 3, user: BOB }] } : {}) });
    expect(await post(u)).toBe(200);
  }
  const held = (chat: number) => [...fake.messages.values()].filter((m) => m.chatId === String(chat));
  const waitHeld = (chat: number, pred: (m: HeldMessage) => boolean, what: string) => waitFor(async () => held(chat).find(pred), 15_000, what);
  async function createdId(chat: number): Promise<number> {
    const m = await waitHeld(chat, (x) => /Task #\d+ created/.test(x.text), 'the confirmation');
    return Number(/#(\d+)/.exec(m.text)![1]);
  }
  const labels = (m: HeldMessage) => (m.keyboard ?? []).map((row) => row.map((b) => b.text));
  const data = (m: HeldMessage, label: RegExp) => (m.keyboard ?? []).flat().find((b) => label.test(b.text))!.callback_data;

  /** Taps a button as Telegram would deliver it; resolves with the toast the tapper saw. */
  async function tap(chat: number, m: { messageId: number }, callbackData: string, from: Person): Promise<{ update: object; toast: string }> {
    const update = { ...fake.tapUpdate({ chatId: chat, messageId: m.messageId, from, data: callbackData }), update_id: ++updateId };
    const id = (update as { callback_query: { id: string } }).callback_query.id;
    expect(await post(update)).toBe(200);
    const q = await waitFor(async () => fake.callbackQueries.get(id)?.answered && fake.callbackQueries.get(id), 10_000, 'the callback answer');
    return { update, toast: q.text ?? '' };
  }
  const chaseOf = async (taskId: number) => (await store.listChases(h.svc.database.db, taskId, 5))[0];

  it('puts Done and the snoozes under the occurrence and each reminder; Done closes it, names the tapper and edits the message', async () => {
    const G = -5001;
    await say(G, '/add in 2 seconds submit the report Bob chase every 2s');
    const id = await createdId(G);
    const result = await waitHeld(G, (m) => m.text.includes('submit the report') && !m.text.includes('created') && !m.text.startsWith('⏰'), 'the occurrence');
    expect(labels(result)).toEqual([['✅ Done'], ['Snooze 15 min', 'Snooze 1 h', 'Tomorrow 09:00', 'Snooze 2 s']]);
    for (const b of result.keyboard!.flat()) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const r1 = await waitHeld(G, (m) => m.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder');
    expect(labels(r1)[0]).toEqual(['✅ Done']);
    // Each message has its own token.
    expect(data(r1, /Done/)).not.toBe(data(result, /Done/));

    const done = await tap(G, r1, data(r1, /Done/), CAROL);
    expect(done.toast).toBe(`Done: #${id} is closed`);
    const edited = await waitFor(async () => (fake.message(G, r1.messageId)!.edits > 0 ? fake.message(G, r1.messageId) : undefined), 10_000, 'the edited reminder');
    expect(edited.text).toMatch(new RegExp(`^⏰ #${id} reminder 1[^]*\\n✅ Closed by Carol \\(telegram\\) at `));
    expect(edited.keyboard).toBeUndefined();
    const chase = await chaseOf(id);
    expect(chase).toMatchObject({ closeReason: 'done', closedBy: 'Carol (telegram)', nextChaseAt: null });

    // Another button of the same occurrence (the result's Done), after it closed: nothing changes.
    const again = await tap(G, result, data(result, /Done/), ALICE);
    expect(again.toast).toMatch(/^Already closed by Carol \(telegram\) at /);
    expect(fake.message(G, result.messageId)!.edits).toBe(0);
    expect(await chaseOf(id)).toEqual(chase);

    // The same signed update replayed: no second edit, the chase as it was.
    expect(await post({ ...done.update })).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.message(G, r1.messageId)!.edits).toBe(1);
    expect(await chaseOf(id)).toEqual(chase);

    await say(G, `/history ${id}`);
    const hist = await waitHeld(G, (m) => m.text.startsWith(`History of #${id}`), 'the history');
    expect(hist.text).toMatch(/closed by Carol \(telegram\) at /);
  }, 40_000);

  it('a snooze moves only the next reminder of the occurrence, and the message says until when', async () => {
    const G = -5002;
    await say(G, '/add every day at 06:00 pay the invoices Bob chase every 2s');
    const id = await createdId(G);
    const before = (await store.findTask(h.svc.database.db, id))!;
    // Open an occurrence now, as the schedule would: a chase starts with a fired occurrence.
    await store.openChase(h.svc.database.db, { taskId: id, runId: null, scheduledFor: Date.now(), openedAt: Date.now(), nextChaseAt: Date.now() + 1000 });
    h.svc.engine.notify();
    const r1 = await waitHeld(G, (m) => m.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder');
    const tapped = Date.now();
    const s = await tap(G, r1, data(r1, /Snooze 15 min/), ALICE);
    expect(s.toast).toMatch(/^Next reminder at /);
    const chase = await chaseOf(id);
    expect(chase.closedAt).toBeNull();
    expect(chase.nextChaseAt! - tapped).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(chase.nextChaseAt! - tapped).toBeLessThanOrEqual(15 * 60_000 + 5000);
    const edited = fake.message(G, r1.messageId)!;
    expect(edited.text).toMatch(/\n⏰ Snoozed by Alice \(telegram\) until /);
    expect(edited.keyboard).toBeUndefined();
    // Two chase periods pass without a reminder; the schedule did not move.
    const count = chase.count;
    await new Promise((r) => setTimeout(r, 4500));
    expect(held(G).filter((m) => m.text.startsWith(`⏰ #${id} reminder`)).length).toBe(count);
    expect((await store.findTask(h.svc.database.db, id))!.nextRunAt).toBe(before.nextRunAt);
  }, 40_000);

  it('Skip next on a result skips the next occurrence and history says who skipped it', async () => {
    const G = -5003;
    await say(G, '/add every day at 06:00 water the plants');
    const id = await createdId(G);
    const db = h.svc.database.db;
    const slot = (await store.findTask(db, id))!.nextRunAt!;
    await say(G, `/run ${id}`);
    const result = await waitHeld(G, (m) => m.text.includes('water the plants') && !m.text.includes('created') && m.keyboard !== undefined, 'the result with its button');
    expect(labels(result)).toEqual([['⏭ Skip next']]);
    const skip = data(result, /Skip/);
    const s = await tap(G, result, skip, CAROL);
    expect(s.toast).toMatch(/^Skipped /);
    const task = (await store.findTask(db, id))!;
    expect(task.nextRunAt).toBe(slot + 86_400_000);
    const runs = await store.listRuns(db, id, 10);
    expect(runs.find((r) => r.status === 'skipped')).toMatchObject({ scheduledFor: slot, message: 'skipped by Carol (telegram)' });
    expect(fake.message(G, result.messageId)!.text).toMatch(/\n⏭ Carol \(telegram\) skipped the run of /);
    await say(G, `/history ${id}`);
    const hist = await waitHeld(G, (m) => m.text.startsWith(`History of #${id}`), 'the history');
    expect(hist.text).toMatch(/skipped · skipped by Carol \(telegram\)/);
    // Tapped again (the same button, from a client that still shows it): one skip only.
    const again = await tap(G, result, skip, ALICE);
    expect(again.toast).toMatch(/^Already handled by Carol \(telegram\)/);
    expect((await store.findTask(db, id))!.nextRunAt).toBe(slot + 86_400_000);
  }, 40_000);

  it('refuses a forged token and a token of another chat without changing anything', async () => {
    const A = -5004;
    const B = -5005;
    await say(A, '/add every day at 06:00 rotate the keys');
    const idA = await createdId(A);
    await say(A, `/run ${idA}`);
    const result = await waitHeld(A, (m) => m.text.includes('rotate the keys') && m.keyboard !== undefined, 'the result in chat A');
    await say(B, '/list');
    const inB = await waitHeld(B, () => true, 'a message in chat B');
    const slot = (await store.findTask(h.svc.database.db, idA))!.nextRunAt;

    const forged = await tap(A, result, 'cc1:AAAAAAAAAAAAAAAAAAAAAA:k', ALICE);
    expect(forged.toast).toBe('This button is not valid here');
    const junk = await tap(A, result, 'drop table tasks', ALICE);
    expect(junk.toast).toBe('This button is not valid here');
    // A's real token, sent from chat B: looked up, bound to chat A, refused.
    const crossed = await tap(B, inB, data(result, /Skip/), ALICE);
    expect(crossed.toast).toBe('This button is not valid here');
    expect((await store.findTask(h.svc.database.db, idA))!.nextRunAt).toBe(slot);
    expect(fake.message(A, result.messageId)!.edits).toBe(0);
    // A forged webhook (wrong secret) is not even read.
    expect(await post(fake.tapUpdate({ chatId: A, messageId: result.messageId, from: ALICE, data: data(result, /Skip/) }), 'wrong')).toBe(401);
    expect((await store.findTask(h.svc.database.db, idA))!.nextRunAt).toBe(slot);
  }, 40_000);

  it('under closers: owner refuses a member politely, lets the owner close, and answers after a delete', async () => {
    const G = -5006;
    await say(G, '/add in 2 seconds deploy the release Bob chase every 2s');
    const id = await createdId(G);
    const patched = await fetch(`${h.svc.url}/api/tasks/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ closers: 'owner' }) });
    expect(patched.status).toBe(200);
    expect((await patched.json()).closers).toBe('owner');
    const r1 = await waitHeld(G, (m) => m.text.startsWith(`⏰ #${id} reminder 1`), 'the first reminder');
    const done = data(r1, /Done/);
    const refused = await tap(G, r1, done, CAROL);
    expect(refused.toast).toBe(`Sorry, only its owner Bob can close #${id}`);
    expect((await chaseOf(id)).closedAt).toBeNull();
    expect(fake.message(G, r1.messageId)!.edits).toBe(0);
    // Typed /done follows the same rule.
    await say(G, `/done ${id}`, CAROL);
    await waitHeld(G, (m) => m.text.includes(`only its owner Bob can close task ${id}`), 'the typed refusal');
    expect((await chaseOf(id)).closedAt).toBeNull();

    const ok = await tap(G, r1, done, BOB);
    expect(ok.toast).toBe(`Done: #${id} is closed`);
    expect(await chaseOf(id)).toMatchObject({ closeReason: 'done', closedBy: 'Bob (telegram)' });

    const r2 = held(G).find((m) => m.text.startsWith(`⏰ #${id} reminder`) && m.keyboard !== undefined && m.messageId !== r1.messageId);
    const later = r2 ?? (await waitHeld(G, (m) => m.text.includes('deploy the release') && m.keyboard !== undefined && m.messageId !== r1.messageId, 'another message with buttons'));
    await say(G, `/delete ${id}`);
    await waitHeld(G, (m) => /deleted/i.test(m.text) && m.text.includes(`#${id}`), 'the deletion');
    const gone = await tap(G, later, data(later, /Done/), BOB);
    expect(gone.toast).toBe('This task no longer exists');
  }, 40_000);
});

describe('Telegram buttons over long polling, in Chinese', () => {
  let fake: FakeTelegramServer;
  let h: Awaited<ReturnType<typeof startTestService>>;

  beforeAll(async () => {
    fake = await FakeTelegramServer.start({ token: TOKEN, maxHoldMs: 200 });
    h = await startTestService({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, { admins: { telegram: [String(ALICE.id)] } });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it('labels the buttons 完成 / 稍后 and closes the occurrence from a callback_query fetched by getUpdates', async () => {
    const G = -6001;
    fake.enqueue(textUpdate({ messageId: 1, chat: { id: G, type: 'supergroup' }, from: ALICE, text: '/add in 2 seconds 提交日报 chase every 2s' }));
    const result = await waitFor(async () => [...fake.messages.values()].find((m) => m.chatId === String(G) && m.text.includes('提交日报') && m.keyboard !== undefined), 15_000, 'the occurrence');
    expect(result.keyboard!.map((row) => row.map((b) => b.text))).toEqual([['✅ 完成'], ['稍后 15分钟', '稍后 1小时', '明天 09:00', '稍后 2秒']]);
    const u = fake.tapUpdate({ chatId: G, messageId: result.messageId, from: CAROL, data: result.keyboard![0][0].callback_data });
    const qid = (u as unknown as { callback_query: { id: string } }).callback_query.id;
    fake.enqueue(u);
    const q = await waitFor(async () => fake.callbackQueries.get(qid)?.answered && fake.callbackQueries.get(qid), 10_000, 'the callback answer');
    expect(q.text).toMatch(/^已结单：#\d+$/);
    await waitFor(async () => fake.message(G, result.messageId)!.edits > 0, 10_000, 'the edit');
    expect(fake.message(G, result.messageId)!.text).toMatch(/\n✅ 已由 Carol \(telegram\) 于 .+ 结单$/);
    const getUpdates = fake.callsOf('getUpdates').at(-1)!;
    expect(getUpdates.body.allowed_updates).toEqual(['message', 'callback_query']);
  }, 40_000);
});
