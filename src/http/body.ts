import type Koa from 'koa';
import { HttpError } from './errors.ts';

/** Largest JSON body the API reads. */
export const MAX_JSON_BODY = 64 * 1024; // bytes

/** Reads the request body as a JSON object: 413 past the limit, 400 when it is not JSON. */
export async function readJson(ctx: Koa.Context, limit = MAX_JSON_BODY): Promise<Record<string, unknown>> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
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
