import type { Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError, TransportError } from '../../src/domain/index.ts';
import { checkErrcode } from './api-error.ts';
import { assertFits, markdownOf } from './format.ts';
import type { HealthTracker } from './health.ts';
import { requestJson } from './http.ts';

/** Markdown sent to a response_url: kept to the robot markdown limit. */
export const BOT_MAX_BYTES = 4096;

interface ReplyWindow {
  url: string;
  at: number; // ms since epoch, when the callback arrived
}

/**
 * The latest unused response_url of each chat. WeCom documents each one as usable once
 * and for one hour (developer.work.weixin.qq.com/document/path/101138); they live in memory,
 * so a restart forgets them and sends to those chats are refused until someone writes again.
 */
export class ResponseUrlStore {
  readonly #byChat = new Map<string, ReplyWindow>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Keeps the newest response_url of a chat. */
  remember(chatId: string, url: string): void {
    this.#byChat.delete(chatId); // re-insert: the map stays in arrival order for the cap below
    this.#byChat.set(chatId, { url, at: this.#now() });
    if (this.#byChat.size > 10_000) this.#byChat.delete(this.#byChat.keys().next().value as string);
  }

  /** Removes and returns a chat's usable response_url (one use each), if any. */
  take(chatId: string): ReplyWindow | undefined {
    const w = this.#byChat.get(chatId);
    this.#byChat.delete(chatId);
    if (!w || this.#now() - w.at > this.#ttlMs) return undefined;
    return w;
  }

  /** Puts back a response_url whose use failed in transit, unless a newer one came meanwhile. */
  restore(chatId: string, w: ReplyWindow): void {
    if (!this.#byChat.has(chatId)) this.#byChat.set(chatId, w);
  }
}

/** Sends the AI bot's answers as markdown to the chat's latest response_url. */
export class BotSender {
  readonly #urls: ResponseUrlStore;
  readonly #timeoutMs: number;
  readonly #rateLimitRetryMs: number;
  readonly #health: HealthTracker;

  constructor(urls: ResponseUrlStore, timeoutMs: number, rateLimitRetryMs: number, health: HealthTracker) {
    this.#urls = urls;
    this.#timeoutMs = timeoutMs;
    this.#rateLimitRetryMs = rateLimitRetryMs;
    this.#health = health;
  }

  /** Sends one message; refuses for good when the chat has no unused, unexpired response_url. */
  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    const content = markdownOf(out);
    assertFits(content, BOT_MAX_BYTES, 'WeCom AI bot reply');
    const w = this.#urls.take(chatId);
    if (!w) {
      throw new PlatformError('WeCom AI bot: no usable response_url for this chat (each is valid once, for one hour)');
    }
    try {
      const res = await requestJson(w.url, { msgtype: 'markdown', markdown: { content } }, this.#timeoutMs, 'WeCom AI bot response_url');
      // response_url carries a one-time code: never let it reach a message.
      checkErrcode(res, this.#rateLimitRetryMs, [w.url, w.url.split('?')[1]]);
      this.#health.ok();
      return {};
    } catch (err) {
      this.#health.failed(err);
      if (err instanceof TransportError) this.#urls.restore(chatId, w);
      throw err;
    }
  }
}
