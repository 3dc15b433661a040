/**
 * Options of the WeCom adapters. The composition root maps WECOM_CORP_ID, WECOM_AGENT_ID,
 * WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY, WECOM_API_BASE, WECOM_BOT_TOKEN and
 * WECOM_BOT_AES_KEY onto the fields of the same meaning; the rest are tuning knobs with
 * production defaults that tests shorten.
 */
export interface WecomOptions {
  /** Enterprise id (corpid): gettoken, and the receive id of app callbacks. */
  corpId?: string;
  /** Agent id of the self-built app. */
  agentId?: string | number;
  /** Secret of the self-built app (corpsecret). */
  secret?: string;
  /** Callback token of the self-built app. */
  token?: string;
  /** Callback EncodingAESKey of the self-built app (43 characters). */
  aesKey?: string;
  /** API root, default https://qyapi.weixin.qq.com (tests point it at a fake). */
  apiBase?: string;
  /** Callback token of the AI bot (智能机器人). */
  botToken?: string;
  /** Callback EncodingAESKey of the AI bot. */
  botAesKey?: string;
  /** The group-robot sender (webhook/send, no credentials of its own); default true. */
  robot?: boolean;
  /** Per-request timeout of outbound calls. */
  timeoutMs?: number; // ms
  /** Callbacks whose timestamp is further than this from now are refused. */
  replayWindowMs?: number; // ms
  /** Largest callback body accepted. */
  maxBodyBytes?: number; // bytes
  /** How long a callback may keep WeCom waiting for onMessage before we answer anyway. */
  ackTimeoutMs?: number; // ms
  /** The access token is refreshed this long before WeCom says it expires. */
  tokenRefreshMarginMs?: number; // ms
  /** Wait suggested to the outbox when WeCom answers errcode 45009 (it gives no figure). */
  rateLimitRetryMs?: number; // ms
  /** How long an AI-bot response_url stays usable (WeCom documents one hour). */
  responseUrlTtlMs?: number; // ms
  /** Clock, for tests. */
  now?: () => number; // ms since epoch
}

/** WecomOptions with every tuning knob filled in. */
export interface ResolvedTuning {
  apiBase: string;
  timeoutMs: number;
  replayWindowMs: number;
  maxBodyBytes: number;
  ackTimeoutMs: number;
  tokenRefreshMarginMs: number;
  rateLimitRetryMs: number;
  responseUrlTtlMs: number;
  now: () => number;
}

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';

/** Fills the defaults in; strips a trailing slash from apiBase so paths join cleanly. */
export function resolveTuning(o: WecomOptions): ResolvedTuning {
  return {
    apiBase: (o.apiBase?.trim() || DEFAULT_API_BASE).replace(/\/+$/, ''),
    timeoutMs: o.timeoutMs ?? 10_000,
    replayWindowMs: o.replayWindowMs ?? 5 * 60_000,
    maxBodyBytes: o.maxBodyBytes ?? 64 * 1024,
    // WeCom gives up after 5 s and retries; answer before that.
    ackTimeoutMs: o.ackTimeoutMs ?? 3_000,
    tokenRefreshMarginMs: o.tokenRefreshMarginMs ?? 5 * 60_000,
    rateLimitRetryMs: o.rateLimitRetryMs ?? 60_000,
    // One hour documented; keep a margin so a send does not race the expiry.
    responseUrlTtlMs: o.responseUrlTtlMs ?? 55 * 60_000,
    now: o.now ?? Date.now,
  };
}

/** Everything the self-built app needs, or undefined when a field is missing. */
export interface AppConfig {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  aesKey: string;
}

/** Everything the AI bot needs, or undefined when a field is missing. */
export interface BotConfig {
  token: string;
  aesKey: string;
}

function present(v: string | number | undefined): v is string | number {
  return v !== undefined && String(v).trim() !== '';
}

/** The app's configuration when all five fields are set. */
export function appConfig(o: WecomOptions): AppConfig | undefined {
  if (!present(o.corpId) || !present(o.agentId) || !present(o.secret) || !present(o.token) || !present(o.aesKey)) {
    return undefined;
  }
  return { corpId: o.corpId, agentId: String(o.agentId), secret: o.secret, token: o.token, aesKey: o.aesKey };
}

/** The AI bot's configuration when its token and key are set. */
export function botConfig(o: WecomOptions): BotConfig | undefined {
  if (!present(o.botToken) || !present(o.botAesKey)) return undefined;
  return { token: o.botToken, aesKey: o.botAesKey };
}
