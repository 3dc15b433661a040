import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** A JSON reply of the WeCom API (errcode 0 = success). */
export interface ApiReply {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

/**
 * One HTTP call to WeCom, JSON in and out. The URL carries secrets (access_token, robot key),
 * so no message built here mentions it. Network failures, timeouts, 429 and 5xx become
 * TransportError; other non-2xx become PlatformError.
 */
export async function requestJson(
  url: string,
  body: unknown | undefined,
  timeoutMs: number,
  what: string,
): Promise<ApiReply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new TransportError(`${what}: no answer within ${timeoutMs} ms`);
    }
    // The cause may hold the URL (and with it a token or key): keep only its code.
    const code = (err as { cause?: { code?: string } }).cause?.code;
    throw new TransportError(`${what}: network error${code ? ` (${code})` : ''}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new TransportError(`${what}: connection lost while reading the answer`);
  }
  if (res.status === 429) {
    const after = Number(res.headers.get('retry-after'));
    throw new TransportError(`${what}: HTTP 429`, Number.isFinite(after) && after > 0 ? after * 1000 : undefined);
  }
  if (res.status >= 500) throw new TransportError(`${what}: HTTP ${res.status}`);
  if (res.status < 200 || res.status >= 300) throw new PlatformError(`${what}: HTTP ${res.status}`, res.status);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as ApiReply;
  } catch {
    // fall through: a proxy's error page is as good as no answer
  }
  throw new TransportError(`${what}: the answer is not a JSON object`);
}
