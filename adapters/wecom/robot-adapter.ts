import type { AdapterContext, AdapterLimits, ChatAdapter, Outgoing, SendResult, WebhookRoute } from '../../src/chat/index.ts';
import type { ResolvedTuning } from './config.ts';
import { HealthTracker } from './health.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, RobotSender } from './robot-outbound.ts';

/** The group robot (platform `wecom-robot`): send-only; the chat id is the robot key or webhook URL. */
export class WecomRobotAdapter implements ChatAdapter {
  readonly platform = 'wecom-robot';
  readonly limits: AdapterLimits = {
    maxLength: ROBOT_MARKDOWN_MAX_BYTES,
    lengthUnit: 'bytes',
    markdown: 'wecom-markdown',
    // WeCom documents 20 messages a minute per robot.
    perChatPerMinute: 20,
  };
  readonly routes: WebhookRoute[] = [];
  readonly #health = new HealthTracker();
  readonly #sender: RobotSender;

  constructor(tuning: ResolvedTuning) {
    this.#sender = new RobotSender(tuning.apiBase, tuning.timeoutMs, tuning.rateLimitRetryMs, this.#health);
  }

  async start(_ctx: AdapterContext): Promise<void> {}

  async stop(): Promise<void> {}

  async send(chatId: string, out: Outgoing): Promise<SendResult> {
    return this.#sender.send(chatId, out);
  }

  health(): { ok: boolean; detail?: string } {
    return this.#health.report();
  }
}
