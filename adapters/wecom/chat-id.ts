import { PlatformError } from '../../src/domain/index.ts';

/**
 * Chat ids of the `wecom` app and the `wecom-bot` AI bot: `user:<userid>` for a one-to-one
 * chat, `chat:<chatid>` for a group chat. The prefix is what picks message/send or appchat/send.
 */
export type WecomChatRef = { kind: 'user'; id: string } | { kind: 'chat'; id: string };

/** Reads a chat id; a missing or unknown prefix is a permanent refusal. */
export function parseChatId(chatId: string): WecomChatRef {
  const m = /^(user|chat):(.+)$/.exec(chatId);
  if (!m) throw new PlatformError('WeCom chat ids are "user:<userid>" or "chat:<chatid>"');
  return { kind: m[1] as 'user' | 'chat', id: m[2] };
}

/** The chat id of a one-to-one chat with userId. */
export function userChatId(userId: string): string {
  return `user:${userId}`;
}

/** The chat id of a group chat. */
export function groupChatId(chatId: string): string {
  return `chat:${chatId}`;
}
