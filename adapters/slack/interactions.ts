import type { AdapterContext, ChatTap, TapAnswer } from '../../src/chat/index.ts';
import { escapeSlack, PLATFORM } from './inbound.ts';
import { sectionBlocks } from './outbound.ts';

/** A block_actions payload, the fields we read (docs.slack.dev/reference/interaction-payloads/block_actions-payload). */
export interface BlockActionsPayload {
  type?: string;
  user?: { id?: string; username?: string; name?: string };
  channel?: { id?: string };
  container?: { type?: string; message_ts?: string; channel_id?: string };
  message?: { ts?: string; text?: string };
  actions?: { action_id?: string; value?: string; type?: string }[];
}

/** What answering a tap needs from the adapter: its Web API calls. */
export interface InteractionDeps {
  context(): AdapterContext | undefined;
  nameOf(userId: string): Promise<string>;
  /** chat.update: the message with the status line and no buttons. */
  update(channel: string, ts: string, text: string): Promise<void>;
  /** chat.postEphemeral: the acknowledgement only the tapper sees. */
  ephemeral(channel: string, user: string, text: string): Promise<void>;
  log(obj: object, msg: string): void;
}

/** The ChatTap in a block_actions payload, or null when it is not a button of ours on a channel message. */
export function toChatTap(p: BlockActionsPayload, userName: string, receivedAt: number): ChatTap | null {
  const action = p.actions?.[0];
  const channel = p.channel?.id ?? p.container?.channel_id;
  const user = p.user?.id;
  if (p.type !== 'block_actions' || !action || typeof action.value !== 'string' || !channel || !user) return null;
  const ts = p.container?.message_ts ?? p.message?.ts;
  return { platform: PLATFORM, chatId: channel, userId: user, userName, data: action.value, ...(ts ? { messageId: ts } : {}), receivedAt };
}

/**
 * One block_actions payload (HTTP or Socket Mode): the tap is applied, the tapper gets an
 * ephemeral message, and the message is updated in place (status appended, buttons removed).
 * Slack wants the HTTP 200 within 3 s; applying a tap is one short transaction, and the two
 * Web API calls go after the answer is known. Throws only when the tap could not be applied
 * (the caller answers 503; a retried delivery is harmless, the token is used once).
 */
export async function handleBlockActions(p: BlockActionsPayload, deps: InteractionDeps): Promise<void> {
  const ctx = deps.context();
  if (!ctx?.onTap || p.type !== 'block_actions') return;
  const userName = p.user?.id ? await deps.nameOf(p.user.id).catch(() => p.user?.name ?? p.user?.username ?? p.user!.id!) : '';
  const tap = toChatTap(p, userName, Date.now());
  if (!tap) return;
  const answer: TapAnswer = await ctx.onTap(tap);
  await deps.ephemeral(tap.chatId, tap.userId, answer.toast).catch((err: unknown) => deps.log({ err: (err as Error).message }, 'slack: chat.postEphemeral failed'));
  if (!answer.status || !tap.messageId) return;
  // message.text is Slack's own (already escaped) text; the status line is ours to escape.
  const text = `${p.message?.text ?? ''}\n${escapeSlack(answer.status)}`;
  await deps.update(tap.chatId, tap.messageId, text).catch((err: unknown) => deps.log({ err: (err as Error).message }, 'slack: chat.update failed'));
}

/** The blocks of an updated message: its text only, the buttons gone. */
export function updatedBlocks(text: string): ReturnType<typeof sectionBlocks> {
  return sectionBlocks(text);
}
