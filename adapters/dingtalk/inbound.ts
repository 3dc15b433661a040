import type { ChatMessage, Mention } from '../../src/chat/index.ts';

/** The platform name every DingTalk ChatMessage carries. */
export const PLATFORM = 'dingtalk';

/** The callback fields this adapter reads (open.dingtalk.com, 企业内部机器人 → 接收消息). */
export interface RobotCallback {
  msgId?: unknown;
  msgtype?: unknown;
  text?: { content?: unknown };
  conversationId?: unknown;
  conversationType?: unknown; // "1" one-to-one, "2" group
  senderStaffId?: unknown;
  senderId?: unknown;
  senderNick?: unknown;
  chatbotUserId?: unknown;
  atUsers?: { dingtalkId?: unknown; staffId?: unknown }[];
  isInAtList?: unknown;
  sessionWebhook?: unknown;
  sessionWebhookExpiredTime?: unknown;
  createAt?: unknown;
}

const AT_NAME = /[@＠]([^\s@＠,，:：]+)/g;

/**
 * The people a text mentions: DingTalk lists them in atUsers (ids only) and writes "@Name" in
 * the text, in the same order; the robot itself is listed but its "@Name" is already cut from
 * the text. People without a staffId (another organisation) cannot be mentioned back and are
 * left out.
 */
function mentionsOf(content: string, cb: RobotCallback): Mention[] {
  const people = (cb.atUsers ?? []).filter((u) => u.dingtalkId !== cb.chatbotUserId);
  const names = [...content.matchAll(AT_NAME)].map((m) => m[1]);
  const out: Mention[] = [];
  people.forEach((u, i) => {
    if (typeof u.staffId !== 'string' || u.staffId === '') return;
    if (!out.some((m) => m.id === u.staffId)) out.push({ id: u.staffId, name: names.length === people.length ? names[i] : u.staffId });
  });
  return out;
}

/**
 * A text callback as a ChatMessage, or undefined when it is not a person's text. The robot
 * only receives messages that @-mention it in groups (and every one-to-one message), so every
 * message is addressed to it.
 */
export function callbackToChatMessage(cb: RobotCallback, receivedAt: number): ChatMessage | undefined {
  if (cb.msgtype !== 'text' || typeof cb.text?.content !== 'string') return undefined;
  if (typeof cb.msgId !== 'string' || typeof cb.conversationId !== 'string') return undefined;
  const userId = typeof cb.senderStaffId === 'string' && cb.senderStaffId ? cb.senderStaffId : typeof cb.senderId === 'string' ? cb.senderId : undefined;
  if (!userId) return undefined;
  const content = cb.text.content;
  const created = Number(cb.createAt);
  return {
    platform: PLATFORM,
    chatId: cb.conversationId,
    chatType: cb.conversationType === '1' ? 'private' : 'group',
    messageId: cb.msgId,
    userId,
    userName: typeof cb.senderNick === 'string' && cb.senderNick ? cb.senderNick : userId,
    text: content.trim(),
    mentions: mentionsOf(content, cb),
    addressedToBot: true,
    receivedAt: Number.isFinite(created) && created > 0 ? created : receivedAt,
  };
}
