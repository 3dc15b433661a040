import { PlatformError, TransportError } from '../domain/index.ts';

/** POSTs JSON to a URL: 2xx is delivered, 429/5xx/network is TransportError, other 4xx PlatformError. */
export async function postJson(url: string, body: string, timeoutMs = 10_000): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    throw new TransportError(`POST ${safeUrl(url)} failed: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return;
  if (res.status === 429 || res.status >= 500) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new TransportError(`POST ${safeUrl(url)}: HTTP ${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  throw new PlatformError(`POST ${safeUrl(url)}: HTTP ${res.status}`, res.status);
}

/** The URL without its query string (keys often travel there). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
