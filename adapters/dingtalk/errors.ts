import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** DingTalk refused a call for good: carries its code (numeric errcode or string code) and message. */
export class DingtalkApiError extends PlatformError {
  readonly code: string;
  constructor(what: string, code: string, message: string, status?: number) {
    super(`DingTalk refused ${what}: ${code} (${message})`, status);
    this.name = 'DingtalkApiError';
    this.code = code;
  }
}

/**
 * "Later", not "no": 130101 is a robot sending too fast (open.dingtalk.com, 自定义机器人发送
 * 群消息: 20 a minute, then 10 minutes of silence), -1 the system busy, and the new API's
 * Throttling codes go with HTTP 429.
 */
const TRANSIENT = new Set(['130101', '-1', 'Throttling', 'Throttling.Api', 'Throttling.User', 'ServiceUnavailable', 'SystemBusy']);
/** The access token is missing or expired: fetch a new one and try once more. */
export const TOKEN_INVALID = new Set(['InvalidAuthentication', '40001', '40014', '42001']);

/** Replaces every occurrence of a secret with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** The code of an answer: the old API's numeric errcode, or the new API's string code. */
export function codeOf(reply: Record<string, unknown>): string | undefined {
  if (reply.errcode !== undefined && Number(reply.errcode) !== 0) return String(reply.errcode);
  if (typeof reply.code === 'string' && reply.code !== '' && reply.code !== '0') return reply.code;
  return undefined;
}

/** Throws the typed error of an answer that carries a code; returns otherwise. */
export function checkReply(reply: Record<string, unknown>, what: string, secrets: readonly string[], status?: number): void {
  const code = codeOf(reply);
  if (code === undefined) return;
  const message = redact(String(reply.errmsg ?? reply.message ?? ''), secrets);
  if (TRANSIENT.has(code) || code.startsWith('Throttling')) throw new TransportError(`DingTalk ${what}: ${code} (${message})`);
  throw new DingtalkApiError(what, code, message, status);
}
