import * as app from '../app/index.ts';
import type { Actor, AppContext } from '../app/index.ts';
import { ForbiddenError, UserError, type Lang } from '../domain/index.ts';
import { findCommand, type CommandContext, type CommandReply } from './commands/index.ts';
import type { ChatMessage, Outgoing } from './contract.ts';
import { clip, langOf, MAX_REPLY, tr } from './format.ts';
import { stripBotName, takeMentions } from './mentions.ts';
import { createChatGate } from './rate-limit.ts';
import { doneText, taskIdIn } from './messages.ts';
import { bareDone } from './bare-done.ts';

/** What the command router needs from the composition root. */
export interface RouterDeps {
  app: AppContext;
  /** Is this platform user an admin (operator config)? */
  isAdmin(platform: string, userId: string): boolean;
  /** Bot display names per platform, to strip "@bot" if an adapter left it in (optional). */
  botNames?: string[];
  /**
   * Platforms whose messages come from the operator (the console's chat box, behind an admin
   * token): they get the operator's limits (none a minute, as the API), not a group member's.
   */
  operatorPlatforms?: string[];
  /** Told about unexpected errors (bugs); the person only sees a short apology. */
  onBug?(err: unknown): void;
}

const COMMAND = /^[/／]([^\s@/／]+)(?:@(\S+))?(?:\s+([\s\S]*))?$/;
const DONE_WORD = /^(done|ok done|done!|完成|已完成|完成了|收到|结单|好了)[\s.!。！~]*$/i;

function toOutgoing(r: CommandReply, lang: Lang, msg: ChatMessage): Outgoing[] {
  const list = typeof r === 'string' ? [{ text: r }] : Array.isArray(r) ? r : [r];
  return list.map((o) => ({ lang, replyToMessageId: msg.messageId, ...o, text: clip(o.text, MAX_REPLY) }));
}

/** The reply to a refusal, in the reader's language. */
function refusal(err: UserError, lang: Lang): string {
  const icon = err instanceof ForbiddenError ? '⛔' : '⚠️';
  const hint = err.code === 'not_found' ? tr(lang, ' (see /list)', '（发送 /列表 查看本群的任务）') : '';
  return `${icon} ${err.in(lang)}${hint}`;
}

/**
 * The command router: one inbound message in, the replies to post in the same chat out. It
 * never throws; refusals become replies in the writer's language, bugs a short apology.
 */
export function createRouter(deps: RouterDeps): (msg: ChatMessage) => Promise<Outgoing[]> {
  const botNames = deps.botNames ?? [];
  const gate = createChatGate(deps.app, deps.operatorPlatforms ?? []);
  return async (msg) => {
    const text = stripBotName(msg.text ?? '', botNames);
    // a Chinese name in a mention ("@张三") does not make an English message Chinese
    let lang = langOf(takeMentions(text, msg.mentions ?? [], botNames).plain);
    try {
      const byOperator = (deps.operatorPlatforms ?? []).includes(msg.platform);
      const actorOf = (l: Lang): Actor => ({
        ...(byOperator ? { operator: true } : {}),
        kind: 'chat',
        id: msg.userId,
        name: msg.userName || msg.userId,
        chat: { platform: msg.platform, chatId: msg.chatId },
        admin: deps.isAdmin(msg.platform, msg.userId),
        lang: l,
      });
      const addressed = msg.addressedToBot || msg.chatType === 'private';
      const refused = await gate(msg, text, lang);
      if (refused !== undefined) return refused ? toOutgoing(refused, lang, msg) : [];
      const ctx = (args: string): CommandContext => ({ app: deps.app, actor: actorOf(lang), lang, msg, args: args.trim(), botNames, byOperator });

      if (DONE_WORD.test(text)) {
        const id = msg.replyTo ? taskIdIn(msg.replyTo.text) : null;
        if (id != null) return toOutgoing(doneText(await app.closeChase(deps.app, actorOf(lang), id), lang), lang, msg);
        // a "done" that names no task is about the chat's open occurrences, never a new task
        if (addressed) return toOutgoing(await bareDone(deps.app, actorOf(lang), lang), lang, msg);
        return [];
      }

      const m = COMMAND.exec(text);
      if (m) {
        if (m[2] && botNames.length > 0 && !botNames.some((b) => b.toLowerCase() === m[2].toLowerCase())) return []; // "/list@OtherBot"
        const found = findCommand(m[1]);
        if (!found) {
          return toOutgoing(tr(lang, `I don't know the command /${m[1]}. Send /help to see what I can do.`, `不认识命令 /${m[1]}。发送 /帮助 查看可用命令。`), lang, msg);
        }
        if (found.zh) lang = 'zh';
        return toOutgoing(await found.spec.run(ctx(m[3] ?? '')), lang, msg);
      }

      if (!addressed) return [];
      if (!text) return toOutgoing(await findCommand('help')!.spec.run(ctx('')), lang, msg);
      return toOutgoing(await findCommand('add')!.spec.run(ctx(text)), lang, msg);
    } catch (err) {
      if (err instanceof UserError) return toOutgoing(refusal(err, lang), lang, msg);
      try {
        deps.onBug?.(err);
      } catch {
        // the bug reporter failing must not turn into a thrown router
      }
      return toOutgoing(tr(lang, '😵 Sorry, something went wrong on my side. The operators can find the details in the log.', '😵 抱歉，我这边出了点问题，管理员可以在日志中查看详情。'), lang, msg);
    }
  };
}
