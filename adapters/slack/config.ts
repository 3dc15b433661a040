/**
 * Options of the Slack adapter. The composition root maps SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET
 * and SLACK_API_BASE onto the first three; the rest are tuning knobs with production defaults
 * that tests shorten.
 */
export interface SlackOptions {
  /** Bot User OAuth Token (xoxb-…): chat.postMessage, auth.test, conversations.replies. Never logged. */
  botToken: string;
  /** Signing secret of the app (Basic Information): checks every request Slack sends. Never logged. */
  signingSecret?: string;
  /** App-level token (xapp-…, scope connections:write): Socket Mode instead of public URLs. Never logged. */
  appToken?: string;
  /** Web API root, default https://slack.com/api/ (tests point it at a fake). */
  apiBase?: string;
  /** Per-request timeout of Web API calls. */
  timeoutMs?: number; // ms
  /** Requests whose X-Slack-Request-Timestamp is further than this from now are refused (Slack: 5 minutes). */
  replayWindowMs?: number; // ms
  /** How long a request may keep Slack waiting for onMessage (Slack retries after 3 s). */
  ackTimeoutMs?: number; // ms
  /** Wait before reconnecting Socket Mode after a failure. */
  socketRetryMs?: number; // ms
  /** Clock, for tests. */
  now?: () => number; // ms since epoch
}

/** SlackOptions with every default filled in; at least one of signingSecret and appToken. */
export type ResolvedSlackOptions = Required<Omit<SlackOptions, 'signingSecret' | 'appToken'>> & { signingSecret?: string; appToken?: string };

export const DEFAULT_API_BASE = 'https://slack.com/api/';
export const EVENTS_PATH = '/slack/events';
export const COMMANDS_PATH = '/slack/commands';
/** The Interactivity Request URL: button taps (block_actions). */
export const INTERACTIONS_PATH = '/slack/interactions';

/** Fills defaults; the API root always ends in "/" because the SDK appends the method name to it. */
export function resolveSlackOptions(o: SlackOptions): ResolvedSlackOptions {
  const botToken = o.botToken?.trim();
  const signingSecret = o.signingSecret?.trim() || undefined;
  const appToken = o.appToken?.trim() || undefined;
  if (!botToken) throw new Error('slack: a bot token is required (SLACK_BOT_TOKEN)');
  if (!signingSecret && !appToken) throw new Error('slack: a signing secret (SLACK_SIGNING_SECRET) or, for Socket Mode, an app-level token (SLACK_APP_TOKEN) is required');
  const base = (o.apiBase?.trim() || DEFAULT_API_BASE).replace(/\/*$/, '/');
  return {
    botToken,
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
    apiBase: base,
    socketRetryMs: o.socketRetryMs ?? 5_000,
    timeoutMs: o.timeoutMs ?? 10_000,
    replayWindowMs: o.replayWindowMs ?? 5 * 60_000,
    ackTimeoutMs: o.ackTimeoutMs ?? 2_500,
    now: o.now ?? Date.now,
  };
}
