import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * DingTalk's robot signature (open.dingtalk.com, 企业内部机器人 → 接收消息 → 校验签名; the
 * custom robot's 加签 is the same formula): Base64 of HMAC-SHA256 keyed with the secret over
 * "<timestamp>\n<secret>", the timestamp in milliseconds. No SDK exposes it for the HTTP mode.
 */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** Why a callback was refused. */
export type SignProblem = 'missing' | 'stale' | 'mismatch';

/** The `timestamp` must be within the window of now (DingTalk: one hour), the `sign` must match. */
export function checkDingtalkSign(timestamp: string | undefined, sign: string | undefined, secret: string, now: number, windowMs: number): SignProblem | undefined {
  if (!timestamp || !sign) return 'missing';
  if (!/^\d{10,15}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > windowMs) return 'stale';
  // Hashing first makes the lengths equal; the comparison is constant-time either way.
  const a = createHash('sha256').update(sign).digest();
  const b = createHash('sha256').update(dingtalkSign(timestamp, secret)).digest();
  return timingSafeEqual(a, b) ? undefined : 'mismatch';
}
