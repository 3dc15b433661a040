import { TransportError } from '../../src/domain/index.ts';
import { postJson } from './http.ts';

/**
 * The app's access token for api.dingtalk.com (POST /v1.0/oauth2/accessToken), kept until five
 * minutes before expireIn runs out (DingTalk: two hours). Concurrent callers share one fetch.
 */
export class AccessToken {
  #token?: string;
  #until = 0; // ms since epoch
  #pending?: Promise<string>;

  constructor(
    private readonly src: { apiBase: string; appKey: string; appSecret: string; timeoutMs: number; now: () => number },
  ) {}

  async get(): Promise<string> {
    if (this.#token && this.src.now() < this.#until) return this.#token;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops a token DingTalk called invalid, unless a newer one replaced it. */
  invalidate(token: string): void {
    if (this.#token === token) {
      this.#token = undefined;
      this.#until = 0;
    }
  }

  async #fetch(): Promise<string> {
    const s = this.src;
    const reply = await postJson(`${s.apiBase}/v1.0/oauth2/accessToken`, { appKey: s.appKey, appSecret: s.appSecret }, {}, s.timeoutMs, 'oauth2/accessToken', [s.appSecret]);
    if (typeof reply.accessToken !== 'string' || reply.accessToken === '') throw new TransportError('DingTalk oauth2/accessToken: the answer has no accessToken');
    const lifetime = (Number(reply.expireIn) || 7200) * 1000;
    this.#until = s.now() + Math.max(lifetime - 5 * 60_000, lifetime / 10);
    this.#token = reply.accessToken;
    return reply.accessToken;
  }
}
