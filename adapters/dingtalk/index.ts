/**
 * The DingTalk adapter (platform `dingtalk`): the enterprise internal robot (企业内部应用机器人)
 * in HTTP mode.
 *
 * - `POST /dingtalk/callback`: messages that @-mention the robot in a group, and one-to-one
 *   messages. The `timestamp` and `sign` headers are checked (HMAC-SHA256 of
 *   "<timestamp>\n<AppSecret>" with the AppSecret, within one hour); a used pair is refused
 *   with another body and a msgId is acted on once, on every replica (the context's replay memory).
 * - Sends: to the conversation's session webhook while it is valid (with at.atUserIds, so the
 *   people named are notified), else through the robot API (groupMessages/send,
 *   oToMessages/batchSend) under a cached access token. One line is text, several are markdown.
 *   Chat ids are conversationIds (cid…).
 *
 * No official Node SDK covers this: DingTalk's `dingtalk-stream` is the Stream (WebSocket)
 * mode only (and its gateway URL is built in, so DINGTALK_API_BASE could not move it), and
 * @alicloud/dingtalk would add a large generated client for two POSTs. The calls are plain fetch. Errors: DingtalkApiError (a refusal), TransportError (network, 5xx,
 * 429, throttling), anything else is our bug; the AppSecret and tokens never appear in them.
 */
import { type AdapterContext, type ChatAdapter, type Outgoing, type SendResult } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';
import { AccessToken } from './access-token.ts';
import { resolveDingtalkOptions, type DingtalkOptions } from './config.ts';
import { Conversations } from './conversations.ts';
import { DingtalkApiError, redact, TOKEN_INVALID } from './errors.ts';
import { postJson } from './http.ts';
import { PLATFORM } from './inbound.ts';
import { DINGTALK_LIMITS, robotMessage, sessionBody } from './outbound.ts';
import { localReplayMemory } from './replay.ts';
import { dingtalkRoutes } from './routes.ts';

export { CALLBACK_PATH, DEFAULT_API_BASE, resolveDingtalkOptions, type DingtalkOptions } from './config.ts';
export { DingtalkApiError } from './errors.ts';
export { callbackToChatMessage } from './inbound.ts';
export { DINGTALK_LIMITS, robotMessage, sessionBody, withAtIds } from './outbound.ts';
export { checkDingtalkSign, dingtalkSign } from './sign.ts';
export { callbackToChatTap, tapDataOf, tapLink } from './buttons.ts';
export { createDingtalkRobotAdapter, type DingtalkRobot } from './robot.ts';

/** A margin before a session webhook's documented expiry, so a send does not race it. */
const SESSION_MARGIN_MS = 30_000;

/** Creates the DingTalk ChatAdapter. */
export async function createDingtalkAdapter(options: DingtalkOptions): Promise<ChatAdapter> {
  const opts = resolveDingtalkOptions(options);
  const secrets = [opts.appSecret];
  const tokens = new AccessToken(opts);
  const conversations = new Conversations();
  const localMemory = localReplayMemory(opts.now);
  let ctx: AdapterContext | undefined;
  let health: { ok: boolean; detail?: string } = { ok: true };

  /** A robot API call under the access token, renewed once when DingTalk calls it invalid. */
  async function robotApi(path: string, body: object): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      try {
        return await postJson(`${opts.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': token }, opts.timeoutMs, path, [...secrets, token]);
      } catch (err) {
        if (attempt === 0 && err instanceof DingtalkApiError && TOKEN_INVALID.has(err.code)) {
          tokens.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }

  async function deliver(chatId: string, out: Outgoing): Promise<SendResult> {
    if (!/^[A-Za-z0-9+/=_-]{4,200}$/.test(chatId)) throw new PlatformError('DingTalk chat ids are conversationIds (cid…)');
    const c = conversations.get(chatId);
    if (c?.sessionWebhook && (c.sessionExpiresAt ?? 0) - SESSION_MARGIN_MS > opts.now()) {
      try {
        // The session webhook is itself a credential: it is never named in errors.
        await postJson(c.sessionWebhook, sessionBody(out), {}, opts.timeoutMs, 'robot/sendBySession', [...secrets, c.sessionWebhook]);
        return {};
      } catch (err) {
        // Refused (ended early, or not valid after all): the robot API speaks for the robot instead.
        if (!(err instanceof DingtalkApiError)) throw err;
        ctx?.log.warn({ err: err.message }, 'dingtalk: the session webhook refused; sending through the robot API');
        conversations.remember(chatId, { kind: c.kind, ...(c.staffId ? { staffId: c.staffId } : {}) });
      }
    }
    const { msgKey, msgParam } = robotMessage(out);
    if (c?.kind === 'single' && c.staffId) {
      await robotApi('/v1.0/robot/oToMessages/batchSend', { robotCode: opts.appKey, userIds: [c.staffId], msgKey, msgParam });
      return {};
    }
    const r = await robotApi('/v1.0/robot/groupMessages/send', { robotCode: opts.appKey, openConversationId: chatId, msgKey, msgParam });
    return typeof r.processQueryKey === 'string' ? { messageId: r.processQueryKey } : {};
  }

  return {
    platform: PLATFORM,
    limits: DINGTALK_LIMITS,
    routes: dingtalkRoutes({
      opts,
      localMemory,
      conversations,
      context: () => ctx,
      // The status line for all to read when the tap changed something; else the refusal, to the tapper by name.
      answerTap: async (tap, answer) => {
        await deliver(tap.chatId, answer.status ? { text: answer.status } : { text: answer.toast, mentions: [{ id: tap.userId, name: tap.userName }] });
      },
    }),

    async start(context) {
      ctx = context;
    },

    async stop() {
      ctx = undefined;
    },

    async send(chatId: string, out: Outgoing): Promise<SendResult> {
      try {
        const r = await deliver(chatId, out);
        health = { ok: true };
        return r;
      } catch (err) {
        health = { ok: false, detail: redact((err as Error).message, secrets) };
        throw err;
      }
    },

    health() {
      return health;
    },
  };
}
