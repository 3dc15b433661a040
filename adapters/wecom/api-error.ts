import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** WeCom refused a call for good: carries its errcode and errmsg (never a secret). */
export class WecomApiError extends PlatformError {
  readonly errcode: number;
  readonly errmsg: string;
  constructor(errcode: number, errmsg: string) {
    super(`WeCom refused the request: errcode ${errcode} (${errmsg})`);
    this.name = 'WecomApiError';
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** errcodes that mean the access token is stale: refresh once and retry. */
export const INVALID_TOKEN_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** WeCom's "API frequency limit exceeded". */
export const RATE_LIMITED = 45009;
/** WeCom's "system busy, try later". */
export const SYSTEM_BUSY = -1;

/** Replaces every occurrence of a secret with "***" (errmsg may echo request parts). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** Throws the typed error an errcode stands for; returns when errcode is 0 or absent. */
export function checkErrcode(
  reply: { errcode?: unknown; errmsg?: unknown },
  rateLimitRetryMs: number,
  secrets: readonly (string | undefined)[],
): void {
  const code = typeof reply.errcode === 'number' ? reply.errcode : Number(reply.errcode ?? 0);
  if (!code) return;
  const msg = redact(typeof reply.errmsg === 'string' ? reply.errmsg : '', secrets);
  if (code === RATE_LIMITED) {
    throw new TransportError(`WeCom rate limit: errcode ${code} (${msg})`, rateLimitRetryMs);
  }
  if (code === SYSTEM_BUSY) throw new TransportError(`WeCom busy: errcode ${code} (${msg})`);
  throw new WecomApiError(code, msg);
}
