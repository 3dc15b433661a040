import { describe, expect, it } from 'vitest';
import { callbackToChatMessage, robotMessage, sessionBody } from '../../../adapters/dingtalk/index.ts';

const ROBOT = '$:LWCP_v1:$robot';
const cb = (content: string, atUsers: { dingtalkId: string; staffId?: string }[], over: Record<string, unknown> = {}) => ({
  msgId: 'msg1', msgtype: 'text', text: { content }, conversationId: 'cid1', conversationType: '2', senderStaffId: 'alice01', senderNick: '爱丽丝', chatbotUserId: ROBOT, atUsers, createAt: 1_700_000_000_000, ...over,
});

describe('reading DingTalk callbacks', () => {
  it('pairs the "@Name"s of the text with atUsers and leaves the robot out', () => {
    const msg = callbackToChatMessage(cb(' 每天9点 提醒 @张三 交周报', [{ dingtalkId: ROBOT }, { dingtalkId: '$:x', staffId: 'zhangsan' }]), 0);
    expect(msg).toMatchObject({ chatId: 'cid1', chatType: 'group', userId: 'alice01', userName: '爱丽丝', text: '每天9点 提醒 @张三 交周报', addressedToBot: true, receivedAt: 1_700_000_000_000 });
    expect(msg?.mentions).toEqual([{ id: 'zhangsan', name: '张三' }]);
  });

  it('reads a one-to-one chat as private and ignores pictures', () => {
    expect(callbackToChatMessage(cb('hi', [], { conversationType: '1' }), 0)?.chatType).toBe('private');
    expect(callbackToChatMessage(cb('hi', [], { msgtype: 'picture' }), 0)).toBeUndefined();
  });
});

describe('writing DingTalk messages', () => {
  it('notifies a mentioned person through the session webhook: "@userId" in the text and in at.atUserIds', () => {
    expect(sessionBody({ text: '@张三 please post the notes', mentions: [{ id: 'zhangsan', name: '张三' }] })).toEqual({
      msgtype: 'text',
      text: { content: '@zhangsan please post the notes' },
      at: { atUserIds: ['zhangsan'], isAtAll: false },
    });
  });

  it('sends several lines as markdown with hard line breaks', () => {
    const b = sessionBody({ text: '✅ #2 disk succeeded\nOutput\ndisk ok' }) as { msgtype: string; markdown: { title: string; text: string } };
    expect(b.msgtype).toBe('markdown');
    expect(b.markdown).toEqual({ title: '✅ #2 disk succeeded', text: '✅ #2 disk succeeded  \nOutput  \ndisk ok' });
  });

  it('names people in robot API messages, which cannot notify', () => {
    expect(robotMessage({ text: 'check the backups', mentions: [{ id: 'zhangsan', name: '张三' }] })).toEqual({ msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'check the backups\n@张三' }) });
  });
});
