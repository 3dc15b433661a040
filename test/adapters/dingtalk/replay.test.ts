import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINGTALK_TEST, FakeDingtalkServer } from '../../fakes/dingtalk-server.ts';
import { freshDatabaseUrl, mysqlAvailable } from '../../support/databases.ts';
import { startTestService } from '../../support/service.ts';
import { waitFor } from '../../support/service-process.ts';

// DingTalk's signature covers only the timestamp: whoever captures one callback's `timestamp`
// and `sign` headers could, for an hour, send any body under them. A used pair must be refused
// with another body, on every replica.

const ALICE = { id: 'alice01', name: 'Alice' }; // an admin
const BOB = { id: 'bob02', name: 'Bob' };
const CONFIG = { admins: { dingtalk: [ALICE.id] }, actions: { disk: [process.execPath, '-e', "console.log('disk ok')"] } };
type Svc = Awaited<ReturnType<typeof startTestService>>;

const env = (fake: FakeDingtalkServer, extra: Record<string, string> = {}) => ({ DINGTALK_APP_KEY: DINGTALK_TEST.appKey, DINGTALK_APP_SECRET: DINGTALK_TEST.appSecret, DINGTALK_API_BASE: fake.url, ...extra });
const post = (svc: Svc, headers: Record<string, string>, body: object) => fetch(`${svc.svc.url}/dingtalk/callback`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const tasks = async (svc: Svc) => (await svc.svc.database.db.selectFrom('tasks').select(['id', 'action']).execute()).length;

/** Bob's harmless callback, whose headers the attacker captures, and the admin command the attacker sends under them. */
function capture(fake: FakeDingtalkServer, chatId: string) {
  const headers = FakeDingtalkServer.sign();
  const genuine = fake.callback({ chatId, group: true, from: BOB, text: '/tz' });
  const forged = fake.callback({ chatId, group: true, from: ALICE, text: 'every day at 9 run disk' });
  return { headers, genuine, forged };
}

describe('a captured DingTalk timestamp and sign', () => {
  let fake: FakeDingtalkServer;
  let h: Svc;
  beforeAll(async () => {
    fake = await new FakeDingtalkServer().start();
    h = await startTestService(env(fake), CONFIG);
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it('is refused with another body, so it cannot create a command task as an admin', async () => {
    const { headers, genuine, forged } = capture(fake, 'cidCaptured1');
    expect((await post(h, headers, genuine)).status).toBe(200);
    await waitFor(async () => fake.sentTo('cidCaptured1').find((p) => /timezone/i.test(p.text)), 10_000, "the answer to Bob's /tz");
    const before = await tasks(h);
    expect((await post(h, headers, forged)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks(h)).toBe(before);
    expect(fake.sentTo('cidCaptured1').filter((p) => /created/i.test(p.text))).toEqual([]);
  });

  it('is refused first-come: once the forged body used it, the genuine one is refused too, and the pair acts once', async () => {
    const { headers, genuine, forged } = capture(fake, 'cidCaptured2');
    const before = await tasks(h);
    expect((await post(h, headers, forged)).status).toBe(200);
    await waitFor(async () => fake.sentTo('cidCaptured2').find((p) => /created/i.test(p.text)), 10_000, 'the confirmation');
    expect((await post(h, headers, genuine)).status).toBe(401);
    expect((await post(h, headers, forged)).status).toBe(200); // DingTalk's retry of the same body is acknowledged, not acted on
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks(h)).toBe(before + 1);
  });

  it('cannot carry a handled message id again under a fresh pair', async () => {
    const cb = fake.callback({ chatId: 'cidCaptured3', group: true, from: ALICE, text: 'every day at 10 run disk' });
    const before = await tasks(h);
    expect((await post(h, FakeDingtalkServer.sign(), cb)).status).toBe(200);
    await waitFor(async () => fake.sentTo('cidCaptured3').find((p) => /created/i.test(p.text)), 10_000, 'the confirmation');
    expect((await post(h, FakeDingtalkServer.sign(), cb)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks(h)).toBe(before + 1);
  });

  it('prunes the pairs whose timestamps have expired', async () => {
    const db = h.svc.database.db;
    const hour = 3_600_000;
    await db.insertInto('callbackReplays').values({ name: 'dingtalk:sign:expired', digest: '0'.repeat(64), expiresAt: Date.now() - 2 * hour }).execute();
    // Every callback sweeps the rows whose timestamps can no longer pass the signature check.
    const { headers, genuine } = capture(fake, 'cidCaptured4');
    expect((await post(h, headers, genuine)).status).toBe(200);
    const rows = await db.selectFrom('callbackReplays').select(['name', 'expiresAt']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.name)).not.toContain('dingtalk:sign:expired');
  });
});

describe.runIf(await mysqlAvailable())('two replicas on one MariaDB', () => {
  let fake: FakeDingtalkServer;
  let a: Svc;
  let b: Svc;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    fake = await new FakeDingtalkServer().start();
    const db = await freshDatabaseUrl('mysql');
    drop = db.drop;
    a = await startTestService(env(fake, { DATABASE_URL: db.url }), CONFIG);
    b = await startTestService(env(fake, { DATABASE_URL: db.url }), CONFIG);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
    await drop?.();
  });

  it('refuse on the second replica a pair the first one used', async () => {
    const { headers, genuine, forged } = capture(fake, 'cidTwoReplicas');
    expect((await post(a, headers, genuine)).status).toBe(200);
    await waitFor(async () => fake.sentTo('cidTwoReplicas').find((p) => /timezone/i.test(p.text)), 10_000, "the answer to Bob's /tz");
    const before = await tasks(b);
    expect((await post(b, headers, forged)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks(b)).toBe(before);
  });

  it('act once on a message id the other replica handled', async () => {
    const cb = fake.callback({ chatId: 'cidTwoReplicas2', group: true, from: ALICE, text: 'every day at 11 run disk' });
    const before = await tasks(a);
    expect((await post(a, FakeDingtalkServer.sign(), cb)).status).toBe(200);
    await waitFor(async () => fake.sentTo('cidTwoReplicas2').find((p) => /created/i.test(p.text)), 10_000, 'the confirmation');
    expect((await post(b, FakeDingtalkServer.sign(), cb)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await tasks(b)).toBe(before + 1);
  });
});
