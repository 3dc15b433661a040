/** Languages the product speaks to people. */
export type Lang = 'en' | 'zh';

/** A message in both languages; the edge picks the reader's. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** Bad input from a person: shown to them, in their language, never retried. */
export class UserError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly text: Bilingual;
  constructor(code: string, text: Bilingual, field?: string) {
    super(text.en);
    this.name = 'UserError';
    this.code = code;
    this.text = text;
    this.field = field;
  }
  /** The message in the reader's language. */
  in(lang: Lang): string {
    return this.text[lang];
  }
}

/** The thing asked for does not exist, or belongs to someone else (the two look the same). */
export class NotFoundError extends UserError {
  constructor(what: string, id: string | number) {
    super('not_found', { en: `${what} ${id} not found`, zh: `未找到${what === 'task' ? '任务' : what} ${id}` });
    this.name = 'NotFoundError';
  }
}

/** The caller may not do this. */
export class ForbiddenError extends UserError {
  constructor(text: Bilingual) {
    super('forbidden', text);
    this.name = 'ForbiddenError';
  }
}

/** Someone else changed the thing since the caller read it. */
export class ConflictError extends UserError {
  constructor(text: Bilingual) {
    super('conflict', text);
    this.name = 'ConflictError';
  }
}

/** A platform or remote endpoint refused the request for good: not retried. */
export class PlatformError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.name = 'PlatformError';
    this.status = status;
  }
}

/** The network or the remote side failed for now: retried with backoff. */
export class TransportError extends Error {
  /** ms the remote side asked us to wait, when it said so (HTTP 429 retry_after). */
  readonly retryAfterMs?: number;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'TransportError';
    this.retryAfterMs = retryAfterMs;
  }
}
