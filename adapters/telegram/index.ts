/**
 * The Telegram adapter (grammY). Everything that knows grammY or the Bot API lives in this folder.
 *
 * Two modes:
 * - Webhook, when `webhookSecret` (TELEGRAM_WEBHOOK_SECRET) is set: the adapter exposes
 *   `POST /telegram/webhook` in `routes` and checks Telegram's `X-Telegram-Bot-Api-Secret-Token`.
 *   It does not register the webhook by itself unless `webhookUrl` is given; operators run once
 *   `curl "https://api.telegram.org/bot$TELEGRAM_BOT_TOKEN/setWebhook" -d url=https://<host>/telegram/webhook
 *   -d secret_token=$TELEGRAM_WEBHOOK_SECRET -d 'allowed_updates=["message","callback_query"]'`
 *   (callback_query: the Done / Snooze / Skip buttons under reminders; taps.ts).
 * - Long polling otherwise: only the replica holding the `telegram-polling` lease polls; it
 *   deletes any webhook first (Telegram refuses getUpdates while one is set).
 *
 * Sends use parse_mode HTML with every user text escaped. Errors are the domain's PlatformError
 * (a refusal) and TransportError (429 with retryAfterMs, 5xx, network, timeouts); grammY never
 * retries by itself, the outbox relay decides. The token never appears in errors or logs.
 */
import { Api, Bot, type Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { AdapterContext, ChatAdapter, Outgoing, SendResult } from '../../src/chat/index.ts';
import { resolveTelegramOptions, type TelegramOptions } from './config.ts';
import { describeError, isHealthyAnswer, redact, retryAfterMs } from './errors.ts';
import { PLATFORM, toChatMessage } from './inbound.ts';
import { sendOutgoing, TELEGRAM_LIMITS } from './outbound.ts';
import { LongPoller } from './polling.ts';
import { handleCallbackQuery } from './taps.ts';
import { createWebhookRoute } from './webhook.ts';

// Messages, and taps on the buttons under reminders and results.
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export { POLLING_LEASE, WEBHOOK_PATH, resolveTelegramOptions, telegramOptionsFromEnv, type ResolvedTelegramOptions, type TelegramOptions } from './config.ts';
export { escapeHtml, renderHtml } from './format.ts';
export { displayName, toChatMessage } from './inbound.ts';
export { TELEGRAM_LIMITS } from './outbound.ts';
export { splitText, TELEGRAM_MAX_LENGTH } from './split.ts';
export { SECRET_HEADER } from './webhook.ts';

/** Creates the Telegram ChatAdapter (platform `telegram`); webhook mode when `webhookSecret` is set. */
export function createTelegramAdapter(options: TelegramOptions): ChatAdapter {
  const opts = resolveTelegramOptions(options);
  const { token } = opts;
  const describe = (err: unknown) => describeError(err, token);

  let health: { ok: boolean; detail?: string } = { ok: false, detail: 'no Bot API call yet' };
  const track: Transformer = async (prev, method, payload, signal) => {
    try {
      const res = await prev(method, payload, signal);
      health = res.ok ? { ok: true } : { ok: isHealthyAnswer(res.error_code), detail: redact(`${method}: ${res.error_code} ${res.description}`, token) };
      return res;
    } catch (err) {
      if (!signal?.aborted) health = { ok: false, detail: `${method}: ${describe(err)}` };
      throw err;
    }
  };

  // No retry transformer is installed and bot.start()/bot.init() (which retry) are never called.
  const bot = new Bot(token, { client: { apiRoot: opts.apiRoot, timeoutSeconds: opts.requestTimeoutMs / 1000 } });
  bot.api.config.use(track);
  const pollApi = new Api(token, { apiRoot: opts.apiRoot, timeoutSeconds: opts.pollingTimeoutSec + opts.requestTimeoutMs / 1000 });
  pollApi.config.use(track);

  let ctx: AdapterContext | undefined;
  let poller: LongPoller | undefined;

  bot.on('message', async (c) => {
    let msg: ReturnType<typeof toChatMessage>;
    try {
      msg = toChatMessage(c.message, c.me, Date.now());
    } catch {
      // A message without the fields every Telegram message has is not one: dropped, not retried forever.
      msg = null;
    }
    if (msg && ctx) await ctx.onMessage(msg);
  });

  bot.on('callback_query', async (c) => {
    if (ctx) await handleCallbackQuery(bot.api, ctx, c.callbackQuery, describe);
  });

  let meLoading: Promise<UserFromGetMe> | undefined;
  const ensureMe = async (): Promise<void> => {
    if (bot.isInited()) return;
    meLoading ??= bot.api.getMe().finally(() => {
      meLoading = undefined;
    });
    bot.botInfo = await meLoading;
  };

  const handleUpdate = async (update: Update): Promise<void> => {
    const current = ctx;
    if (current === undefined) throw new Error('telegram adapter is not started');
    try {
      await ensureMe();
      await bot.handleUpdate(update);
    } catch (err) {
      current.log.error({ updateId: update.update_id, err: describe(err) }, 'telegram: update not handled');
      throw err;
    }
  };

  return {
    platform: PLATFORM,
    limits: TELEGRAM_LIMITS,
    routes: opts.webhookSecret !== undefined ? [createWebhookRoute(opts.webhookSecret, handleUpdate)] : [],

    async start(context) {
      await poller?.stop();
      ctx = context;
      try {
        await ensureMe();
      } catch (err) {
        // Not fatal: the webhook and the poller ask again before they handle anything.
        context.log.warn({ err: describe(err) }, 'telegram: getMe failed at start');
      }
      if (opts.webhookSecret !== undefined) {
        if (opts.webhookUrl !== undefined) {
          await bot.api
            .setWebhook(opts.webhookUrl, { secret_token: opts.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] })
            .catch((err) => context.log.error({ err: describe(err) }, 'telegram: setWebhook failed'));
        }
        return;
      }
      poller = new LongPoller({
        lease: context.lease,
        log: context.log,
        // grammY types the signal as its polyfill's; it only listens for 'abort', which Node's has.
        getUpdates: (params, signal) => pollApi.getUpdates({ ...params, allowed_updates: [...ALLOWED_UPDATES] }, signal as Parameters<Api['getUpdates']>[1]),
        prepare: async () => {
          await ensureMe();
          await bot.api.deleteWebhook({ drop_pending_updates: false });
        },
        handle: handleUpdate,
        describe,
        leaseTtlMs: opts.leaseTtlMs,
        retryMs: opts.pollRetryMs,
        maxBackoffMs: opts.pollMaxBackoffMs,
        minPollIntervalMs: opts.pollMinIntervalMs,
        retryAfterMs,
        timeoutSec: opts.pollingTimeoutSec,
      });
      poller.start();
    },

    async stop() {
      await poller?.stop();
      poller = undefined;
      ctx = undefined;
    },

    send(chatId: string, out: Outgoing): Promise<SendResult> {
      return sendOutgoing(bot.api, token, chatId, out);
    },

    health() {
      return health;
    },
  };
}
