import type { IncomingMessage } from 'node:http';
import type Koa from 'koa';
import getRawBody from 'raw-body';
import { HttpError } from './errors.ts';

/** Largest JSON body the API reads. */
export const MAX_JSON_BODY = 64 * 1024; // bytes
/** Largest body a platform callback may carry (a route may ask for less). */
export const MAX_WEBHOOK_BODY = 1024 * 1024; // bytes
/**
 * How much of a refused body is read and thrown away so that the keep-alive connection stays
 * usable. Past it the connection is closed: draining gigabytes for a client would be a gift.
 */
export const MAX_DISCARD = 8 * 1024 * 1024; // bytes

/**
 * Throws the rest of a refused body away. Node drains an untouched body itself, but not one
 * that was partly read; left paused, it would stall the connection, and destroying it resets
 * the client's next request.
 */
function discard(req: IncomingMessage, ctx: Koa.Context): void {
  if (req.complete) return;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_DISCARD) {
    // Node still drains what arrives before it closes; the client reads its 413 and reconnects.
    ctx.set('Connection', 'close');
  }
  let dropped = 0;
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > MAX_DISCARD) req.socket.destroy();
  });
  req.resume();
}

/**
 * The one reader of request bodies (API and platform callbacks): the whole body as UTF-8 text.
 * Past `limit` it answers 413 and keeps the connection usable; a body that does not match its
 * Content-Length, or a client that goes away, is a 400.
 */
export async function readBody(ctx: Koa.Context, limit: number): Promise<string> {
  try {
    return await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined, encoding: 'utf8' });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      discard(ctx.req, ctx);
      throw new HttpError(413, `the body is larger than ${limit} bytes`);
    }
    if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'encoding.unsupported') {
      throw new HttpError(400, 'the body could not be read', 'body');
    }
    throw err;
  }
}

/** Reads the request body as a JSON object: 413 past the limit, 400 when it is not JSON. */
export async function readJson(ctx: Koa.Context, limit = MAX_JSON_BODY): Promise<Record<string, unknown>> {
  const raw = await readBody(ctx, limit);
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new HttpError(400, `the body is not valid JSON: ${(err as Error).message}`, 'body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the body must be a JSON object', 'body');
  return value as Record<string, unknown>;
}
