/**
 * The Slack adapter (platform `slack`), over the Events API and the official Web API client
 * (@slack/web-api, loaded only when Slack is configured).
 *
 * - `POST /slack/events`: URL verification, then `message` (channels, groups, DMs the bot is
 *   in) and `app_mention` events. Every request's `v0` signature and its timestamp (5-minute
 *   window) are checked; deliveries are deduplicated by event_id and by channel + ts.
 * - `POST /slack/commands`: the `/chatcron` slash command.
 * - `POST /slack/interactions` (the app's Interactivity Request URL): taps on the Done /
 *   Snooze / Skip buttons (block_actions), answered by chat.postEphemeral and chat.update;
 *   in Socket Mode the same payloads arrive as `interactive` envelopes.
 * - Sends: chat.postMessage to the channel id (the chat id), text with `<@U…>` mentions.
 *
 * The SDK is told not to retry and to reject rate-limited calls: the outbox relay decides when
 * to try again. Errors are SlackApiError (a refusal), TransportError (network, 5xx, 429,
 * Slack's transient codes) or anything else (our bug). The token and the signing secret never
 * appear in errors or logs.
 */
import { type AdapterContext, type ChatAdapter, type ChatMessage, type Outgoing, SeenCache, type SendResult, SentTexts } from '../../src/chat/index.ts';
import type { KnownBlock } from '@slack/web-api';
import { resolveSlackOptions, type SlackOptions } from './config.ts';
import { redact, toAdapterError } from './errors.ts';
import { PLATFORM } from './inbound.ts';
import { postMessageArgs, SLACK_LIMITS } from './outbound.ts';
import { updatedBlocks } from './interactions.ts';
import { handleCommand, handleEvent, handleInteraction, slackRoutes } from './routes.ts';
import { SocketModeConnection } from './socket-mode.ts';
import { UserNames } from './user-names.ts';

export { COMMANDS_PATH, DEFAULT_API_BASE, EVENTS_PATH, resolveSlackOptions, type SlackOptions } from './config.ts';
export { SlackApiError, toAdapterError } from './errors.ts';
export { commandToChatMessage, eventToChatMessage, readSlackText } from './inbound.ts';
export { SLACK_LIMITS, slackText } from './outbound.ts';
export { checkSlackSignature, slackSignature } from './signature.ts';

/** Creates the Slack ChatAdapter; imports the Web API client only now. */
export async function createSlackAdapter(options: SlackOptions): Promise<ChatAdapter> {
  const opts = resolveSlackOptions(options);
  const { WebClient, LogLevel } = await import('@slack/web-api');
  const secrets = [opts.botToken, opts.signingSecret ?? '', opts.appToken ?? ''];
  const client = new WebClient(opts.botToken, {
    slackApiUrl: opts.apiBase,
    timeout: opts.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  let ctx: AdapterContext | undefined;
  let health: { ok: boolean; detail?: string } = { ok: true };
  // Twice the signature window: a replay older than that is refused as stale anyway.
  const seen = new SeenCache(2 * opts.replayWindowMs, 20_000, opts.now);
  const sentTexts = new SentTexts();

  /** One Web API call with the SDK's errors mapped, recording health. */
  async function call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      const res = await run();
      health = { ok: true };
      return res;
    } catch (err) {
      const mapped = toAdapterError(err, method, secrets);
      health = { ok: false, detail: redact(mapped.message, secrets) };
      throw mapped;
    }
  }

  let botUserId: string | undefined;
  let identifying: Promise<string | undefined> | undefined;
  const identify = (): Promise<string | undefined> => {
    if (botUserId) return Promise.resolve(botUserId);
    identifying ??= call('auth.test', () => client.auth.test())
      .then((r) => (botUserId = typeof r.user_id === 'string' ? r.user_id : undefined))
      .catch((err: unknown) => {
        ctx?.log.warn({ err: (err as Error).message }, 'slack: auth.test failed; the bot id is unknown for now');
        return undefined;
      })
      .finally(() => {
        identifying = undefined;
      });
    return identifying;
  };

  const parentText = async (channel: string, threadTs: string, parentUserId: string | undefined): Promise<string | undefined> => {
    const known = sentTexts.get(channel, threadTs);
    if (known !== undefined || parentUserId === undefined || parentUserId !== botUserId) return known;
    // Ours but forgotten (a restart, another replica): ask Slack for the thread's first message.
    try {
      const r = await call('conversations.replies', () => client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true }));
      const first = r.messages?.[0];
      return typeof first?.text === 'string' ? first.text : undefined;
    } catch (err) {
      ctx?.log.warn({ err: (err as Error).message }, 'slack: the parent of a thread reply could not be read');
      return undefined;
    }
  };

  // Not through call(): a missing users:read scope costs names, not the adapter's health.
  const names = new UserNames(async (user) => {
    const r = await client.users.info({ user });
    const u = r.user;
    return u?.profile?.display_name || u?.real_name || u?.profile?.real_name || u?.name;
  }, opts.now);

  const interactions = {
    context: () => ctx,
    nameOf: (user: string) => names.nameOf(user),
    update: async (channel: string, ts: string, text: string) => {
      await call('chat.update', () => client.chat.update({ channel, ts, text, blocks: updatedBlocks(text) as unknown as KnownBlock[] }));
    },
    ephemeral: async (channel: string, user: string, text: string) => {
      await call('chat.postEphemeral', () => client.chat.postEphemeral({ channel, user, text }));
    },
    log: (obj: object, msg: string) => ctx?.log.warn(obj, msg),
  };
  const deps = { opts, seen, context: () => ctx, botUserId: identify, parentText, named: (msg: ChatMessage) => names.named(msg), interactions };
  let socket: SocketModeConnection | undefined;
  const appClient = opts.appToken ? new WebClient(opts.appToken, { slackApiUrl: opts.apiBase, timeout: opts.timeoutMs, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR }) : undefined;

  return {
    platform: PLATFORM,
    limits: SLACK_LIMITS,
    // HTTP routes only when requests can be verified; Socket Mode alone needs none.
    routes: opts.signingSecret ? slackRoutes(deps) : [],

    async start(context) {
      ctx = context;
      await identify();
      if (appClient && !socket) {
        socket = new SocketModeConnection({
          open: async () => {
            const r = await call('apps.connections.open', () => appClient.apps.connections.open());
            if (typeof r.url !== 'string') throw new Error('apps.connections.open gave no url');
            return r.url;
          },
          handle: async (env) => {
            const payload = env.payload && typeof env.payload === 'object' ? (env.payload as Record<string, unknown>) : undefined;
            if (!payload) return true;
            if (env.type === 'events_api') return (await handleEvent(payload, deps)).status < 500;
            if (env.type === 'slash_commands') {
              const form = Object.fromEntries(Object.entries(payload).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
              return (await handleCommand(form, deps)).status < 500;
            }
            if (env.type === 'interactive') return (await handleInteraction(payload, deps)).status < 500;
            return true; // the rest: nothing to do
          },
          log: context.log,
          retryMs: opts.socketRetryMs,
        });
        socket.start();
      }
    },

    async stop() {
      await socket?.stop();
      socket = undefined;
      ctx = undefined;
    },

    async send(chatId: string, out: Outgoing): Promise<SendResult> {
      const args = postMessageArgs(chatId, out);
      const res = await call('chat.postMessage', () => client.chat.postMessage(args));
      const ts = typeof res.ts === 'string' ? res.ts : undefined;
      if (ts) sentTexts.remember(chatId, ts, out.text);
      return ts ? { messageId: ts } : {};
    },

    health() {
      return health;
    },
  };
}
