import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import type { ApiToken } from './tokens.ts';
import { HttpError } from './errors.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The role of the presented token, or undefined. Compares digests in constant time, every token every time. */
export function roleOf(header: string | undefined, tokens: readonly ApiToken[]): ApiToken['role'] | undefined {
  return tokenOf(header, tokens)?.role;
}

/** The presented token (the admin one when several match), or undefined; constant time as roleOf. */
export function tokenOf(header: string | undefined, tokens: readonly ApiToken[]): ApiToken | undefined {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const given = digest(m[1]);
  let found: ApiToken | undefined;
  for (const t of tokens) {
    // Equal-length digests, so timingSafeEqual never throws and the length of a token leaks nothing.
    if (timingSafeEqual(given, digest(t.token)) && found?.role !== 'admin') found = t;
  }
  return found;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer-token check for /api. Every 401 has the same body, whatever was wrong; read tokens may
 * only read.
 */
export function requireToken(tokens: readonly ApiToken[]): Koa.Middleware {
  return async (ctx, next) => {
    const token = tokenOf(ctx.get('authorization') || undefined, tokens);
    const role = token?.role;
    if (!role) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized');
    }
    if (role === 'read' && !SAFE_METHODS.has(ctx.method)) throw new HttpError(403, 'this token may only read');
    ctx.state.role = role;
    // Who acts, for what the console records ("closed from the console by …"); never the secret.
    ctx.state.tokenName = token.name ?? null;
    await next();
  };
}
