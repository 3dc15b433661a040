import { afterEach, describe, expect, it } from 'vitest';
import { memberDirectoryFor, mentionedNames } from '../../../adapters/wecom/members.ts';
import { resolveTuning } from '../../../adapters/wecom/config.ts';
import { FakeWecomServer } from '../../fakes/wecom-server.ts';
import { WECOM_TEST } from '../../fakes/wecom-harness.ts';

let fake: FakeWecomServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function directory() {
  fake = await new FakeWecomServer({ corpId: WECOM_TEST.corpId, secret: WECOM_TEST.secret }).start();
  const app = { corpId: WECOM_TEST.corpId, agentId: WECOM_TEST.agentId, secret: WECOM_TEST.secret, token: WECOM_TEST.token, aesKey: WECOM_TEST.aesKey };
  return memberDirectoryFor(app, resolveTuning({ apiBase: fake.url, timeoutMs: 2000 }));
}

describe('WeCom @name resolution', () => {
  it('reads "@name" after a space or at the start, not inside an e-mail address', () => {
    expect(mentionedNames('@张三 每天9点 检查备份 @李四，mail ops@example.com @张三')).toEqual(['张三', '李四']);
  });

  it('finds a member by name or userid, and guesses neither of two members with one name', async () => {
    const d = await directory();
    fake!.members.set('zhangsan', '张三').set('wangwu1', '王五').set('wangwu2', '王五');
    expect(await d.resolve('提醒 @张三 和 @wangwu1 还有 @王五')).toEqual({ mentions: [{ id: 'zhangsan', name: '张三' }, { id: 'wangwu1', name: 'wangwu1' }], unresolved: ['王五'] });
  });

  it('leaves every name unresolved when the directory is refused, and does not ask again at once', async () => {
    const d = await directory();
    fake!.members.set('zhangsan', '张三');
    fake!.directoryRefusal = 60011;
    expect(await d.resolve('@张三')).toEqual({ mentions: [], unresolved: ['张三'] });
    expect(await d.resolve('@张三')).toEqual({ mentions: [], unresolved: ['张三'] });
    expect(fake!.calls.filter((c) => c.path === '/cgi-bin/user/simplelist')).toHaveLength(1);
  });
});
