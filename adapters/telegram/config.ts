/** Settings of the Telegram adapter; the edge (src/config, main.ts) fills them from the environment. */
export interface TelegramOptions {
  /** The bot token from @BotFather (TELEGRAM_BOT_TOKEN). Never logged. */
  token: string;
  /** Bot API root without a trailing slash (TELEGRAM_API_ROOT); grammY's client.apiRoot. */
  apiRoot?: string;
  /** Webhook mode when set (TELEGRAM_WEBHOOK_SECRET): checked against X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret?: string;
  /** Public HTTPS URL of POST /telegram/webhook; only when given does start() call setWebhook. */
  webhookUrl?: string;
  /** Long-polling hold time asked of getUpdates. */
  pollingTimeoutSec?: number; // s
  /** Time limit of one Bot API call (getUpdates gets pollingTimeoutSec on top). */
  requestTimeoutMs?: number; // ms
  /** Lifetime of the `telegram-polling` lease; renewed every third of it while polling. */
  leaseTtlMs?: number; // ms
  /** Wait before trying again to take the lease, or after a failed getUpdates. */
  pollRetryMs?: number; // ms
  /** Cap of the doubling wait after failed getUpdates calls in a row. */
  pollMaxBackoffMs?: number; // ms
  /** Least time between the starts of two polls when the previous one came back empty at once. */
  pollMinIntervalMs?: number; // ms
}

/** TelegramOptions with every default filled in. */
export type ResolvedTelegramOptions = Required<Omit<TelegramOptions, 'webhookSecret' | 'webhookUrl'>> &
  Pick<TelegramOptions, 'webhookSecret' | 'webhookUrl'>;

/** Name of the lease that makes exactly one replica poll. */
export const POLLING_LEASE = 'telegram-polling';

/** Path of the webhook route. */
export const WEBHOOK_PATH = '/telegram/webhook';

/** Fills defaults and rejects settings grammY would trip over later. */
export function resolveTelegramOptions(options: TelegramOptions): ResolvedTelegramOptions {
  if (!options.token || options.token.trim() === '') {
    throw new Error('telegram: a bot token is required (TELEGRAM_BOT_TOKEN)');
  }
  const resolved: ResolvedTelegramOptions = {
    token: options.token.trim(),
    apiRoot: (options.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    webhookSecret: options.webhookSecret || undefined,
    webhookUrl: options.webhookUrl || undefined,
    pollingTimeoutSec: options.pollingTimeoutSec ?? 30,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    pollRetryMs: options.pollRetryMs ?? 5_000,
    pollMaxBackoffMs: options.pollMaxBackoffMs ?? 60_000,
    pollMinIntervalMs: options.pollMinIntervalMs ?? 1_000,
  };
  // Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - as secret_token.
  if (resolved.webhookSecret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(resolved.webhookSecret)) {
    throw new Error('telegram: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -');
  }
  if (resolved.webhookUrl !== undefined && resolved.webhookSecret === undefined) {
    throw new Error('telegram: a webhook URL needs TELEGRAM_WEBHOOK_SECRET');
  }
  if (resolved.pollingTimeoutSec < 0 || resolved.requestTimeoutMs <= 0 || resolved.leaseTtlMs <= 0 || resolved.pollRetryMs < 0 || resolved.pollMaxBackoffMs < resolved.pollRetryMs || resolved.pollMinIntervalMs < 0) {
    throw new Error('telegram: timeouts must be positive');
  }
  return resolved;
}

/** Reads TELEGRAM_* variables; undefined when no token is configured (the adapter is off). */
export function telegramOptionsFromEnv(env: Record<string, string | undefined>): TelegramOptions | undefined {
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  return {
    token,
    apiRoot: env.TELEGRAM_API_ROOT || undefined,
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
  };
}
