import { LANG } from './i18n.ts';

const KEY = 'chatcron.token';

/** An answer the API refused, with its message already in the page's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The token this tab holds (sessionStorage: gone with the tab, never in a cookie). */
export const token = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (v: string) => sessionStorage.setItem(KEY, v),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Called when the API says 401: the app asks for a token again. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

/** One API call with the tab's token; errors carry the server's message in the reader's language. */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const tk = token.get();
  if (!tk) {
    onUnauthorized();
    throw new ApiError(401, 'no token');
  }
  const headers: Record<string, string> = { Authorization: `Bearer ${tk}`, 'Accept-Language': LANG };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${path}${sep}lang=${LANG}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    onUnauthorized();
    throw new ApiError(401, 'unauthorized');
  }
  const j = (await res.json().catch(() => ({}))) as { error?: string; field?: string };
  if (!res.ok) throw new ApiError(res.status, j.error || `HTTP ${res.status}`, j.field);
  return j as T;
}

/** A query string from the set values of an object. */
export function qs(o: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
