import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** Feishu refused a call for good: carries its code and msg (never a secret). */
export class FeishuApiError extends PlatformError {
  readonly code: number;
  constructor(what: string, code: number, msg: string, status?: number) {
    super(`Feishu refused ${what}: code ${code} (${msg})`, status);
    this.name = 'FeishuApiError';
    this.code = code;
  }
}

/**
 * Codes that mean "later": 99991400 is the Open API frequency limit and 11232 the custom
 * bot's (open.feishu.cn/document/server-docs/api-call-guide/frequency-control).
 */
const RATE_LIMITED = new Set([99991400, 11232]);
/** The tenant access token is missing or no longer valid: fetch a new one and try once more. */
export const TOKEN_INVALID = new Set([99991661, 99991663, 99991668]);

/** Replaces every occurrence of a secret with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** Throws the typed error of a `{ code, msg }` answer; returns when code is 0. */
export function checkCode(reply: { code?: unknown; msg?: unknown } | undefined, what: string, secrets: readonly string[], status?: number, retryAfterMs?: number): void {
  if (!reply || typeof reply !== 'object') throw new TransportError(`Feishu ${what}: no JSON answer`);
  const code = Number(reply.code ?? 0);
  if (!code) return;
  const msg = redact(typeof reply.msg === 'string' ? reply.msg : '', secrets);
  if (RATE_LIMITED.has(code)) throw new TransportError(`Feishu ${what}: rate limited, code ${code} (${msg})`, retryAfterMs);
  throw new FeishuApiError(what, code, msg, status);
}

interface AxiosLike {
  isAxiosError?: boolean;
  code?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

/**
 * Turns what the SDK (axios underneath) threw into the domain's "who failed" errors. The
 * thrown value is never kept: its config holds the Authorization header.
 */
export function toAdapterError(err: unknown, what: string, secrets: readonly string[]): Error {
  if (err instanceof PlatformError || err instanceof TransportError) return err;
  const e = (err ?? {}) as AxiosLike;
  if (!e.isAxiosError) {
    // The SDK's own "failed to get tenant_access_token, code: …" carries Feishu's code and msg only.
    const m = /failed to get tenant_access_token, code: (\S+), msg: (.*)$/.exec((err as Error)?.message ?? '');
    if (m) return new FeishuApiError(`${what} (tenant_access_token)`, Number(m[1]) || -1, redact(m[2], secrets));
    return err instanceof Error ? err : new Error(String(err));
  }
  const status = e.response?.status;
  if (status === undefined) return new TransportError(`Feishu ${what}: network error${e.code ? ` (${e.code})` : ''}`);
  const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
  const retryAfterMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
  if (status === 429) return new TransportError(`Feishu ${what}: HTTP 429`, retryAfterMs);
  if (status >= 500) return new TransportError(`Feishu ${what}: HTTP ${status}`);
  const data = e.response?.data as { code?: unknown; msg?: unknown } | undefined;
  try {
    if (data && typeof data === 'object' && data.code !== undefined) checkCode(data, what, secrets, status, retryAfterMs);
  } catch (mapped) {
    return mapped as Error;
  }
  return new PlatformError(`Feishu ${what}: HTTP ${status}`, status);
}
