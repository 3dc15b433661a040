import type { AdapterContext, ChatAdapter, Outgoing, SendResult } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';
import { redact } from './errors.ts';
import { postJson } from './http.ts';
import { DINGTALK_LIMITS, sessionBody } from './outbound.ts';
import { dingtalkSign } from './sign.ts';

/** A custom group robot (自定义机器人) by the name tasks use as their chat id. */
export interface DingtalkRobot {
  /** https://oapi.dingtalk.com/robot/send?access_token=… A credential: never logged. */
  webhook: string;
  /** The robot's 加签 secret (SEC…), when signing is on. Never logged. */
  secret?: string;
}

/**
 * The custom group robot (platform `dingtalk-robot`): send-only, as the WeCom group robot. A
 * task's chat id is the robot's name in the configuration (`dingtalk.robots`); the webhook and
 * secret stay in the configuration. Signed robots get `timestamp` (ms) and `sign` query
 * parameters (open.dingtalk.com, 自定义机器人安全设置 → 加签). Text, or markdown for several
 * lines, with at.atUserIds for the people mentioned.
 */
export function createDingtalkRobotAdapter(robots: Record<string, DingtalkRobot>, opts: { timeoutMs?: number; now?: () => number } = {}): ChatAdapter {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const secrets = Object.values(robots).flatMap((r) => [r.webhook, r.secret ?? '']);
  let health: { ok: boolean; detail?: string } = { ok: true };
  return {
    platform: 'dingtalk-robot',
    limits: DINGTALK_LIMITS,
    routes: [],
    async start(_ctx: AdapterContext) {},
    async stop() {},
    async send(chatId: string, out: Outgoing): Promise<SendResult> {
      const robot = Object.hasOwn(robots, chatId) ? robots[chatId] : undefined;
      if (!robot) throw new PlatformError('DingTalk custom robot: no robot of that name in dingtalk.robots');
      const url = new URL(robot.webhook);
      if (robot.secret) {
        const ts = String(now());
        url.searchParams.set('timestamp', ts);
        url.searchParams.set('sign', dingtalkSign(ts, robot.secret));
      }
      try {
        await postJson(url.toString(), sessionBody(out), {}, timeoutMs, 'custom robot send', [...secrets, url.toString()]);
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
