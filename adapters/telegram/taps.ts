import type { Api } from 'grammy';
import type { CallbackQuery } from 'grammy/types';
import type { AdapterContext, ChatTap } from '../../src/chat/index.ts';
import { displayName, PLATFORM } from './inbound.ts';

/** A callback_query as the ChatTap the service applies; null when it is not on a chat message (inline mode) or has no data. */
export function toChatTap(q: CallbackQuery, receivedAt: number): ChatTap | null {
  const message = q.message;
  if (!message || typeof q.data !== 'string') return null;
  return {
    platform: PLATFORM,
    chatId: String(message.chat.id),
    userId: String(q.from.id),
    userName: displayName(q.from),
    data: q.data,
    messageId: String(message.message_id),
    receivedAt,
  };
}

/**
 * Handles one callback_query: the tap is applied first (so a failure makes Telegram redeliver
 * the update, and the token makes that harmless), then answerCallbackQuery shows the tapper the
 * toast, and editMessageText appends who did what and drops the keyboard (an edit without
 * reply_markup removes it). A failed answer or edit is logged, not retried: the tap is applied.
 */
export async function handleCallbackQuery(api: Api, ctx: AdapterContext, q: CallbackQuery, describe: (err: unknown) => string): Promise<void> {
  const tap = toChatTap(q, Date.now());
  const answer = tap && ctx.onTap ? await ctx.onTap(tap) : undefined;
  await api.answerCallbackQuery(q.id, answer ? { text: answer.toast.slice(0, 200) } : {}).catch((err) => ctx.log.warn({ err: describe(err) }, 'telegram: answerCallbackQuery failed'));
  const message = q.message;
  if (!answer?.status || !message || !('text' in message) || typeof message.text !== 'string') return;
  // The plain text Telegram gives back, without parse_mode: nothing a user wrote becomes markup.
  await api
    .editMessageText(message.chat.id, message.message_id, `${message.text}\n${answer.status}`.slice(0, 4096), { link_preview_options: { is_disabled: true } })
    .catch((err) => ctx.log.warn({ err: describe(err) }, 'telegram: editMessageText failed'));
}
