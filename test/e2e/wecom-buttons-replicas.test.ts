import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import * as store from '../../src/store/index.ts';
import { freshDatabaseUrl, mysqlAvailable } from '../support/databases.ts';
import { appEnvelope, appTextXml, postCallback, WECOM_TEST } from '../fakes/wecom-harness.ts';
import { FakeWecomServer } from '../fakes/wecom-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// Two replicas on one MariaDB schema behind one WeCom app: a tap's callback that reaches both
// (a load balancer, WeCom's retry) is applied by one; the card is updated once, and the other
// replica tells the tapper it was already closed.
const hasMysql = await mysqlAvailable();

describe.skipIf(!hasMysql)('one WeCom card tap delivered to two replicas on MariaDB', () => {
  let fake: FakeWecomServer;
  let db: { url: string; drop(): Promise<void> };
  let a: Awaited<ReturnType<typeof startTestService>>;
  let b: Awaited<ReturnType<typeof startTestService>>;
  const crypto = new WecomCrypto(WECOM_TEST.token, WECOM_TEST.aesKey, WECOM_TEST.corpId);

  beforeAll(async () => {
    fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
    db = await freshDatabaseUrl('mysql');
    const env = { DATABASE_URL: db.url, WECOM_API_BASE: fake.url, WECOM_CORP_ID: WECOM_TEST.corpId, WECOM_AGENT_ID: WECOM_TEST.agentId, WECOM_SECRET: WECOM_TEST.secret, WECOM_TOKEN: WECOM_TEST.token, WECOM_AES_KEY: WECOM_TEST.aesKey };
    a = await startTestService(env);
    b = await startTestService(env);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
    await db?.drop();
  });

  it('closes the occurrence once and updates the card once', async () => {
    const xml = appTextXml({ from: 'alice', text: 'in 2 seconds close the books chase every 10m', msgId: '4000000000000000001' });
    expect((await postCallback(`${a.svc.url}/wecom/callback`, crypto, appEnvelope, xml)).status).toBe(200);
    const card = await waitFor(async () => [...fake.cards.values()].find((c) => c.touser === 'alice' && c.text.includes('close the books')), 20_000, 'the card');
    const done = card.buttons.find((btn) => /完成|Done/.test(btn.text))!.key;
    const event = fake.cardEventXml({ from: 'alice', taskId: card.taskId, key: done, responseCode: fake.issueCardCode(card.taskId), agentId: WECOM_TEST.agentId });
    // The same signed callback, to both replicas at once.
    const opts = { nonce: 'n-both', timestamp: String(Math.floor(Date.now() / 1000)) };
    const statuses = await Promise.all([a, b].map((r) => postCallback(`${r.svc.url}/wecom/callback`, crypto, appEnvelope, event, opts).then((res) => res.status)));
    expect(statuses).toEqual([200, 200]);
    expect(card.updates).toBe(1);
    expect(card.replacedWith).toMatch(/alice \(wecom\)/);
    const told = await waitFor(async () => fake.succeeded('/cgi-bin/message/send').filter((c) => c.body?.touser === 'alice' && /^(Already closed|已由) /.test(((c.body.text as { content?: string }) ?? {}).content ?? '')), 10_000, 'the "already closed" message');
    expect(told).toHaveLength(1);
    // A fresh schema: the one task there is.
    const { id } = await a.svc.database.db.selectFrom('tasks').select('id').executeTakeFirstOrThrow();
    const chases = await store.listChases(a.svc.database.db, id, 5);
    expect(chases).toHaveLength(1);
    expect(chases[0]).toMatchObject({ closeReason: 'done', closedBy: 'alice (wecom)' });
    expect((await store.listUsedActions(a.svc.database.db, id)).map((t) => t.used?.byName)).toEqual(['alice (wecom)']);
  }, 90_000);
});
