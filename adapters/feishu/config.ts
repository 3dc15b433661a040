/**
 * Options of the Feishu / Lark adapter. The composition root maps FEISHU_APP_ID,
 * FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY and FEISHU_API_BASE onto the
 * first five; the rest are tuning knobs with production defaults that tests shorten.
 */
export interface FeishuOptions {
  /** App ID of the self-built app (cli_…). */
  appId: string;
  /** App Secret: the tenant access token is fetched with it. Never logged. */
  appSecret: string;
  /** Verification Token (事件与回调 → 加密策略): every event's header.token must equal it. Never logged. */
  verificationToken: string;
  /** Encrypt Key: when set, events arrive AES-256-CBC encrypted and signed (X-Lark-Signature). Never logged. */
  encryptKey?: string;
  /** Open API root: https://open.feishu.cn (Feishu, the default) or https://open.larksuite.com (Lark). */
  apiBase?: string;
  /** Per-request timeout of Open API calls. */
  timeoutMs?: number; // ms
  /** Signed events whose X-Lark-Request-Timestamp is further than this from now are refused. */
  replayWindowMs?: number; // ms
  /** How long an event may keep Feishu waiting for onMessage (Feishu retries after 3 s). */
  ackTimeoutMs?: number; // ms
  /** Clock, for tests. */
  now?: () => number; // ms since epoch
}

/** FeishuOptions with every default filled in. */
export type ResolvedFeishuOptions = Required<Omit<FeishuOptions, 'encryptKey'>> & { encryptKey?: string };

export const FEISHU_API_BASE = 'https://open.feishu.cn';
export const LARK_API_BASE = 'https://open.larksuite.com';
export const EVENTS_PATH = '/feishu/events';

/** Fills defaults; refuses a configuration that could not verify a single event. */
export function resolveFeishuOptions(o: FeishuOptions): ResolvedFeishuOptions {
  const appId = o.appId?.trim();
  const appSecret = o.appSecret?.trim();
  const verificationToken = o.verificationToken?.trim();
  if (!appId || !appSecret) throw new Error('feishu: FEISHU_APP_ID and FEISHU_APP_SECRET are both required');
  if (!verificationToken) throw new Error('feishu: FEISHU_VERIFICATION_TOKEN is required (events cannot be verified without it)');
  return {
    appId,
    appSecret,
    verificationToken,
    ...(o.encryptKey?.trim() ? { encryptKey: o.encryptKey.trim() } : {}),
    apiBase: (o.apiBase?.trim() || FEISHU_API_BASE).replace(/\/+$/, ''),
    timeoutMs: o.timeoutMs ?? 10_000,
    replayWindowMs: o.replayWindowMs ?? 5 * 60_000,
    ackTimeoutMs: o.ackTimeoutMs ?? 2_500,
    now: o.now ?? Date.now,
  };
}
