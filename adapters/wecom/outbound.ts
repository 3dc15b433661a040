import type { Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';
import type { AccessTokenCache } from './access-token.ts';
import { checkErrcode, INVALID_TOKEN_CODES } from './api-error.ts';
import { parseChatId } from './chat-id.ts';
import { assertFits, markdownOf } from './format.ts';
import type { HealthTracker } from './health.ts';
import { requestJson, type ApiReply } from './http.ts';
import { templateCardOf } from './template-card.ts';

/** Text and markdown content of app messages: at most 2048 bytes each. */
export const APP_MAX_BYTES = 2048;

/** What the app's sender needs. */
export interface AppSenderDeps {
  apiBase: string;
  agentId: string;
  secret: string;
  tokens: AccessTokenCache;
  timeoutMs: number;
  rateLimitRetryMs: number;
  health: HealthTracker;
}

/**
 * Sends through the self-built app: message/send for `user:<userid>`, appchat/send for
 * `chat:<chatid>`. Mentions or markdown make it a markdown message (`<@userid>` tags); plain
 * text otherwise.
 */
export class AppSender {
  readonly #d: AppSenderDeps;

  constructor(deps: AppSenderDeps) {
    this.#d = deps;
  }

  /** Sends one message; see ChatAdapter.send for the error contract. */
  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    const ref = parseChatId(chatId);
    // Buttons are a template card, which message/send takes and appchat/send does not
    // (document/path/90248 lists no template_card): a group chat keeps the text, which says how to reply.
    const card = ref.kind === 'user' ? templateCardOf(out) : undefined;
    if (card) return this.#sendCard(ref.id, card);
    const markdown = out.markdown !== undefined || (out.mentions?.length ?? 0) > 0;
    const content = markdown ? markdownOf(out) : out.text;
    assertFits(content, APP_MAX_BYTES, 'WeCom app message');
    const payload = markdown ? { msgtype: 'markdown', markdown: { content } } : { msgtype: 'text', text: { content } };
    const path = ref.kind === 'user' ? '/cgi-bin/message/send' : '/cgi-bin/appchat/send';
    const body =
      ref.kind === 'user'
        ? { touser: ref.id, agentid: Number(this.#d.agentId) || this.#d.agentId, ...payload }
        : { chatid: ref.id, ...payload };
    const res = await this.#call(path, body);
    if (ref.kind === 'user' && typeof res.invaliduser === 'string' && res.invaliduser !== '') {
      throw new PlatformError('WeCom app message: the recipient is not a valid user of this app');
    }
    return typeof res.msgid === 'string' && res.msgid ? { messageId: res.msgid } : {};
  }

  async #sendCard(userId: string, card: Record<string, unknown>): Promise<SendResult> {
    const res = await this.#call('/cgi-bin/message/send', { touser: userId, agentid: this.#agentId(), msgtype: 'template_card', template_card: card });
    if (typeof res.invaliduser === 'string' && res.invaliduser !== '') {
      throw new PlatformError('WeCom app message: the recipient is not a valid user of this app');
    }
    return typeof res.msgid === 'string' && res.msgid ? { messageId: res.msgid } : {};
  }

  /**
   * message/update_template_card (document/path/94888): the tapper's card loses its buttons for
   * one disabled button that reads `replaceName` (who closed it, and when). `responseCode` is the
   * one the tap's callback carried: single use, valid 72 hours.
   */
  async updateCardButton(userId: string, responseCode: string, replaceName: string): Promise<void> {
    await this.#call('/cgi-bin/message/update_template_card', { userids: [userId], agentid: this.#agentId(), response_code: responseCode, button: { replace_name: replaceName } }, [responseCode]);
  }

  #agentId(): number | string {
    return Number(this.#d.agentId) || this.#d.agentId;
  }

  /** One API call with the cached token, refreshed once when WeCom calls it invalid. */
  async #call(path: string, body: unknown, secrets: string[] = []): Promise<ApiReply> {
    const d = this.#d;
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await d.tokens.get();
        const url = `${d.apiBase}${path}?access_token=${encodeURIComponent(token)}`;
        const res = await requestJson(url, body, d.timeoutMs, `WeCom ${path}`);
        if (attempt === 0 && INVALID_TOKEN_CODES.has(Number(res.errcode))) {
          d.tokens.invalidate(token);
          continue;
        }
        checkErrcode(res, d.rateLimitRetryMs, [d.secret, token, ...secrets]);
        d.health.ok();
        return res;
      }
    } catch (err) {
      d.health.failed(err);
      throw err;
    }
  }
}
