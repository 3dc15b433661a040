import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The signature of an encrypted event (open.feishu.cn, 接收事件 → 安全校验 → 签名校验):
 * hex SHA-256 of X-Lark-Request-Timestamp + X-Lark-Request-Nonce + Encrypt Key + the raw body.
 * Written here because the SDK's check hashes a re-serialised body and compares with `===`.
 */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey, 'utf8').update(rawBody, 'utf8').digest('hex');
}

/** Equal strings, compared in constant time whatever their lengths (hashing makes them equal). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** Why a signed event was refused. */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/** Freshness (timestamp in seconds) first, then the signature in constant time. */
export function checkFeishuSignature(
  headers: Record<string, string | undefined>,
  encryptKey: string,
  rawBody: string,
  now: number,
  windowMs: number,
): SignatureProblem | undefined {
  const timestamp = headers['x-lark-request-timestamp'];
  const nonce = headers['x-lark-request-nonce'];
  const signature = headers['x-lark-signature'];
  if (!timestamp || nonce === undefined || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - now) > windowMs) return 'stale';
  return sameSecret(signature, feishuSignature(timestamp, nonce, encryptKey, rawBody)) ? undefined : 'mismatch';
}
