import type { AdapterContext, AdapterLimits, ChatAdapter, Outgoing, SendResult, WebhookRoute } from '../../src/chat/index.ts';
import { AccessTokenCache } from './access-token.ts';
import { userChatId } from './chat-id.ts';
import type { AppConfig, ResolvedTuning } from './config.ts';
import { WecomCrypto } from './crypto.ts';
import { HealthTracker } from './health.ts';
import type { MemberDirectory } from './members.ts';
import { PendingNotes } from './pending-notes.ts';
import { appRoutes } from './inbound.ts';
import { APP_MAX_BYTES, AppSender } from './outbound.ts';
import { SeenCache } from './replay-guard.ts';

/** The self-built app (platform `wecom`): encrypted XML callbacks in, message/send and appchat/send out. */
export class WecomAppAdapter implements ChatAdapter {
  readonly platform = 'wecom';
  readonly limits: AdapterLimits = {
    maxLength: APP_MAX_BYTES,
    lengthUnit: 'bytes',
    markdown: 'wecom-markdown',
    // WeCom allows an app 30 messages a minute to one member; stay under it.
    perChatPerMinute: 20,
    // Template cards with button_interaction, in one-to-one chats (appchat/send has no cards).
    buttons: true,
  };
  readonly routes: WebhookRoute[];
  readonly #sender: AppSender;
  readonly #health = new HealthTracker();
  readonly #notes = new PendingNotes();
  #ctx?: AdapterContext;

  /** `members`: the directory "@name" is looked up in (callbacks carry no mention list). */
  constructor(cfg: AppConfig, tuning: ResolvedTuning, members?: MemberDirectory) {
    const crypto = new WecomCrypto(cfg.token, cfg.aesKey, cfg.corpId);
    // Twice the freshness window: a replay older than that is refused as stale anyway.
    const seen = new SeenCache(2 * tuning.replayWindowMs, 10_000, tuning.now);
    const cards = {
      context: () => this.#ctx,
      updateButton: (userId: string, code: string, name: string) => this.#sender.updateCardButton(userId, code, name),
      notify: async (userId: string, text: string) => {
        await this.#sender.send(userChatId(userId), { text });
      },
    };
    this.routes = appRoutes({ crypto, agentId: cfg.agentId, seen, tuning, context: () => this.#ctx, cards, mentions: { ...(members ? { members } : {}), notes: this.#notes } });
    const tokens = new AccessTokenCache({
      apiBase: tuning.apiBase,
      corpId: cfg.corpId,
      secret: cfg.secret,
      timeoutMs: tuning.timeoutMs,
      refreshMarginMs: tuning.tokenRefreshMarginMs,
      rateLimitRetryMs: tuning.rateLimitRetryMs,
      now: tuning.now,
    });
    this.#sender = new AppSender({
      apiBase: tuning.apiBase,
      agentId: cfg.agentId,
      secret: cfg.secret,
      tokens,
      timeoutMs: tuning.timeoutMs,
      rateLimitRetryMs: tuning.rateLimitRetryMs,
      health: this.#health,
    });
  }

  async start(ctx: AdapterContext): Promise<void> {
    this.#ctx = ctx;
  }

  async stop(): Promise<void> {
    this.#ctx = undefined;
  }

  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    return this.#sender.send(chatId, this.#notes.apply(chatId, out));
  }

  /** Replaces a card's buttons by one disabled button reading `replaceName` (message/update_template_card). */
  updateCardButton(userId: string, responseCode: string, replaceName: string): Promise<void> {
    return this.#sender.updateCardButton(userId, responseCode, replaceName);
  }

  health(): { ok: boolean; detail?: string } {
    return this.#health.report();
  }
}
