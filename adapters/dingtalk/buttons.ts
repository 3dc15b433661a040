import type { ActionButton, ChatTap, Outgoing } from '../../src/chat/index.ts';
import { PLATFORM, type RobotCallback } from './inbound.ts';

/**
 * Buttons on DingTalk: an ActionCard whose buttons are message links
 * (`dtmd://dingtalkclient/sendMessage?content=…`, open.dingtalk.com 消息链接说明). A tap makes
 * the tapper's client send the button's text to the robot, as that person; it comes back as
 * an ordinary signed message callback (the sign check, the pair replay table and the msgId
 * dedupe all apply), and the text carries the button's data (`cc1:<token>:<choice>`), looked
 * up server side like every platform's. Chosen over the interactive card (互动卡片): that card
 * needs a template designed in DingTalk's card builder and a separately registered callback
 * route, which an operator cannot set up from chatcron's config; the ActionCard needs nothing
 * beyond the robot. What it cannot do: change the card after a tap, so the answer is a reply.
 */
export const MAX_DINGTALK_BUTTONS = 5; // the robot API's widest ActionCard template (sampleActionCard5)

const DATA_IN_TEXT = /cc1:[A-Za-z0-9_-]{22}:[a-z0-9]{1,4}/;

/** The message link a button opens: the tapper sends "<label> <data>" to the robot. */
export function tapLink(b: ActionButton): string {
  // Parentheses too: a link inside markdown ends at the first ")".
  const content = encodeURIComponent(`${b.label} ${b.data}`).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `dtmd://dingtalkclient/sendMessage?content=${content}`;
}

/** At most five buttons, in order (the last snooze choices go first when there are more). */
export function cardButtons(out: Outgoing): ActionButton[] {
  return (out.buttons ?? []).flat().slice(0, MAX_DINGTALK_BUTTONS);
}

/** The button data a tapped link sent, when a callback's text is one. */
export function tapDataOf(text: string): string | undefined {
  return DATA_IN_TEXT.exec(text)?.[0];
}

/** The ChatTap of a message callback that a button link sent, or null for any other message. */
export function callbackToChatTap(cb: RobotCallback, receivedAt: number): ChatTap | null {
  if (cb.msgtype !== 'text' || typeof cb.text?.content !== 'string' || typeof cb.conversationId !== 'string') return null;
  const data = tapDataOf(cb.text.content);
  const userId = typeof cb.senderStaffId === 'string' && cb.senderStaffId ? cb.senderStaffId : undefined;
  if (!data || !userId) return null;
  const name = typeof cb.senderNick === 'string' && cb.senderNick ? cb.senderNick : userId;
  return { platform: PLATFORM, chatId: cb.conversationId, userId, userName: name, data, ...(typeof cb.msgId === 'string' ? { messageId: cb.msgId } : {}), receivedAt };
}
