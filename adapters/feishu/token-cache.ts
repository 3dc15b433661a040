/**
 * Where the SDK keeps the tenant access token (it refreshes it three minutes before the
 * `expire` Feishu gives, about two hours). One per adapter, never the SDK's process-wide
 * default, so that `clear()` can drop a token Feishu has called invalid.
 */
export class TokenCache {
  readonly #values = new Map<string, { value: unknown; until?: number }>();

  async set(key: string | Symbol, value: unknown, until?: number, options?: { namespace?: string }): Promise<boolean> {
    this.#values.set(`${options?.namespace ?? ''}/${String(key)}`, { value, until });
    return true;
  }

  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    const hit = this.#values.get(`${options?.namespace ?? ''}/${String(key)}`);
    return hit && (hit.until === undefined || hit.until > Date.now()) ? hit.value : undefined;
  }

  clear(): void {
    this.#values.clear();
  }
}
