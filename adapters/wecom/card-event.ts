import type { AdapterContext, ChatTap, WebhookResponse } from '../../src/chat/index.ts';
import { reply } from './callback.ts';
import { userChatId } from './chat-id.ts';
import type { SeenCache } from './replay-guard.ts';

/** What answering a card tap needs from the app adapter. */
export interface CardEventDeps {
  context(): AdapterContext | undefined;
  /** message/update_template_card with the callback's response_code (the card loses its buttons). */
  updateButton(userId: string, responseCode: string, replaceName: string): Promise<void>;
  /** A message to the tapper's one-to-one chat: the acknowledgement of a tap that changed nothing. */
  notify(userId: string, text: string): Promise<void>;
}

/** True for the template_card_event of a self-built app (document/path/90240, 模板卡片事件推送). */
export function isCardEvent(f: Record<string, string>): boolean {
  return f.MsgType === 'event' && f.Event === 'template_card_event';
}

/**
 * The ChatTap of a template_card_event, or null. App cards go to one member's one-to-one chat,
 * so the chat is the tapper's own (`user:<FromUserName>`): a token issued for another member's
 * card is then "not valid here". The callback names the member by userid only.
 */
export function toChatTap(f: Record<string, string>, receivedAt: number): ChatTap | null {
  const from = f.FromUserName;
  const key = f.EventKey;
  if (!isCardEvent(f) || !from || !key) return null;
  return { platform: 'wecom', chatId: userChatId(from), userId: from, userName: from, data: key, ...(f.TaskId ? { messageId: f.TaskId } : {}), receivedAt };
}

/**
 * Applies one card tap and answers WeCom. The tap is applied before the answer (a failure
 * answers 503, so WeCom redelivers; the token makes that harmless), then the card is updated
 * with the status line in place of its buttons, or, when nothing changed, the tapper is told
 * why in a message. Failed updates and messages are logged, not retried: the tap is applied.
 */
export async function answerCardEvent(f: Record<string, string>, deps: CardEventDeps, seen: { cache: SeenCache; keys: string[] }, now: number): Promise<WebhookResponse> {
  const ctx = deps.context();
  const tap = toChatTap(f, now);
  if (!tap || !ctx?.onTap) return reply(200, 'success');
  let answer;
  try {
    answer = await ctx.onTap(tap);
  } catch (err) {
    seen.keys.forEach((k) => seen.cache.forget(k));
    ctx.log.warn({ err: (err as Error).message }, 'wecom: applying a card tap failed; asking for a retry');
    return reply(503, 'retry');
  }
  const code = f.ResponseCode;
  if (answer.status && code) {
    await deps.updateButton(tap.userId, code, answer.status).catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, 'wecom: update_template_card failed'));
  } else {
    await deps.notify(tap.userId, answer.toast).catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, 'wecom: the tap acknowledgement could not be sent'));
  }
  return reply(200, 'success');
}
