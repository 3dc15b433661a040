import { createHash, timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { WebhookRequest, WebhookResponse, WebhookRoute } from '../../src/chat/index.ts';
import { WEBHOOK_PATH } from './config.ts';

/** The header Telegram sends the secret_token of setWebhook in. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function header(req: WebhookRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** Compares in constant time whatever the lengths (hashing first makes them equal). */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** An Update as far as we trust a body: a JSON object with an integer update_id. */
export function parseUpdate(rawBody: string): Update | undefined {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const id = (body as { update_id?: unknown }).update_id;
  return Number.isSafeInteger(id) ? (body as Update) : undefined;
}

const json = (status: number, body: object): WebhookResponse => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/**
 * POST /telegram/webhook: 401 without the right secret header, 400 for a body that is not an
 * Update, 200 once the update is handled. When handling fails (the store is down, the adapter
 * is not started) it answers 503 so that Telegram delivers the update again later.
 */
export function createWebhookRoute(secret: string, handle: (update: Update) => Promise<void>): WebhookRoute {
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    async handle(req) {
      if (!secretMatches(header(req, SECRET_HEADER), secret)) return json(401, { ok: false, error: 'unauthorized' });
      const update = parseUpdate(req.rawBody);
      if (update === undefined) return json(400, { ok: false, error: 'not a Telegram update' });
      try {
        await handle(update);
      } catch {
        return json(503, { ok: false, error: 'try again later' });
      }
      return json(200, { ok: true });
    },
  };
}
