import type { Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';
import { checkErrcode } from './api-error.ts';
import { assertFits, byteLength, markdownOf } from './format.ts';
import type { HealthTracker } from './health.ts';
import { requestJson } from './http.ts';

/** Group-robot limits: text content 2048 bytes, markdown content 4096 bytes. */
export const ROBOT_TEXT_MAX_BYTES = 2048;
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The robot key a chat id names: the key itself, or a full webhook URL (only its key is
 * kept, and the call always goes to apiBase, so a chat id cannot point sends elsewhere).
 */
export function robotKey(chatId: string): string {
  let key = chatId.trim();
  if (/^https?:\/\//i.test(key)) {
    key = URL.canParse(key) ? (new URL(key).searchParams.get('key') ?? '') : '';
  }
  // The message must not repeat the chat id: it is the robot's only credential.
  if (!KEY.test(key)) throw new PlatformError('WeCom robot: the chat id is neither a robot key nor a webhook URL with a key');
  return key;
}

/** Builds the webhook/send body: text with mentioned_list, or markdown with `<@userid>`. */
export function robotPayload(out: Outgoing): object {
  const mentions = out.mentions ?? [];
  // Plain text past the text limit still fits as markdown (mostly rendered as written).
  if (out.markdown === undefined && byteLength(out.text) <= ROBOT_TEXT_MAX_BYTES) {
    const text: { content: string; mentioned_list?: string[] } = { content: out.text };
    if (mentions.length > 0) text.mentioned_list = mentions.map((m) => m.id);
    return { msgtype: 'text', text };
  }
  const content = markdownOf(out);
  assertFits(content, ROBOT_MARKDOWN_MAX_BYTES, 'WeCom robot markdown');
  return { msgtype: 'markdown', markdown: { content } };
}

/** Posts to a group robot's webhook. */
export class RobotSender {
  readonly #apiBase: string;
  readonly #timeoutMs: number;
  readonly #rateLimitRetryMs: number;
  readonly #health: HealthTracker;

  constructor(apiBase: string, timeoutMs: number, rateLimitRetryMs: number, health: HealthTracker) {
    this.#apiBase = apiBase;
    this.#timeoutMs = timeoutMs;
    this.#rateLimitRetryMs = rateLimitRetryMs;
    this.#health = health;
  }

  /** Sends one message; see ChatAdapter.send for the error contract. */
  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    const key = robotKey(chatId);
    const body = robotPayload(out);
    try {
      const url = `${this.#apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
      const res = await requestJson(url, body, this.#timeoutMs, 'WeCom robot webhook/send');
      checkErrcode(res, this.#rateLimitRetryMs, [key]);
      this.#health.ok();
      return {};
    } catch (err) {
      this.#health.failed(err);
      throw err;
    }
  }
}
