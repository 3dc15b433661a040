import { TransportError } from '../../src/domain/index.ts';
import { checkReply } from './errors.ts';

/**
 * One JSON call to DingTalk. URLs and headers may carry the access token or a session
 * webhook, so no message built here repeats them. Network failures, timeouts, 429 and 5xx
 * are TransportError; an answer with a code is checked by checkReply (a refusal or "later");
 * another non-2xx is a refusal.
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number, what: string, secrets: readonly string[]): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new TransportError(`DingTalk ${what}: no answer within ${timeoutMs} ms`);
    const code = (err as { cause?: { code?: string } }).cause?.code;
    throw new TransportError(`DingTalk ${what}: network error${code ? ` (${code})` : ''}`);
  }
  let reply: Record<string, unknown> | undefined;
  try {
    const v: unknown = JSON.parse(await res.text());
    if (v && typeof v === 'object' && !Array.isArray(v)) reply = v as Record<string, unknown>;
  } catch {
    reply = undefined;
  }
  if (res.status === 429) {
    const after = Number(res.headers.get('retry-after'));
    throw new TransportError(`DingTalk ${what}: HTTP 429`, Number.isFinite(after) && after > 0 ? after * 1000 : undefined);
  }
  if (res.status >= 500) throw new TransportError(`DingTalk ${what}: HTTP ${res.status}`);
  if (!reply) throw new TransportError(`DingTalk ${what}: HTTP ${res.status}, the answer is not a JSON object`);
  checkReply(reply, what, secrets, res.status);
  if (res.status < 200 || res.status >= 300) checkReply({ code: `HTTP${res.status}`, message: 'refused' }, what, secrets, res.status);
  return reply;
}
