import type { AdapterLimits, ChatAdapter, ChatMessage, Mention, Outgoing } from '../chat/index.ts';
import { DEFAULT_OPERATOR_NAME } from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import * as store from '../store/index.ts';
import type { ChatFn } from './deps.ts';

/** The chat the status page's command box writes in: its tasks are listed as `web:status-page`. */
export const WEB_CHAT = { platform: 'web', chatId: 'status-page', userId: 'operator' } as const;


/** The console's chat accepts what a Telegram group accepts. */
export const WEB_LIMITS: AdapterLimits = { maxLength: 4000, lengthUnit: 'chars', markdown: 'none', perChatPerMinute: 600 };

/**
 * The web chat's far side. Sending is done once the message is in the outbox: the page reads
 * the chat's outbox rows as its transcript, so "delivered" means "recorded". With it, results
 * and 催单 reminders of the page's tasks go through the same outbox path as on any platform.
 */
export function webChatAdapter(): ChatAdapter {
  return {
    platform: WEB_CHAT.platform,
    limits: WEB_LIMITS,
    routes: [],
    start: async () => {},
    stop: async () => {},
    send: async () => ({}),
    health: () => ({ ok: true }),
  };
}

// "@alice" or "@张三": up to a space or punctuation. The page has no member list, so the name is
// also the id, as a platform without user ids would give it.
const MENTION = /(?:^|[\s\u2005])[@＠]([^\s\u2005@＠,，:：;；!！?？。]{1,64})/g;

/** How the chat box's text names the bot ("@bot …"), as a platform's own mention of it would. */
export const WEB_BOT_NAMES = ['bot', '机器人'];

const isBotName = (name: string) => WEB_BOT_NAMES.includes(name.toLowerCase());

/** The people a typed message @-mentions, as a platform would list them: never the bot itself. */
export function mentionsIn(text: string): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(MENTION)) if (!isBotName(m[1]) && !out.some((o) => o.name === m[1])) out.push({ id: m[1], name: m[1] });
  return out;
}

// "@bot" at the start, or alone between words: the box's way to address the bot, cut as a
// platform adapter cuts its bot's mention
const BOT_MENTION = new RegExp(`(^|[\\s\\u2005])[@＠](?:${WEB_BOT_NAMES.join('|')})(?=$|[\\s\\u2005,，:：])[,，:：]?`, 'gi');

/** The typed text without the bot's own mention. */
export function withoutBotMention(text: string): string {
  return text.replace(BOT_MENTION, '$1').replace(/[ \t\u2005]{2,}/g, ' ').trim();
}

/** A line of what the person wrote, as stored in the web chat's transcript. */
interface SaidBody {
  said: true;
  text: string;
  from: string;
}

/** Where the console's chat is kept. */
export interface WebChatStore {
  database: store.Database;
}

const TASK_MARK = /#\d{1,15}\b/;

let seq = 0;

/**
 * Turns the command router (one ChatMessage in, replies out) into the status page's ChatFn.
 * The page's text is a private message from the operator to the bot, so every message is
 * addressed to it; whether the operator is an admin is the router's isAdmin('web', 'operator').
 * With a store, what was said and answered is kept in the web chat's outbox (the transcript),
 * and a reply such as "done" answers the line it replies to, or else the chat's one open occurrence.
 */
export function chatFromRouter(route: (msg: ChatMessage) => Promise<Outgoing[]>, now: () => number = Date.now, kept?: WebChatStore, operatorName = DEFAULT_OPERATOR_NAME): ChatFn {
  return async (text, _lang, opts = {}) => {
    const db = kept?.database.db;
    const messageId = `web-${now()}-${++seq}`;
    let replyTo: ChatMessage['replyTo'];
    // Only a line the person chose is replied to: a bare "done" is the router's to place among
    // the chat's open occurrences (the latest line may be another task's result).
    if (db && opts.replyTo != null) {
      const line = await store.chatLineById(db, WEB_CHAT.platform, WEB_CHAT.chatId, opts.replyTo);
      const said = line ? bodyText(line.body) : undefined;
      if (said && TASK_MARK.test(said)) replyTo = { messageId: `outbox-${line!.id}`, text: said };
    }
    const msg: ChatMessage = {
      platform: WEB_CHAT.platform,
      chatId: WEB_CHAT.chatId,
      chatType: 'private',
      messageId,
      userId: WEB_CHAT.userId,
      userName: opts.who ?? operatorName,
      text: withoutBotMention(text),
      mentions: mentionsIn(text),
      addressedToBot: true,
      ...(replyTo ? { replyTo } : {}),
      receivedAt: now(),
    };
    const replies = await route(msg);
    if (kept) {
      await kept.database.write(async (tx) => {
        const body: SaidBody = { said: true, text, from: msg.userName };
        const at = now();
        await store.recordChatLine(tx, { ...WEB_CHAT, body: JSON.stringify(body), dedupeKey: `said:${messageId}`, now: at });
        for (const [i, reply] of replies.entries()) {
          await store.recordChatLine(tx, { ...WEB_CHAT, body: JSON.stringify(reply), dedupeKey: `in:${WEB_CHAT.platform}:${WEB_CHAT.chatId}:${messageId}:${i}`, now: at });
        }
      });
    }
    return replies.map((r) => ({ text: r.text }));
  };
}

/** The text of one outbox body (an Outgoing or a SaidBody). */
export function bodyText(body: string): string | undefined {
  try {
    const j = JSON.parse(body) as { text?: unknown };
    return typeof j.text === 'string' ? j.text : undefined;
  } catch {
    return undefined;
  }
}

/** One transcript line as the API gives it. */
export function chatLineJson(l: store.ChatLine) {
  let j: Partial<SaidBody & Outgoing> = {};
  try {
    j = JSON.parse(l.body) as Partial<SaidBody & Outgoing>;
  } catch {
    // a body that is not JSON is shown as it is
  }
  const kind = j.said ? 'said' : l.dedupeKey.startsWith('chase:') ? 'reminder' : l.dedupeKey.startsWith('run:') ? 'result' : l.dedupeKey.startsWith('deleted:') || l.dedupeKey.startsWith('closed:') ? 'notice' : 'reply';
  return { id: l.id, kind, from: j.said ? (j.from ?? DEFAULT_OPERATOR_NAME) : null, text: typeof j.text === 'string' ? j.text : l.body, at: new Date(l.createdAt).toISOString() };
}
