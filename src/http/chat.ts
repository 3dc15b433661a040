import { parseButtonData, type AdapterLimits, type ChatAdapter, type ChatMessage, type ChatTap, type Mention, type Outgoing, type TapAnswer } from '../chat/index.ts';
import { DEFAULT_OPERATOR_NAME } from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import * as store from '../store/index.ts';
import type { ChatFn } from './deps.ts';

/** The chat the status page's command box writes in: its tasks are listed as `web:status-page`. */
export const WEB_CHAT = { platform: 'web', chatId: 'status-page', userId: 'operator' } as const;


/** The console's chat accepts what a Telegram group accepts, and draws the Done / Snooze / Skip buttons. */
export const WEB_LIMITS: AdapterLimits = { maxLength: 4000, lengthUnit: 'chars', markdown: 'none', perChatPerMinute: 600, buttons: true };

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

/** A message line after a tap: the status line it shows, and the token its spent buttons had. */
interface TappedBody {
  status?: string;
  tapped?: string;
}

function parseBody(body: string): Partial<SaidBody & Outgoing & TappedBody> {
  try {
    return JSON.parse(body) as Partial<SaidBody & Outgoing & TappedBody>;
  } catch {
    return {}; // a body that is not JSON is shown as it is
  }
}

/** One transcript line as the API gives it: with its buttons (label and data) until one is tapped, then its status line. */
export function chatLineJson(l: store.ChatLine) {
  const j = parseBody(l.body);
  const kind = j.said ? 'said' : l.dedupeKey.startsWith('chase:') ? 'reminder' : l.dedupeKey.startsWith('run:') ? 'result' : l.dedupeKey.startsWith('deleted:') || l.dedupeKey.startsWith('closed:') ? 'notice' : 'reply';
  const buttons = Array.isArray(j.buttons) && !j.status ? j.buttons.map((row) => row.map((b) => ({ label: b.label, data: b.data, ...(b.primary ? { primary: true } : {}) }))) : [];
  return { id: l.id, kind, from: j.said ? (j.from ?? DEFAULT_OPERATOR_NAME) : null, text: typeof j.text === 'string' ? j.text : l.body, at: new Date(l.createdAt).toISOString(), buttons, status: j.status ?? null };
}

/** A click on a button in the console's chat box; undefined when the line is not the chat's. */
export type ChatTapFn = (lineId: number, data: string, who?: string) => Promise<{ toast: string; line: ReturnType<typeof chatLineJson> } | undefined>;

/**
 * The console's buttons: a click is a tap by the operator through the same handler every
 * platform's taps go through (token looked up, used once, "already closed by X at T"), and the
 * line is rewritten in place as a platform's message is updated (its status line, no buttons).
 * Only data that is on the line (or was, before its buttons were spent) is taken for it.
 */
export function chatTapFromHandler(onTap: (tap: ChatTap) => Promise<TapAnswer>, kept: WebChatStore, now: () => number = Date.now, operatorName = DEFAULT_OPERATOR_NAME): ChatTapFn {
  const db = kept.database;
  return async (lineId, data, who) => {
    const line = await store.chatLineById(db.db, WEB_CHAT.platform, WEB_CHAT.chatId, lineId);
    if (!line) return undefined;
    const body = parseBody(line.body);
    const token = parseButtonData(data)?.token;
    const onLine = (body.buttons ?? []).some((row) => row.some((b) => b.data === data)) || (token != null && body.tapped === token);
    // Data that is not this line's is as unknown as a made-up button: the handler words the refusal.
    const tap: ChatTap = { platform: WEB_CHAT.platform, chatId: WEB_CHAT.chatId, userId: WEB_CHAT.userId, userName: who ?? operatorName, data: onLine ? data : '', messageId: String(lineId), receivedAt: now() };
    const answer = await onTap(tap);
    if (answer.status && !body.status) {
      const { buttons: _spent, ...rest } = body;
      await db.write((tx) => store.updateChatLine(tx, WEB_CHAT.platform, WEB_CHAT.chatId, lineId, JSON.stringify({ ...rest, status: answer.status, tapped: token })));
    }
    const fresh = (await store.chatLineById(db.db, WEB_CHAT.platform, WEB_CHAT.chatId, lineId)) ?? line;
    return { toast: answer.toast, line: chatLineJson(fresh) };
  };
}
