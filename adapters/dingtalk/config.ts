/**
 * Options of the DingTalk adapter. The composition root maps DINGTALK_APP_KEY,
 * DINGTALK_APP_SECRET and DINGTALK_API_BASE onto the first three; the rest are tuning knobs
 * with production defaults that tests shorten.
 */
export interface DingtalkOptions {
  /** AppKey (Client ID) of the app whose robot this is; also its robotCode. */
  appKey: string;
  /** AppSecret (Client Secret): signs callbacks and fetches the access token. Never logged. */
  appSecret: string;
  /** API root of the robot API and the access token, default https://api.dingtalk.com. */
  apiBase?: string;
  /** Per-request timeout of outbound calls. */
  timeoutMs?: number; // ms
  /** Callbacks whose `timestamp` header is further than this from now are refused (DingTalk: one hour). */
  replayWindowMs?: number; // ms
  /** How long a callback may keep DingTalk waiting for onMessage. */
  ackTimeoutMs?: number; // ms
  /** Clock, for tests. */
  now?: () => number; // ms since epoch
}

/** DingtalkOptions with every default filled in. */
export type ResolvedDingtalkOptions = Required<DingtalkOptions> & {
  /** Origins a callback's sessionWebhook may point at: DingTalk's, and apiBase's. */
  sessionOrigins: string[];
};

export const DEFAULT_API_BASE = 'https://api.dingtalk.com';
export const CALLBACK_PATH = '/dingtalk/callback';
/** Where DingTalk's session webhooks live (open.dingtalk.com, 企业内部机器人 → 接收消息). */
const SESSION_ORIGIN = 'https://oapi.dingtalk.com';

/** Fills defaults; both credentials are required. */
export function resolveDingtalkOptions(o: DingtalkOptions): ResolvedDingtalkOptions {
  const appKey = o.appKey?.trim();
  const appSecret = o.appSecret?.trim();
  if (!appKey || !appSecret) throw new Error('dingtalk: DINGTALK_APP_KEY and DINGTALK_APP_SECRET are both required');
  const apiBase = (o.apiBase?.trim() || DEFAULT_API_BASE).replace(/\/+$/, '');
  if (!URL.canParse(apiBase)) throw new Error('dingtalk: DINGTALK_API_BASE is not a URL');
  return {
    appKey,
    appSecret,
    apiBase,
    sessionOrigins: [...new Set([SESSION_ORIGIN, new URL(apiBase).origin])],
    timeoutMs: o.timeoutMs ?? 10_000,
    replayWindowMs: o.replayWindowMs ?? 60 * 60_000,
    ackTimeoutMs: o.ackTimeoutMs ?? 2_500,
    now: o.now ?? Date.now,
  };
}
