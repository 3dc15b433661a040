import { afterEach, describe, expect, it } from 'vitest';
import { callbackToChatTap, robotMessage, sessionBody, tapDataOf } from '../../../adapters/dingtalk/index.ts';
import type { ActionButton } from '../../../src/chat/index.ts';
import { startDingtalkRig, type DingtalkRig } from '../../fakes/dingtalk-harness.ts';
import { FakeDingtalkServer } from '../../fakes/dingtalk-server.ts';

const T = 'AbCdEfGhIjKlMnOpQrStUv';
const rows: ActionButton[][] = [
  [{ label: '✅ 完成', data: `cc1:${T}:d`, primary: true }, { label: '⏭ 跳过下次', data: `cc1:${T}:k` }],
  [{ label: '稍后 15分钟', data: `cc1:${T}:s15` }, { label: '稍后 1小时', data: `cc1:${T}:s60` }, { label: '明天 09:00', data: `cc1:${T}:stm` }, { label: '稍后 30分钟', data: `cc1:${T}:sp` }],
];
const link = (text: string) => `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(text)}`;

let rig: DingtalkRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('DingTalk buttons', () => {
  it('draws an ActionCard of at most five message links when nobody is to be notified', () => {
    expect(sessionBody({ text: '✅ #2 backup\nall good', buttons: rows })).toEqual({
      msgtype: 'actionCard',
      actionCard: {
        title: '✅ #2 backup',
        text: '✅ #2 backup  \nall good',
        btnOrientation: '0',
        btns: [
          { title: '✅ 完成', actionURL: link(`✅ 完成 cc1:${T}:d`) },
          { title: '⏭ 跳过下次', actionURL: link(`⏭ 跳过下次 cc1:${T}:k`) },
          { title: '稍后 15分钟', actionURL: link(`稍后 15分钟 cc1:${T}:s15`) },
          { title: '稍后 1小时', actionURL: link(`稍后 1小时 cc1:${T}:s60`) },
          { title: '明天 09:00', actionURL: link(`明天 09:00 cc1:${T}:stm`) },
        ],
      },
    });
  });

  it('uses sampleActionCardN of the robot API, N buttons as actionTitleN / actionURLN', () => {
    const m = robotMessage({ text: 'renew', buttons: [rows[0]] });
    expect(m.msgKey).toBe('sampleActionCard2');
    expect(JSON.parse(m.msgParam)).toEqual({ title: 'renew', text: 'renew', actionTitle1: '✅ 完成', actionURL1: link(`✅ 完成 cc1:${T}:d`), actionTitle2: '⏭ 跳过下次', actionURL2: link(`⏭ 跳过下次 cc1:${T}:k`) });
    expect(robotMessage({ text: 'x', buttons: [[rows[0][0]]] }).msgKey).toBe('sampleActionCard');
  });

  it('reads a tap from the text a link sent, and nothing from other text', () => {
    const cb = { msgId: 'm1', msgtype: 'text', text: { content: ` ✅ 完成 cc1:${T}:d` }, conversationId: 'cid1', senderStaffId: 'bob02', senderNick: 'Bob' };
    expect(callbackToChatTap(cb, 5)).toEqual({ platform: 'dingtalk', chatId: 'cid1', userId: 'bob02', userName: 'Bob', data: `cc1:${T}:d`, messageId: 'm1', receivedAt: 5 });
    expect(callbackToChatTap({ ...cb, text: { content: '完成' } }, 5)).toBeNull();
    expect(tapDataOf('cc1:short:d')).toBeUndefined();
  });

  it('sends the card through the robot API when the session webhook has expired; the fake checks every button', async () => {
    rig = await startDingtalkRig();
    const cb = rig.fake.callback({ chatId: 'cidRobotApi01', group: true, from: { id: 'alice01', name: 'Alice' }, text: 'hello' });
    expect((await FakeDingtalkServer.deliver(`${rig.edge.url}/dingtalk/callback`, cb)).status).toBe(200);
    rig.fake.expireSessions();
    await rig.adapter.send('cidRobotApi01', { text: 'renew the cert', buttons: rows });
    const [p] = rig.fake.sentTo('cidRobotApi01');
    expect(p).toMatchObject({ via: 'group', msgtype: 'sampleActionCard5' });
    expect(p.buttons!.map((b) => b.content)).toEqual([`✅ 完成 cc1:${T}:d`, `⏭ 跳过下次 cc1:${T}:k`, `稍后 15分钟 cc1:${T}:s15`, `稍后 1小时 cc1:${T}:s60`, `明天 09:00 cc1:${T}:stm`]);
  });
});
