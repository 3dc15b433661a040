import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import * as store from '../../src/store/index.ts';
import { botEnvelope, postCallback, WECOM_TEST } from '../fakes/wecom-harness.ts';
import { FakeWecomServer } from '../fakes/wecom-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// WeCom callbacks carry no mention list: "@张三" is only text. The adapter looks the name up in
// the app's directory (user/simplelist) and makes that member the owner; the bot's own mention
// never is. Where the directory cannot be read, the text stays and the writer is told.
describe('@name in a WeCom AI-bot group message (the README example)', () => {
  let fake: FakeWecomServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  const bot = new WecomCrypto(WECOM_TEST.botToken, WECOM_TEST.botAesKey, '');

  beforeAll(async () => {
    fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
    fake.members.set('zhangsan', '张三').set('lisi', '李四').set('carol', 'Carol');
    h = await startTestService({
      WECOM_API_BASE: fake.url,
      WECOM_CORP_ID: WECOM_TEST.corpId,
      WECOM_AGENT_ID: WECOM_TEST.agentId,
      WECOM_SECRET: WECOM_TEST.secret,
      WECOM_TOKEN: WECOM_TEST.token,
      WECOM_AES_KEY: WECOM_TEST.aesKey,
      WECOM_BOT_TOKEN: WECOM_TEST.botToken,
      WECOM_BOT_AES_KEY: WECOM_TEST.botAesKey,
    });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  /** A group message to the AI bot from carol; resolves with the answer posted to its response_url. */
  async function say(chat: string, content: string): Promise<string> {
    const responseUrl = fake.newResponseUrl();
    const code = new URL(responseUrl).searchParams.get('response_code');
    const payload = { msgid: `m-${randomBytes(4).toString('hex')}`, aibotid: 'AIBOTID', chatid: chat, chattype: 'group', from: { userid: 'carol' }, response_url: responseUrl, msgtype: 'text', text: { content } };
    expect((await postCallback(`${h.svc.url}/wecom/bot`, bot, botEnvelope, JSON.stringify(payload), { receiveId: '' })).status).toBe(200);
    const answer = await waitFor(async () => fake.succeeded('/cgi-bin/aibot/response').find((c) => c.query.response_code === code), 15_000, 'the answer');
    return ((answer.body?.markdown as { content?: string }) ?? {}).content ?? '';
  }
  const taskOf = async (answer: string) => (await store.findTask(h.svc.database.db, Number(/#(\d+)/.exec(answer)![1])))!;

  it('makes 张三 the owner and the chase target, not the bot, and keeps the text as written', async () => {
    const answer = await say('room-readme', '@chatcron 每周五16:00 提交周报 @张三 催单30分钟 最多4次');
    expect(answer).toMatch(/已创建任务 #\d+/);
    const task = await taskOf(answer);
    expect(task.owner).toEqual({ id: 'zhangsan', name: '张三' });
    expect(task.content).toContain('@张三');
    expect(task.chase).toMatchObject({ everyMs: 30 * 60_000 });
    expect(answer).not.toContain('⚠️');
  });

  it('tells the writer, in their language, when a name is not in the directory, and makes nobody else the owner', async () => {
    const answer = await say('room-unknown', '@chatcron 每天9点 检查备份 @王五');
    const task = await taskOf(answer);
    expect(task.owner?.id).not.toBe('王五');
    expect(task.content).toContain('@王五');
    expect(answer).toContain('⚠️ 无法在企业微信通讯录中找到 @王五');
  });

  it('keeps the text and says why when the app may not read the directory (errcode 60011)', async () => {
    fake.directoryRefusal = 60011;
    // The directory read above is cached for ten minutes; a new service reads it again.
    const h2 = await startTestService({
      WECOM_API_BASE: fake.url,
      WECOM_CORP_ID: WECOM_TEST.corpId,
      WECOM_AGENT_ID: WECOM_TEST.agentId,
      WECOM_SECRET: WECOM_TEST.secret,
      WECOM_TOKEN: WECOM_TEST.token,
      WECOM_AES_KEY: WECOM_TEST.aesKey,
      WECOM_BOT_TOKEN: WECOM_TEST.botToken,
      WECOM_BOT_AES_KEY: WECOM_TEST.botAesKey,
    });
    try {
      const responseUrl = fake.newResponseUrl();
      const code = new URL(responseUrl).searchParams.get('response_code');
      const payload = { msgid: `m-${randomBytes(4).toString('hex')}`, aibotid: 'AIBOTID', chatid: 'room-refused', chattype: 'group', from: { userid: 'carol' }, response_url: responseUrl, msgtype: 'text', text: { content: '@chatcron every day at 9am check the backups @lisi' } };
      expect((await postCallback(`${h2.svc.url}/wecom/bot`, bot, botEnvelope, JSON.stringify(payload), { receiveId: '' })).status).toBe(200);
      const answer = await waitFor(async () => fake.succeeded('/cgi-bin/aibot/response').find((c) => c.query.response_code === code), 15_000, 'the answer');
      const text = ((answer.body?.markdown as { content?: string }) ?? {}).content ?? '';
      expect(text).toMatch(/Task #\d+ created/);
      expect(text).toContain('⚠️ Could not find @lisi in the WeCom directory');
      const task = (await store.findTask(h2.svc.database.db, Number(/#(\d+)/.exec(text)![1])))!;
      expect(task.owner?.id).not.toBe('lisi');
      expect(task.content).toContain('@lisi');
    } finally {
      fake.directoryRefusal = undefined;
      await h2.close();
    }
  });
});
