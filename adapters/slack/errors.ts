import { PlatformError, TransportError } from '../../src/domain/index.ts';

/** Slack refused a Web API call for good: carries Slack's error code (never a secret). */
export class SlackApiError extends PlatformError {
  readonly code: string;
  constructor(method: string, code: string) {
    super(`Slack refused ${method}: ${code}`);
    this.name = 'SlackApiError';
    this.code = code;
  }
}

// Error codes Slack documents as "try again later" rather than a refusal
// (docs.slack.dev/reference/methods/chat.postMessage, Errors).
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** Replaces every occurrence of a secret with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

interface SdkError {
  code?: string;
  data?: { error?: unknown };
  retryAfter?: number;
  statusCode?: number;
  original?: { message?: string; name?: string; code?: string };
  message?: string;
}

/**
 * Turns what @slack/web-api threw into the domain's "who failed" errors: a refusal
 * (PlatformError), the network or Slack being unwell for now (TransportError, retried by the
 * outbox), or — anything the SDK does not document — the error itself, which is our bug. The
 * SDK's error is never kept as `cause`: its request may hold the token.
 */
export function toAdapterError(err: unknown, method: string, secrets: readonly string[]): Error {
  if (err instanceof PlatformError || err instanceof TransportError) return err;
  const e = (err ?? {}) as SdkError;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? redact(e.data.error, secrets) : 'unknown_error';
      return TRANSIENT.has(code) ? new TransportError(`Slack ${method}: ${code}`) : new SlackApiError(method, code);
    }
    case 'slack_webapi_rate_limited_error':
      return new TransportError(`Slack ${method}: rate limited`, typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined);
    case 'slack_webapi_http_error': {
      const status = Number(e.statusCode);
      if (status === 429 || status >= 500) return new TransportError(`Slack ${method}: HTTP ${status}`);
      return new PlatformError(`Slack ${method}: HTTP ${status}`, status);
    }
    case 'slack_webapi_request_error': {
      const why = e.original?.code ?? e.original?.name ?? 'network error';
      return new TransportError(`Slack ${method}: ${redact(String(why), secrets)}`);
    }
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}
