import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signature (docs.slack.dev/authentication/verifying-requests-from-slack):
 * "v0=" + hex HMAC-SHA256 of "v0:<X-Slack-Request-Timestamp>:<raw body>" keyed with the
 * signing secret. No Slack package exports this without taking over the HTTP server (Bolt's
 * receivers), so it is written here and tested against Slack's published example.
 */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}

/** Why a request was refused, for the answer's status (never echoed with details). */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/**
 * Checks the timestamp window first (a replay older than the window is refused even when its
 * signature is genuine), then the signature in constant time.
 */
export function checkSlackSignature(
  signingSecret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  rawBody: string,
  now: number,
  windowMs: number,
): SignatureProblem | undefined {
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - now) > windowMs) return 'stale';
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
  return undefined;
}
