import type { Api } from 'grammy';
import type { AdapterLimits, Outgoing, SendResult } from '../../src/chat/index.ts';
import { toAdapterError } from './errors.ts';
import { renderHtml, withMentions } from './format.ts';
import { splitText, TELEGRAM_MAX_LENGTH } from './split.ts';

/** What Telegram accepts: 4096 characters of HTML-formatted text, about 20 messages a minute in a group. */
export const TELEGRAM_LIMITS: AdapterLimits = {
  maxLength: TELEGRAM_MAX_LENGTH,
  lengthUnit: 'chars',
  markdown: 'telegram-html',
  perChatPerMinute: 20,
  buttons: true,
};

/** Outgoing buttons as Telegram's inline keyboard (callback_data is our 1–64 byte token data). */
export function inlineKeyboard(out: Outgoing): { inline_keyboard: { text: string; callback_data: string }[][] } | undefined {
  const rows = (out.buttons ?? []).map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))).filter((r) => r.length > 0);
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/** Telegram's chat ids are integers; "@channelname" and other strings pass through. */
function toChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

/**
 * Sends one Outgoing as one or more HTML messages (split at line breaks past 4096 characters).
 * `out.markdown` is ignored: the plain text is escaped, so nothing a user wrote becomes markup.
 * The reply goes on the first piece; the result carries the first piece's message id.
 */
export async function sendOutgoing(api: Api, token: string, chatId: string, out: Outgoing): Promise<SendResult> {
  const mentions = out.mentions ?? [];
  const pieces = splitText(withMentions(out.text, mentions), TELEGRAM_MAX_LENGTH);
  const linked = new Set<string>();
  let first: string | undefined;
  const keyboard = inlineKeyboard(out);
  for (const [i, piece] of pieces.entries()) {
    const { html, linked: now } = renderHtml(piece, mentions, linked);
    for (const id of now) linked.add(id);
    const replyTo = i === 0 && out.replyToMessageId !== undefined && /^\d+$/.test(out.replyToMessageId) ? Number(out.replyToMessageId) : undefined;
    try {
      const sent = await api.sendMessage(toChatId(chatId), html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        // The buttons go under the last piece, where the reader finishes.
        ...(keyboard && i === pieces.length - 1 ? { reply_markup: keyboard } : {}),
      });
      first ??= String(sent.message_id);
    } catch (err) {
      throw toAdapterError(err, 'sendMessage', token);
    }
  }
  return first === undefined ? {} : { messageId: first };
}
