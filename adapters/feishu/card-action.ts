import type { AdapterContext, ChatTap, TapAnswer, WebhookResponse } from '../../src/chat/index.ts';
import { PLATFORM } from './inbound.ts';
import { cardJson } from './outbound.ts';

/** The card.action.trigger event's fields we read (open.feishu.cn 卡片回传交互, schema 2.0). */
export interface CardActionEvent {
  operator?: { open_id?: string };
  action?: { tag?: string; value?: unknown };
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** What answering a card action needs. */
export interface CardActionDeps {
  context(): AdapterContext | undefined;
  nameOf(openId: string): Promise<string>;
  /** The text of a card we sent, when this replica remembers it. */
  textOf(messageId: string): string | undefined;
}

const json = (body: object): WebhookResponse => ({ status: 200, body: JSON.stringify(body), contentType: 'application/json' });

/** The ChatTap of a button click on one of our cards, or null. */
export function toChatTap(ev: CardActionEvent, userName: string, receivedAt: number): ChatTap | null {
  const value = ev.action?.value as { cc?: unknown } | undefined;
  const chatId = ev.context?.open_chat_id;
  const userId = ev.operator?.open_id;
  if (!value || typeof value.cc !== 'string' || !chatId || !userId) return null;
  const messageId = ev.context?.open_message_id;
  return { platform: PLATFORM, chatId, userId, userName, data: value.cc, ...(messageId ? { messageId } : {}), receivedAt };
}

/**
 * Answers a card.action.trigger in the HTTP response, as Feishu asks (within 3 s): a toast for
 * the clicker and, when the tap changed something, the card again with the status line and no
 * buttons (`card.type: raw`). A refused tap answers with a toast and leaves the card as it is.
 * The callback does not carry the card's content: the text comes from what this replica sent,
 * else the updated card shows the status line alone.
 */
export async function answerCardAction(ev: CardActionEvent, deps: CardActionDeps): Promise<WebhookResponse> {
  const ctx = deps.context();
  if (!ctx?.onTap) return json({});
  const open = ev.operator?.open_id;
  const tap = toChatTap(ev, open ? await deps.nameOf(open) : '', Date.now());
  if (!tap) return json({});
  const answer: TapAnswer = await ctx.onTap(tap);
  const toast = { type: answer.status ? 'success' : 'warning', content: answer.toast };
  if (!answer.status) return json({ toast });
  const before = tap.messageId ? deps.textOf(tap.messageId) : undefined;
  const text = before ? `${before}\n${answer.status}` : answer.status;
  return json({ toast, card: { type: 'raw', data: cardJson({ text }, false) } });
}
