import type { ChatMessage, Outgoing } from '../chat/index.ts';
import type { ChatFn } from './deps.ts';

/** The chat the status page's command box writes in: its tasks are listed as `web:status-page`. */
export const WEB_CHAT = { platform: 'web', chatId: 'status-page', userId: 'operator' } as const;

let seq = 0;

/**
 * Turns the command router (one ChatMessage in, replies out) into the status page's ChatFn.
 * The page's text is a private message from the operator to the bot, so every message is
 * addressed to it; whether the operator is an admin is the router's isAdmin('web', 'operator').
 */
export function chatFromRouter(route: (msg: ChatMessage) => Promise<Outgoing[]>, now: () => number = Date.now): ChatFn {
  return async (text) => {
    const replies = await route({
      platform: WEB_CHAT.platform,
      chatId: WEB_CHAT.chatId,
      chatType: 'private',
      messageId: `web-${now()}-${++seq}`,
      userId: WEB_CHAT.userId,
      userName: 'operator',
      text,
      mentions: [],
      addressedToBot: true,
      receivedAt: now(),
    });
    return replies.map((r) => ({ text: r.text }));
  };
}
