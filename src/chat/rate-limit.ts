import { DEFAULT_LIMITS, type AppLimits } from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import type { ChatMessage } from './contract.ts';
import { tr } from './format.ts';

const WINDOW = 60_000; // ms
const SWEEP_EVERY = 60_000; // ms

/** Hit times per key over the last minute; keys that went quiet are swept, so memory follows the active keys only. */
export class SlidingWindow {
  readonly #hits = new Map<string, number[]>();
  #swept = 0;

  /** Hits of `key` in the window ending at `now`. */
  count(key: string, now: number): number {
    const hits = this.#hits.get(key);
    if (!hits) return 0;
    while (hits.length && hits[0] <= now - WINDOW) hits.shift();
    return hits.length;
  }

  add(key: string, now: number): void {
    const hits = this.#hits.get(key);
    if (hits) hits.push(now);
    else this.#hits.set(key, [now]);
    if (now - this.#swept >= SWEEP_EVERY) this.#sweep(now);
  }

  /** Keys held (for tests of the memory bound). */
  get size(): number {
    return this.#hits.size;
  }

  #sweep(now: number): void {
    this.#swept = now;
    for (const [k, hits] of this.#hits) if (!hits.length || hits[hits.length - 1] <= now - WINDOW) this.#hits.delete(k);
  }
}

/** undefined: go on; '': drop without a word; any other text: the refusal to reply. */
export type GateVerdict = string | undefined;

/**
 * The router's gate, per replica and in memory: messages the bot would act on count against
 * the sender's and the chat's commands a minute; past either, the first refusal of a window
 * is answered and the rest are dropped quietly (a flood gets one reply, not one each).
 * Over-long messages are refused with their length. The per-minute limits apply when the
 * context carries limits (the composition root always hands the configured ones); a context
 * built without any (unit tests, tools) is not rate-limited.
 */
export function createChatGate(given: Partial<AppLimits> | undefined, now: () => number): (msg: ChatMessage, text: string, lang: Lang) => GateVerdict {
  const limits: AppLimits = given ? { ...DEFAULT_LIMITS, ...given } : { ...DEFAULT_LIMITS, commandsPerUserPerMinute: Infinity, commandsPerChatPerMinute: Infinity };
  const hits = new SlidingWindow();
  const warned = new SlidingWindow();
  return (msg, text, lang) => {
    const acts = msg.addressedToBot || msg.chatType === 'private' || /^[/／]/.test(text) || (msg.replyTo !== undefined && text.length <= 40);
    if (!acts) return undefined;
    const t = now();
    const user = `u:${msg.platform}:${msg.userId}`;
    const chat = `c:${msg.platform}:${msg.chatId}`;
    const userFull = hits.count(user, t) >= limits.commandsPerUserPerMinute;
    if (userFull || hits.count(chat, t) >= limits.commandsPerChatPerMinute) {
      const key = userFull ? user : chat;
      if (warned.count(key, t) > 0) return '';
      warned.add(key, t);
      return userFull
        ? tr(lang, `⏳ Too many commands: at most ${limits.commandsPerUserPerMinute} a minute per person. Try again in a minute.`, `⏳ 命令太频繁：每人每分钟最多 ${limits.commandsPerUserPerMinute} 条，请一分钟后再试。`)
        : tr(lang, `⏳ Too many commands in this chat: at most ${limits.commandsPerChatPerMinute} a minute. Try again in a minute.`, `⏳ 本群命令太频繁：每分钟最多 ${limits.commandsPerChatPerMinute} 条，请一分钟后再试。`);
    }
    hits.add(user, t);
    hits.add(chat, t);
    if (text.length > limits.maxMessageChars) {
      return tr(lang, `⚠️ That message is too long (${text.length} characters); I read at most ${limits.maxMessageChars}.`, `⚠️ 消息太长（${text.length} 个字符），最多 ${limits.maxMessageChars} 个字符。`);
    }
    return undefined;
  };
}
