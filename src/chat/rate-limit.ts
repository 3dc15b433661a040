import { DEFAULT_LIMITS, sweepRateWindows, takeRateSlots, type AppContext, type AppLimits } from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import type { ChatMessage } from './contract.ts';
import { tr } from './format.ts';

const WINDOW = 60_000; // ms

/** undefined: go on; '': drop without a word; any other text: the refusal to reply. */
export type GateVerdict = string | undefined;

/**
 * The router's gate: messages the bot would act on count against the sender's and the chat's
 * commands a minute; past either, the first refusal of a window is answered and the rest are
 * dropped quietly (a flood gets one reply, not one each). The counts live in the database, so
 * the limits hold for all replicas together. Over-long messages are refused with their length.
 * The per-minute limits apply when the context carries limits (the composition root always
 * hands the configured ones); a context built without any (unit tests, tools) is not rate-limited.
 * Messages of `operatorPlatforms` (the console's box) are the operator's: no per-minute limit.
 */
export function createChatGate(app: Pick<AppContext, 'database' | 'now' | 'limits'>, operatorPlatforms: string[] = []): (msg: ChatMessage, text: string, lang: Lang) => Promise<GateVerdict> {
  const limited = app.limits !== undefined;
  const limits: AppLimits = { ...DEFAULT_LIMITS, ...app.limits };
  let swept = 0;
  return async (msg, text, lang) => {
    const acts = msg.addressedToBot || msg.chatType === 'private' || /^[/／]/.test(text) || (msg.replyTo !== undefined && text.length <= 40);
    if (!acts) return undefined;
    if (limited && !operatorPlatforms.includes(msg.platform)) {
      const user = `u:${msg.platform}:${msg.userId}`;
      const chat = `c:${msg.platform}:${msg.chatId}`;
      const hit = await takeRateSlots(app, [
        { key: user, perMinute: limits.commandsPerUserPerMinute },
        { key: chat, perMinute: limits.commandsPerChatPerMinute },
      ]);
      if (app.now() - swept >= WINDOW) {
        swept = app.now();
        await sweepRateWindows(app, 2 * WINDOW).catch(() => undefined);
      }
      if (!hit.taken) {
        const userFull = hit.waits[0]! > 0;
        const warned = await takeRateSlots(app, [{ key: `w:${userFull ? user : chat}`, perMinute: 1 }]);
        if (!warned.taken) return '';
        return userFull
          ? tr(lang, `⏳ Too many commands: at most ${limits.commandsPerUserPerMinute} a minute per person. Try again in a minute.`, `⏳ 命令太频繁：每人每分钟最多 ${limits.commandsPerUserPerMinute} 条，请一分钟后再试。`)
          : tr(lang, `⏳ Too many commands in this chat: at most ${limits.commandsPerChatPerMinute} a minute. Try again in a minute.`, `⏳ 本群命令太频繁：每分钟最多 ${limits.commandsPerChatPerMinute} 条，请一分钟后再试。`);
      }
    }
    if (text.length > limits.maxMessageChars) {
      return tr(lang, `⚠️ That message is too long (${text.length} characters); I read at most ${limits.maxMessageChars}.`, `⚠️ 消息太长（${text.length} 个字符），最多 ${limits.maxMessageChars} 个字符。`);
    }
    return undefined;
  };
}
