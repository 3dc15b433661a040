import type { ChatMessage, Mention } from '../../src/chat/index.ts';
import { findCommand } from '../../src/chat/commands/index.ts';

/** The platform name every Slack ChatMessage carries. */
export const PLATFORM = 'slack';

/** The fields of a Slack `message` or `app_mention` event this adapter reads. */
export interface SlackMessageEvent {
  type?: unknown;
  subtype?: unknown;
  channel?: unknown;
  channel_type?: unknown;
  user?: unknown;
  bot_id?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  parent_user_id?: unknown;
}

/** Undoes Slack's escaping of the three characters it escapes (docs.slack.dev, formatting text). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Escapes what Slack asks to be escaped in text it will parse (&, <, >). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const USER_REF = /<@([A-Z0-9a-z_.-]+)(?:\|([^>]*))?>/g;

/**
 * Reads Slack's markup: `<@U123>` becomes "@U123" (the router cuts "@name" of each mention
 * out of the task text), `<#C1|general>` "#general", `<https://x|label>` the URL, `<!here>`
 * "@here". The bot's own mention is dropped from the list and reported.
 */
export function readSlackText(raw: string, botUserId: string | undefined): { text: string; mentions: Mention[]; botMentioned: boolean } {
  const mentions: Mention[] = [];
  let botMentioned = false;
  let text = raw.replace(USER_REF, (_m, id: string) => {
    if (id === botUserId) {
      botMentioned = true;
    } else if (!mentions.some((x) => x.id === id)) {
      // Events carry ids, not names: the id stands in, and outbound turns "@U123" back into <@U123>.
      mentions.push({ id, name: id });
    }
    return `@${id}`;
  });
  text = text
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<(https?:\/\/[^>|]+)(?:\|[^>]*)?>/g, '$1');
  text = unescapeSlack(text).trim();
  if (botUserId) {
    const lead = new RegExp(`^@${botUserId}[\\s,:，：]*`);
    text = text.replace(lead, '').trim();
  }
  return { text, mentions, botMentioned };
}

/** What an event needs besides itself to become a ChatMessage. */
export interface InboundContext {
  botUserId: string | undefined;
  receivedAt: number;
  /** The text of the message a thread reply answers, when known. */
  parentText?: string;
}

/**
 * A `message` or `app_mention` event as a ChatMessage, or undefined when it is not for us: not
 * a plain user message (edits, joins, bots — including this one), or without text.
 */
export function eventToChatMessage(ev: SlackMessageEvent, c: InboundContext): ChatMessage | undefined {
  if (ev.type !== 'message' && ev.type !== 'app_mention') return undefined;
  // Plain messages have no subtype; a thread reply also sent to the channel is still a message.
  if (ev.subtype !== undefined && ev.subtype !== 'thread_broadcast') return undefined;
  if (ev.bot_id !== undefined || typeof ev.user !== 'string' || ev.user === c.botUserId) return undefined;
  if (typeof ev.channel !== 'string' || typeof ev.ts !== 'string' || typeof ev.text !== 'string') return undefined;
  const isPrivate = ev.channel_type === 'im';
  const { text, mentions, botMentioned } = readSlackText(ev.text, c.botUserId);
  const thread = typeof ev.thread_ts === 'string' && ev.thread_ts !== ev.ts ? ev.thread_ts : undefined;
  return {
    platform: PLATFORM,
    chatId: ev.channel,
    chatType: isPrivate ? 'private' : 'group',
    messageId: ev.ts,
    userId: ev.user,
    // Events carry no display name.
    userName: ev.user,
    text,
    mentions,
    addressedToBot: isPrivate || botMentioned || ev.type === 'app_mention',
    ...(thread ? { replyTo: { messageId: thread, ...(c.parentText !== undefined ? { text: c.parentText } : {}) } } : {}),
    receivedAt: c.receivedAt,
  };
}

/** The fields of a slash-command request (docs.slack.dev/interactivity/implementing-slash-commands). */
export interface SlashCommand {
  channel_id?: string;
  user_id?: string;
  user_name?: string;
  text?: string;
  trigger_id?: string;
}

/**
 * `/chatcron list` as the ChatMessage "/list", `/chatcron every day at 9 stand-up` as the
 * addressed text "every day at 9 stand-up" (a new task), and a bare `/chatcron` as "/help".
 */
export function commandToChatMessage(cmd: SlashCommand, botUserId: string | undefined, receivedAt: number): ChatMessage | undefined {
  if (!cmd.channel_id || !cmd.user_id || !cmd.trigger_id) return undefined;
  const { text: read, mentions } = readSlackText(cmd.text ?? '', botUserId);
  const first = /^[/／]?(\S+)/.exec(read)?.[1];
  const text = read === '' ? '/help' : first !== undefined && findCommand(first) ? `/${read.replace(/^[/／]/, '')}` : read;
  return {
    platform: PLATFORM,
    chatId: cmd.channel_id,
    chatType: cmd.channel_id.startsWith('D') ? 'private' : 'group',
    // trigger_id is unique per invocation: a retried request keeps it, a new one does not.
    messageId: `cmd:${cmd.trigger_id}`,
    userId: cmd.user_id,
    userName: cmd.user_name || cmd.user_id,
    text,
    mentions,
    addressedToBot: true,
    receivedAt,
  };
}
