import { BotError, GrammyError, HttpError } from 'grammy';
import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** Replaces every occurrence of the token (grammY puts it in request URLs) with `***`. */
export function redact(text: string, token: string): string {
  if (!token) return text;
  let out = text.split(token).join('***');
  // The numeric bot id before the colon is public, the part after it is the secret.
  const secret = token.slice(token.indexOf(':') + 1);
  if (secret.length >= 8) out = out.split(secret).join('***');
  return out;
}

/** A short, token-free description of any thrown value. */
export function describeError(err: unknown, token: string): string {
  if (err instanceof BotError) return describeError(err.error, token);
  if (err instanceof GrammyError) return redact(`${err.error_code}: ${err.description}`, token);
  if (err instanceof HttpError) {
    const inner = err.error instanceof Error ? `: ${err.error.message}` : '';
    return redact(`${err.message}${inner}`, token);
  }
  if (err instanceof Error) return redact(err.message, token);
  return redact(String(err), token);
}

/**
 * Turns what grammY threw into the domain's "who failed" errors: 429 and 5xx and network
 * failures are TransportError (the outbox relay retries them), other refusals PlatformError.
 * The result never carries the token, nor grammY's error as `cause` (its URL holds the token).
 */
export function toAdapterError(err: unknown, method: string, token: string): PlatformError | TransportError {
  if (err instanceof PlatformError || err instanceof TransportError) return err;
  if (err instanceof GrammyError) {
    const what = `telegram ${method}: ${redact(err.description, token)}`;
    if (err.error_code === 429) {
      const after = err.parameters.retry_after;
      return new TransportError(what, typeof after === 'number' ? after * 1000 : undefined);
    }
    if (err.error_code >= 500) return new TransportError(what);
    return new PlatformError(what, err.error_code);
  }
  return new TransportError(`telegram ${method}: ${describeError(err, token)}`);
}

/** True when the Bot API answered in a way that says the bot itself is fine. */
export function isHealthyAnswer(errorCode: number | undefined): boolean {
  if (errorCode === undefined) return true;
  return errorCode !== 401 && errorCode !== 404 && errorCode !== 429 && errorCode < 500;
}

/** The wait a 429 asks for (retry_after), in ms; undefined for any other failure. */
export function retryAfterMs(err: unknown): number | undefined {
  const inner = err instanceof BotError ? err.error : err;
  if (!(inner instanceof GrammyError) || inner.error_code !== 429) return undefined;
  const after = inner.parameters.retry_after;
  return typeof after === 'number' && after > 0 ? after * 1000 : undefined;
}
