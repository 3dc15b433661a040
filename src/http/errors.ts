import type Koa from 'koa';
import { ConflictError, ForbiddenError, NotFoundError, UserError, type Lang } from '../domain/index.ts';

/** A refusal decided by the HTTP edge itself (auth, body size, bad JSON): its message is shown. */
export class HttpError extends Error {
  readonly status: number;
  readonly field?: string;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.field = field;
  }
}

/**
 * A path id as a person writes it: digits without a leading zero, a safe integer. Anything else
 * (0x10, 1e3, 016, -1, 16.0) is "not found", exactly like a missing id: Number() would read 0x10
 * as 16 and 1e3 as 1000, and act on another task than the one named.
 */
export function parseId(raw: unknown, what: 'task' | 'run' = 'task'): number {
  const text = String(raw ?? '');
  const n = /^[1-9][0-9]*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new NotFoundError(what, text.slice(0, 40));
  return n;
}

/** The reader's language: `?lang=`, else Accept-Language, else English. */
export function langOf(ctx: Koa.Context): Lang {
  const q = ctx.query.lang;
  if (q === 'zh' || q === 'en') return q;
  const accept = ctx.get('accept-language').toLowerCase();
  const zh = accept.indexOf('zh');
  const en = accept.indexOf('en');
  return zh >= 0 && (en < 0 || zh < en) ? 'zh' : 'en';
}

function statusOf(err: UserError): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof ConflictError) return 409;
  return 400;
}

/**
 * The one place that decides what reaches the client. Typed errors become their status with
 * their message (in the reader's language) and field; anything else is a 500 without detail,
 * logged here and nowhere else.
 */
export function errorMiddleware(log: { error(o: object, m?: string): void }): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof UserError) {
        ctx.status = statusOf(err);
        ctx.body = { error: err.in(langOf(ctx)), code: err.code, ...(err.field ? { field: err.field } : {}) };
        return;
      }
      if (err instanceof HttpError) {
        ctx.status = err.status;
        ctx.body = { error: err.message, ...(err.field ? { field: err.field } : {}) };
        return;
      }
      const e = err as { status?: number; expose?: boolean; message?: string };
      // Koa's own client errors (ctx.throw(4xx)) say what they mean; server errors say nothing.
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
        ctx.status = e.status;
        ctx.body = { error: e.message };
        return;
      }
      log.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal error' };
    }
  };
}
