import type { AdapterContext, AdapterLimits, ChatAdapter, Outgoing, SendResult, WebhookRoute } from '../../src/chat/index.ts';
import { botRoutes } from './bot-inbound.ts';
import { BOT_MAX_BYTES, BotSender, ResponseUrlStore } from './bot-outbound.ts';
import type { BotConfig, ResolvedTuning } from './config.ts';
import { WecomCrypto } from './crypto.ts';
import { HealthTracker } from './health.ts';
import type { MemberDirectory } from './members.ts';
import { PendingNotes } from './pending-notes.ts';
import { SeenCache } from './replay-guard.ts';

/** The AI bot 智能机器人 (platform `wecom-bot`): encrypted JSON callbacks in, response_url out. */
export class WecomBotAdapter implements ChatAdapter {
  readonly platform = 'wecom-bot';
  readonly limits: AdapterLimits = {
    maxLength: BOT_MAX_BYTES,
    lengthUnit: 'bytes',
    markdown: 'wecom-markdown',
    perChatPerMinute: 20,
  };
  readonly routes: WebhookRoute[];
  readonly #sender: BotSender;
  readonly #health = new HealthTracker();
  readonly #notes = new PendingNotes();
  #ctx?: AdapterContext;

  /** `members`: the app's directory, when the app is configured too (else "@name" stays text). */
  constructor(cfg: BotConfig, tuning: ResolvedTuning, members?: MemberDirectory) {
    // Internal AI bots use the empty string as receive id (document/path/101033).
    const crypto = new WecomCrypto(cfg.token, cfg.aesKey, '');
    const seen = new SeenCache(2 * tuning.replayWindowMs, 10_000, tuning.now);
    const replyUrls = new ResponseUrlStore(tuning.responseUrlTtlMs, tuning.now);
    this.routes = botRoutes({ crypto, seen, replyUrls, tuning, context: () => this.#ctx, mentions: { ...(members ? { members } : {}), notes: this.#notes } });
    this.#sender = new BotSender(replyUrls, tuning.timeoutMs, tuning.rateLimitRetryMs, this.#health);
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

  health(): { ok: boolean; detail?: string } {
    return this.#health.report();
  }
}
