import { createHmac } from 'node:crypto';
import type { AdapterContext, ChatAdapter, Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError, TransportError } from '../../src/domain/index.ts';
import { checkCode, redact } from './errors.ts';
import { FEISHU_LIMITS, postContent, textWithMentions } from './outbound.ts';

/** A custom group bot (自定义机器人) by the name tasks use as their chat id. */
export interface FeishuRobot {
  /** https://open.feishu.cn/open-apis/bot/v2/hook/<token> (or Lark's). A credential: never logged. */
  webhook: string;
  /** The bot's 签名校验 secret, when signing is on. Never logged. */
  secret?: string;
}

/**
 * The custom bot's signature (open.feishu.cn, 自定义机器人使用指南 → 签名校验): Base64 of
 * HMAC-SHA256 keyed with "<timestamp>\n<secret>" over an empty message, timestamp in seconds.
 */
export function feishuRobotSign(timestampSec: number, secret: string): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/**
 * The custom group bot (platform `feishu-robot`): send-only, as the WeCom group robot. A task's
 * chat id is the bot's name in the configuration (`feishu.robots`), so that neither the webhook
 * nor the secret is ever stored with a task or written in a log.
 */
export function createFeishuRobotAdapter(robots: Record<string, FeishuRobot>, opts: { timeoutMs?: number; now?: () => number } = {}): ChatAdapter {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const secrets = Object.values(robots).flatMap((r) => [r.webhook, r.secret ?? '']);
  let health: { ok: boolean; detail?: string } = { ok: true };

  async function post(robot: FeishuRobot, body: Record<string, unknown>): Promise<void> {
    const ts = Math.floor(now() / 1000);
    const signed = robot.secret ? { timestamp: String(ts), sign: feishuRobotSign(ts, robot.secret) } : {};
    let res: Response;
    try {
      res = await fetch(robot.webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...signed, ...body }), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      throw new TransportError(`Feishu custom bot: ${(err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `network error${code ? ` (${code})` : ''}`}`);
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429 || res.status >= 500) throw new TransportError(`Feishu custom bot: HTTP ${res.status}`);
    let reply: { code?: unknown; msg?: unknown; StatusCode?: unknown; StatusMessage?: unknown } | undefined;
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      throw new TransportError(`Feishu custom bot: HTTP ${res.status}, not a JSON answer`);
    }
    // Older answers say StatusCode/StatusMessage instead of code/msg.
    checkCode({ code: reply?.code ?? reply?.StatusCode, msg: reply?.msg ?? reply?.StatusMessage }, 'custom bot webhook', secrets, res.status);
    if (res.status >= 300) throw new PlatformError(`Feishu custom bot: HTTP ${res.status}`, res.status);
  }

  return {
    platform: 'feishu-robot',
    limits: FEISHU_LIMITS,
    routes: [],
    async start(_ctx: AdapterContext) {},
    async stop() {},
    async send(chatId: string, out: Outgoing): Promise<SendResult> {
      const robot = Object.hasOwn(robots, chatId) ? robots[chatId] : undefined;
      if (!robot) throw new PlatformError('Feishu custom bot: no robot of that name in feishu.robots');
      const body = out.text.includes('\n')
        ? { msg_type: 'post', content: { post: JSON.parse(postContent(out)) } }
        : { msg_type: 'text', content: { text: textWithMentions(out) } };
      try {
        await post(robot, body);
        health = { ok: true };
        return {};
      } catch (err) {
        health = { ok: false, detail: redact((err as Error).message, secrets) };
        throw err;
      }
    },
    health: () => health,
  };
}
