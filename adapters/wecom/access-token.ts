import { TransportError } from '../../src/domain/index.ts';
import { checkErrcode } from './api-error.ts';
import { requestJson } from './http.ts';

/** Where and how to fetch the app's access token. */
export interface AccessTokenSource {
  apiBase: string;
  corpId: string;
  secret: string;
  timeoutMs: number;
  refreshMarginMs: number;
  rateLimitRetryMs: number;
  now: () => number;
}

/**
 * The app's access token, fetched with gettoken and kept until shortly before expires_in
 * runs out. Concurrent callers share one fetch.
 */
export class AccessTokenCache {
  readonly #src: AccessTokenSource;
  #token?: string;
  #expiresAt = 0; // ms since epoch
  #pending?: Promise<string>;

  constructor(src: AccessTokenSource) {
    this.#src = src;
  }

  /** A token believed valid. */
  async get(): Promise<string> {
    if (this.#token && this.#src.now() < this.#expiresAt) return this.#token;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops the token WeCom just called invalid (unless a newer one already replaced it). */
  invalidate(token: string): void {
    if (this.#token === token) {
      this.#token = undefined;
      this.#expiresAt = 0;
    }
  }

  async #fetch(): Promise<string> {
    const s = this.#src;
    const url = `${s.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(s.corpId)}&corpsecret=${encodeURIComponent(s.secret)}`;
    const reply = await requestJson(url, undefined, s.timeoutMs, 'WeCom gettoken');
    checkErrcode(reply, s.rateLimitRetryMs, [s.secret]);
    const token = reply.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new TransportError('WeCom gettoken: the answer has no access_token');
    }
    const lifetime = (Number(reply.expires_in) || 7200) * 1000;
    // Never cache for less than a tenth of the lifetime, whatever the margin says.
    this.#expiresAt = s.now() + Math.max(lifetime - s.refreshMarginMs, lifetime / 10);
    this.#token = token;
    return token;
  }
}
