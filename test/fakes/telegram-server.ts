import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageEntity, Update, User } from 'grammy/types';

/** One Bot API call the fake received. */
export interface RecordedCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
  at: number; // ms
  /** Set when the fake answered this call with a failure (told to, or refusing it as Telegram would): the message did not arrive. */
  failed?: FakeFailure['kind'] | 'refused';
}

/** How the fake can be told to fail the next call(s) of a method. */
export type FakeFailure =
  | { kind: 'server-error' } // HTTP 500 with Telegram's JSON error envelope
  | { kind: 'bad-gateway' } // HTTP 502 with an HTML body, as a proxy in front of Telegram would answer
  | { kind: 'hang' } // never answers; the client has to time out
  | { kind: 'rate-limit'; retryAfter: number } // s
  | { kind: 'chat-not-found' };

/** Settings of the fake Bot API. */
export interface FakeTelegramOptions {
  token?: string;
  bot?: { id: number; username: string; first_name: string };
  /** Longest hold of a getUpdates long poll, whatever timeout the client asks for. */
  maxHoldMs?: number; // ms
}

const TEXT_TAGS = /^<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote)>|^<a href="[^"<>]*">|^<\/a>/;
const ENTITY = /^&(amp|lt|gt|quot|#\d+);/;

/** Parses Telegram HTML the way the Bot API does for our purposes: unknown tags and stray & are errors. */
export function parseTelegramHtml(html: string): { text: string; mentionIds: string[] } | { error: string } {
  let text = '';
  const mentionIds: string[] = [];
  for (let i = 0; i < html.length; ) {
    const ch = html[i];
    if (ch === '<') {
      const tag = TEXT_TAGS.exec(html.slice(i));
      if (!tag) return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      const link = /^<a href="tg:\/\/user\?id=(\d+)">/.exec(tag[0]);
      if (link) mentionIds.push(link[1]);
      i += tag[0].length;
    } else if (ch === '&') {
      const ent = ENTITY.exec(html.slice(i));
      if (!ent) return { error: `Bad Request: can't parse entities: Character entity expected at byte offset ${i}` };
      const name = ent[1];
      text += name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : String.fromCodePoint(Number(name.slice(1)));
      i += ent[0].length;
    } else if (ch === '>') {
      return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  return { text, mentionIds };
}

/** A text message Update as Telegram delivers it, with mention and bot_command entities filled in. */
export function textUpdate(input: {
  updateId?: number;
  messageId?: number;
  chat: { id: number | string; type: 'private' | 'group' | 'supergroup' | 'channel'; title?: string };
  from: Omit<Partial<User>, 'id'> & { id: number | string };
  text: string;
  replyTo?: { messageId: number; text?: string; from: Omit<Partial<User>, 'id'> & { id: number | string } };
  textMentions?: { offset: number; length: number; user: Omit<Partial<User>, 'id'> & { id: number | string } }[];
}): Update {
  const entities: MessageEntity[] = [];
  for (const m of input.text.matchAll(/(^|\s)(@[A-Za-z0-9_]{3,})/g)) {
    entities.push({ type: 'mention', offset: m.index + m[1].length, length: m[2].length });
  }
  const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(input.text);
  if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
  for (const t of input.textMentions ?? []) entities.push({ type: 'text_mention', offset: t.offset, length: t.length, user: user(t.user) });
  entities.sort((a, b) => a.offset - b.offset);
  const chat = { ...input.chat, ...(input.chat.type !== 'private' ? { title: input.chat.title ?? 'Team' } : { first_name: 'Someone' }) };
  const message = {
    message_id: input.messageId ?? 1,
    date: Math.floor(Date.now() / 1000),
    chat,
    from: user(input.from),
    text: input.text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(input.replyTo
      ? { reply_to_message: { message_id: input.replyTo.messageId, date: 0, chat, from: user(input.replyTo.from), ...(input.replyTo.text ? { text: input.replyTo.text } : {}) } }
      : {}),
  };
  return { update_id: input.updateId ?? 1, message: message as unknown as Update['message'] };
}

/** A message the fake holds (what the chat shows now): its text and inline keyboard. */
export interface HeldMessage {
  chatId: string;
  messageId: number;
  text: string;
  keyboard: { text: string; callback_data: string }[][] | undefined;
  edits: number;
}

function user(u: Omit<Partial<User>, 'id'> & { id: number | string }): User {
  return { is_bot: false, first_name: 'User', ...u } as User;
}

interface Waiter {
  res: ServerResponse;
  respond(): void;
}

/**
 * A Telegram Bot API on 127.0.0.1 speaking enough of it for grammY: `POST /bot<token>/<method>`
 * with JSON bodies, answering `{ok, result}` or `{ok:false, error_code, description}`.
 */
export class FakeTelegramServer {
  readonly token: string;
  readonly bot: { id: number; username: string; first_name: string };
  /** Every call, in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** getUpdates calls ended with 409 because another one arrived while they were held. */
  conflicts = 0;
  /** Set by setWebhook, cleared by deleteWebhook. */
  webhook: { url: string; secret?: string } | undefined;

  private server: Server | undefined;
  private readonly maxHoldMs: number;
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly down = new Map<string, FakeFailure>();
  private queue: Update[] = [];
  private nextUpdateId = 1000;
  private nextMessageId = 5000;
  private held: Waiter | undefined;
  private readonly listeners = new Set<() => void>();
  /** Messages the bot sent, by "chat:message_id", as they stand after edits. */
  readonly messages = new Map<string, HeldMessage>();
  /** Callback queries issued by tap(), and whether they were answered (Telegram answers each once). */
  readonly callbackQueries = new Map<string, { answered: boolean; text?: string }>();
  private nextCallbackId = 1;
  private allowedUpdates: string[] | undefined;

  private constructor(options: FakeTelegramOptions) {
    this.token = options.token ?? '123456789:AAH-fake-secret-part-of-the-token_XYZ';
    this.bot = options.bot ?? { id: 424242, username: 'chatcron_bot', first_name: 'chatcron' };
    this.maxHoldMs = options.maxHoldMs ?? 500;
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramServer> {
    const fake = new FakeTelegramServer(options);
    fake.server = createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The apiRoot to give grammY. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Makes the next `times` calls of `method` fail this way. */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** Fails every call of `method` this way until the returned function is called (a platform that is down). */
  failWhile(method: string, failure: FakeFailure): () => void {
    this.down.set(method, failure);
    return () => void this.down.delete(method);
  }

  /** The message as the chat shows it now. */
  message(chatId: string | number, messageId: number): HeldMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /**
   * A callback_query Update as Telegram sends it when `from` taps the button with `data` under
   * a message the bot sent (data may be anything: a forged client sends what it likes).
   * Field set per https://core.telegram.org/bots/api#callbackquery.
   */
  tapUpdate(input: { chatId: string | number; messageId: number; from: Omit<Partial<User>, 'id'> & { id: number | string }; data: string }): Update {
    const held = this.message(input.chatId, input.messageId);
    const id = String(9_000_000 + this.nextCallbackId++);
    this.callbackQueries.set(id, { answered: false });
    const chatId = Number(input.chatId);
    const chat = chatId > 0 ? { id: chatId, type: 'private', first_name: 'Someone' } : { id: chatId, type: 'supergroup', title: 'Team' };
    return {
      update_id: 0,
      callback_query: {
        id,
        from: user(input.from),
        chat_instance: `-${Math.abs(chatId)}77`,
        data: input.data,
        message: {
          message_id: input.messageId,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { ...this.bot, is_bot: true },
          text: held?.text ?? '',
          ...(held?.keyboard ? { reply_markup: { inline_keyboard: held.keyboard } } : {}),
        },
      },
    } as unknown as Update;
  }

  /** Queues an update for getUpdates, numbering it; returns the update_id. */
  enqueue(update: Update): number {
    const numbered = { ...update, update_id: this.nextUpdateId++ };
    this.queue.push(numbered);
    this.held?.respond();
    return numbered.update_id;
  }

  /** Updates queued and not yet confirmed by a later offset. */
  get pending(): Update[] {
    return [...this.queue];
  }

  /** Calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** sendMessage calls for one chat, parsed: visible text and text-mention ids. */
  sentTo(chatId: string): { text: string; html: string; mentionIds: string[]; body: Record<string, unknown> }[] {
    return this.callsOf('sendMessage')
      .filter((c) => String(c.body.chat_id) === chatId)
      .map((c) => {
        const html = String(c.body.text);
        const parsed = c.body.parse_mode === 'HTML' ? parseTelegramHtml(html) : { text: html, mentionIds: [] };
        return 'error' in parsed ? { text: html, html, mentionIds: [], body: c.body } : { ...parsed, html, body: c.body };
      });
  }

  /** Messages that reached a chat: sentTo without the calls the fake failed on purpose. */
  deliveredTo(chatId: string): ReturnType<FakeTelegramServer['sentTo']> {
    return this.sentTo(chatId).filter((m) => !this.calls.find((c) => c.body === m.body)?.failed);
  }

  /** Resolves once `count` calls of `method` have arrived (at most timeoutMs). */
  waitForCalls(method: string, count: number, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.callsOf(method).length >= count) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`fake Telegram: ${count} ${method} calls expected, got ${this.callsOf(method).length}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    this.held?.respond();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return this.answerError(res, 404, 'Not Found');
    const [, token, method] = match;
    let body: Record<string, unknown> = {};
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      if (raw !== '') body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.answerError(res, 400, 'Bad Request: invalid JSON');
    }
    const call: RecordedCall = { method, token, body, at: Date.now() };
    this.calls.push(call);
    const failure = token === this.token ? (this.failures.get(method)?.shift() ?? this.down.get(method)) : undefined;
    if (failure) call.failed = failure.kind;
    for (const l of [...this.listeners]) l();
    if (token !== this.token) return this.answerError(res, 401, 'Unauthorized');
    if (failure) return this.fail(res, failure);

    switch (method) {
      case 'getMe':
        return this.answer(res, { ...this.bot, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'sendMessage':
        return this.sendMessage(res, call);
      case 'getUpdates':
        return this.getUpdates(req, res, body);
      case 'answerCallbackQuery':
        return this.answerCallbackQuery(res, call);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.editMessage(res, call);
      case 'setWebhook':
        this.webhook = { url: String(body.url), ...(typeof body.secret_token === 'string' ? { secret: body.secret_token } : {}) };
        if (Array.isArray(body.allowed_updates)) this.allowedUpdates = body.allowed_updates.map(String);
        return this.answer(res, true);
      case 'deleteWebhook':
        this.webhook = undefined;
        return this.answer(res, true);
      default:
        return this.answerError(res, 404, 'Not Found: method not found');
    }
  }

  private sendMessage(res: ServerResponse, call: RecordedCall): void {
    const body = call.body;
    const refuse = (description: string) => {
      call.failed = 'refused';
      this.answerError(res, 400, description);
    };
    if (body.chat_id === undefined || body.chat_id === '') return refuse('Bad Request: chat_id is empty');
    const html = typeof body.text === 'string' ? body.text : '';
    const parsed = body.parse_mode === 'HTML' ? parseTelegramHtml(html) : { text: html, mentionIds: [] };
    if ('error' in parsed) return refuse(parsed.error);
    if (parsed.text.trim() === '') return refuse('Bad Request: message text is empty');
    if (parsed.text.length > 4096) return refuse('Bad Request: message is too long');
    const keyboard = this.keyboardOf(body.reply_markup);
    if (typeof keyboard === 'string') return refuse(keyboard);
    const chatId = body.chat_id as number | string;
    const messageId = this.nextMessageId++;
    this.messages.set(`${chatId}:${messageId}`, { chatId: String(chatId), messageId, text: parsed.text, keyboard, edits: 0 });
    this.answer(res, {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: typeof chatId === 'number' && chatId > 0 ? 'private' : 'group', title: 'Team' },
      from: { ...this.bot, is_bot: true },
      text: parsed.text,
    });
  }

  /** An inline keyboard as the Bot API checks it: callback_data of 1–64 bytes, a non-empty text. Undefined: none; a string: the refusal. */
  private keyboardOf(markup: unknown): HeldMessage['keyboard'] | string {
    if (markup === undefined) return undefined;
    const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) return 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays';
    for (const row of rows as { text?: unknown; callback_data?: unknown }[][]) {
      for (const b of row) {
        if (typeof b.text !== 'string' || b.text === '') return 'Bad Request: text buttons are unallowed in the inline keyboard';
        const bytes = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data) : 0;
        if (bytes < 1 || bytes > 64) return 'Bad Request: BUTTON_DATA_INVALID';
      }
    }
    return rows as HeldMessage['keyboard'];
  }

  private answerCallbackQuery(res: ServerResponse, call: RecordedCall): void {
    const q = this.callbackQueries.get(String(call.body.callback_query_id));
    const refuse = (description: string) => {
      call.failed = 'refused';
      this.answerError(res, 400, description);
    };
    if (!q || q.answered) return refuse('Bad Request: query is too old and response timeout expired or query ID is invalid');
    if (typeof call.body.text === 'string' && call.body.text.length > 200) return refuse('Bad Request: MESSAGE_TOO_LONG');
    q.answered = true;
    if (typeof call.body.text === 'string') q.text = call.body.text;
    this.answer(res, true);
  }

  private editMessage(res: ServerResponse, call: RecordedCall): void {
    const body = call.body;
    const refuse = (description: string) => {
      call.failed = 'refused';
      this.answerError(res, 400, description);
    };
    const held = this.message(String(body.chat_id), Number(body.message_id));
    if (!held) return refuse('Bad Request: message to edit not found');
    const keyboard = this.keyboardOf(body.reply_markup);
    if (typeof keyboard === 'string') return refuse(keyboard);
    let text = held.text;
    if (call.method === 'editMessageText') {
      const html = typeof body.text === 'string' ? body.text : '';
      const parsed = body.parse_mode === 'HTML' ? parseTelegramHtml(html) : { text: html, mentionIds: [] };
      if ('error' in parsed) return refuse(parsed.error);
      if (parsed.text.trim() === '') return refuse('Bad Request: message text is empty');
      if (parsed.text.length > 4096) return refuse('Bad Request: MESSAGE_TOO_LONG');
      text = parsed.text;
    }
    // editMessageText without reply_markup removes the keyboard, as Telegram does.
    if (text === held.text && JSON.stringify(keyboard) === JSON.stringify(held.keyboard)) {
      return refuse('Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    held.text = text;
    held.keyboard = keyboard;
    held.edits += 1;
    this.answer(res, { message_id: held.messageId, date: Math.floor(Date.now() / 1000), edit_date: Math.floor(Date.now() / 1000), chat: { id: Number(held.chatId), type: 'supergroup', title: 'Team' }, from: { ...this.bot, is_bot: true }, text });
  }

  private getUpdates(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    if (this.webhook) return this.answerError(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = typeof body.offset === 'number' ? body.offset : undefined;
    if (offset !== undefined) this.queue = this.queue.filter((u) => u.update_id >= offset);
    // Like Telegram: allowed_updates sticks until a call changes it; other kinds are not delivered.
    if (Array.isArray(body.allowed_updates)) this.allowedUpdates = body.allowed_updates.map(String);
    const allowed = this.allowedUpdates;
    if (allowed && allowed.length > 0) this.queue = this.queue.filter((u) => Object.keys(u).some((k) => k !== 'update_id' && allowed.includes(k)));
    const limit = typeof body.limit === 'number' ? body.limit : 100;
    const timeoutMs = Math.min((typeof body.timeout === 'number' ? body.timeout : 0) * 1000, this.maxHoldMs);
    // Like Telegram: a newer getUpdates ends the one still held with 409.
    if (this.held) {
      const previous = this.held;
      this.held = undefined;
      previous.respond = () => undefined;
      this.conflicts += 1;
      this.answerError(previous.res, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    }
    const reply = () => this.answer(res, this.queue.slice(0, limit));
    if (this.queue.length > 0 || timeoutMs <= 0) return reply();
    const waiter: Waiter = {
      res,
      respond: () => {
        clearTimeout(timer);
        if (this.held === waiter) this.held = undefined;
        waiter.respond = () => undefined;
        reply();
      },
    };
    const timer = setTimeout(() => waiter.respond(), timeoutMs);
    this.held = waiter;
    req.socket.once('close', () => {
      clearTimeout(timer);
      if (this.held === waiter) this.held = undefined;
    });
  }

  private fail(res: ServerResponse, failure: FakeFailure): void {
    switch (failure.kind) {
      case 'server-error':
        return this.answerError(res, 500, 'Internal Server Error');
      case 'bad-gateway':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway</body></html>');
        return;
      case 'hang':
        return; // the socket stays open until the client gives up or close() ends it
      case 'rate-limit':
        return this.answerError(res, 429, `Too Many Requests: retry after ${failure.retryAfter}`, { retry_after: failure.retryAfter });
      case 'chat-not-found':
        return this.answerError(res, 400, 'Bad Request: chat not found');
    }
  }

  private answer(res: ServerResponse, result: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
  }

  private answerError(res: ServerResponse, code: number, description: string, parameters?: object): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }));
  }
}
