import { type AdapterContext, type ChatMessage, dispatch, type SeenCache, type WebhookRequest, type WebhookResponse, type WebhookRoute } from '../../src/chat/index.ts';
import { COMMANDS_PATH, EVENTS_PATH, INTERACTIONS_PATH, type ResolvedSlackOptions } from './config.ts';
import { handleBlockActions, type BlockActionsPayload, type InteractionDeps } from './interactions.ts';
import { commandToChatMessage, eventToChatMessage, type SlackMessageEvent } from './inbound.ts';
import { checkSlackSignature } from './signature.ts';

/** What the two Slack routes need from the adapter. */
export interface SlackRouteDeps {
  opts: ResolvedSlackOptions;
  seen: SeenCache;
  context(): AdapterContext | undefined;
  /** The bot's own user id (auth.test), to tell its mention and its own messages apart. */
  botUserId(): Promise<string | undefined>;
  /** The text of a thread's parent message, when it is one of ours. */
  parentText(channel: string, threadTs: string, parentUserId: string | undefined): Promise<string | undefined>;
  /** The message with display names in place of user ids. */
  named(msg: ChatMessage): Promise<ChatMessage>;
  /** Answers button taps. */
  interactions: InteractionDeps;
}

const MAX_BODY = 256 * 1024; // bytes; Slack's events are far smaller

const text = (status: number, body = ''): WebhookResponse => ({ status, body, contentType: 'text/plain; charset=utf-8' });
const json = (status: number, body: object): WebhookResponse => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

/** Size and signature checks every Slack request passes first; undefined when it may go on. */
function refuse(req: WebhookRequest, opts: ResolvedSlackOptions): WebhookResponse | undefined {
  if (Buffer.byteLength(req.rawBody) > MAX_BODY) return text(413, 'too large');
  // Without a signing secret (Socket Mode only) no HTTP request can be verified.
  if (!opts.signingSecret) return text(404, 'not found');
  const problem = checkSlackSignature(opts.signingSecret, req.headers['x-slack-request-timestamp'], req.headers['x-slack-signature'], req.rawBody, opts.now(), opts.replayWindowMs);
  return problem ? text(401, 'unauthorized') : undefined;
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs onMessage for a deduplicated message; forgets its keys and asks for a retry if that failed. */
async function handOn(deps: SlackRouteDeps, msg: ChatMessage, keys: string[]): Promise<WebhookResponse> {
  const ctx = deps.context();
  if (!ctx) {
    deps.seen.forget(...keys);
    return text(503, 'not started');
  }
  if ((await dispatch(ctx, msg, deps.opts.ackTimeoutMs)) === 'retry') {
    deps.seen.forget(...keys);
    return text(503, 'retry');
  }
  return text(200);
}

/**
 * POST /slack/events (docs.slack.dev/apis/events-api): the url_verification challenge, then
 * event_callback envelopes. Deduplicated by event_id (Slack retries a delivery up to three
 * times) and by channel + ts (a message that mentions the bot arrives as both `message` and
 * `app_mention`).
 */
async function receiveEvent(req: WebhookRequest, deps: SlackRouteDeps): Promise<WebhookResponse> {
  const refused = refuse(req, deps.opts);
  if (refused) return refused;
  const body = parseObject(req.rawBody);
  if (!body) return text(400, 'malformed body');
  if (body.type === 'url_verification') {
    return typeof body.challenge === 'string' ? json(200, { challenge: body.challenge }) : text(400, 'malformed body');
  }
  return handleEvent(body, deps);
}

/** An event_callback envelope, however it came (HTTP or Socket Mode): 200 once handled, 503 to have it again. */
export async function handleEvent(body: Record<string, unknown>, deps: SlackRouteDeps): Promise<WebhookResponse> {
  if (body.type !== 'event_callback' || typeof body.event_id !== 'string') return text(200);
  const eventKey = `event:${body.event_id}`;
  if (deps.seen.checkAndAdd(eventKey)) return text(200);
  const ev = (body.event ?? {}) as SlackMessageEvent;
  const botUserId = await deps.botUserId();
  const threadTs = typeof ev.thread_ts === 'string' && ev.thread_ts !== ev.ts ? ev.thread_ts : undefined;
  const parentText = threadTs && typeof ev.channel === 'string' ? await deps.parentText(ev.channel, threadTs, typeof ev.parent_user_id === 'string' ? ev.parent_user_id : undefined) : undefined;
  const msg = eventToChatMessage(ev, { botUserId, receivedAt: deps.opts.now(), ...(parentText !== undefined ? { parentText } : {}) });
  if (!msg) return text(200);
  const msgKey = `msg:${msg.chatId}:${msg.messageId}`;
  if (deps.seen.checkAndAdd(msgKey)) return text(200);
  return handOn(deps, await deps.named(msg), [eventKey, msgKey]);
}

/**
 * POST /slack/commands: the `/chatcron` slash command (form-encoded). Answered with an empty
 * 200 (nothing shown to the person); the reply is posted in the channel by chat.postMessage.
 */
async function receiveCommand(req: WebhookRequest, deps: SlackRouteDeps): Promise<WebhookResponse> {
  const refused = refuse(req, deps.opts);
  if (refused) return refused;
  return handleCommand(Object.fromEntries(new URLSearchParams(req.rawBody)), deps);
}

/** A slash command's fields, however they came (HTTP form or Socket Mode payload). */
export async function handleCommand(form: Record<string, string>, deps: SlackRouteDeps): Promise<WebhookResponse> {
  const msg = commandToChatMessage(form, await deps.botUserId(), deps.opts.now());
  if (!msg) return text(400, 'malformed command');
  const key = `msg:${msg.chatId}:${msg.messageId}`;
  if (deps.seen.checkAndAdd(key)) return text(200);
  return handOn(deps, await deps.named(msg), [key]);
}

/**
 * POST /slack/interactions: a form with one field, `payload`, holding the interaction as JSON;
 * signed and timestamped like events (the same check). Answered with an empty 200 once the tap
 * is applied; 503 when it could not be (Slack shows the tapper an error; tapping again is safe).
 */
async function receiveInteraction(req: WebhookRequest, deps: SlackRouteDeps): Promise<WebhookResponse> {
  const refused = refuse(req, deps.opts);
  if (refused) return refused;
  const payload = parseObject(new URLSearchParams(req.rawBody).get('payload') ?? '');
  if (!payload) return text(400, 'malformed payload');
  return handleInteraction(payload, deps);
}

/** An interaction payload, however it came (HTTP or Socket Mode). */
export async function handleInteraction(payload: Record<string, unknown>, deps: SlackRouteDeps): Promise<WebhookResponse> {
  try {
    await handleBlockActions(payload as BlockActionsPayload, deps.interactions);
  } catch {
    return text(503, 'retry');
  }
  return text(200);
}

/** The Events API, slash-command and interactivity routes. */
export function slackRoutes(deps: SlackRouteDeps): WebhookRoute[] {
  return [
    { method: 'POST', path: EVENTS_PATH, handle: (req) => receiveEvent(req, deps) },
    { method: 'POST', path: COMMANDS_PATH, handle: (req) => receiveCommand(req, deps) },
    { method: 'POST', path: INTERACTIONS_PATH, handle: (req) => receiveInteraction(req, deps) },
  ];
}
