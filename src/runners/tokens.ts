import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** sha256 hex of a token's secret part: what the database keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new runner token, `ccr.<runner id>.<secret>`, and the hash to store. */
export function newRunnerToken(id: number): { token: string; secret: string; hash: string } {
  const secret = randomBytes(24).toString('base64url');
  return { token: `ccr.${id}.${secret}`, secret, hash: hashSecret(secret) };
}

/** The runner id and secret a presented token claims, or undefined when it is not one of ours. */
export function parseRunnerToken(token: string): { id: number; secret: string } | undefined {
  const m = /^ccr\.(\d{1,12})\.([A-Za-z0-9_-]{16,100})$/.exec(token);
  return m ? { id: Number(m[1]), secret: m[2] } : undefined;
}

/** Whether a secret matches a stored hash, in constant time (equal-length digests). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}
