import type { Actor, AppContext } from '../../app/index.ts';
import { UserError, type Lang } from '../../domain/index.ts';
import type { ChatMessage, Outgoing } from '../contract.ts';

/** What a command handler gets: the app, who asks, in which language, and the words after the command. */
export interface CommandContext {
  app: AppContext;
  actor: Actor;
  lang: Lang;
  msg: ChatMessage;
  /** The text after the command word, trimmed. */
  args: string;
  botNames: string[];
  /** True when the operator writes (the console's box): they own nothing and are never @-mentioned. */
  byOperator?: boolean;
}

/** What a handler answers: one reply text, one message, or several. */
export type CommandReply = string | Outgoing | Outgoing[];

/** One bot command. */
export type CommandHandler = (c: CommandContext) => Promise<CommandReply>;

/** Reads the task number at the start of args ("12", "#12") and what follows; a usage error names an example. */
export function needId(c: CommandContext, u: { en: string; zh: string }): { id: number; rest: string } {
  const m = /^[#＃]?(\d{1,15})(?=$|\s)\s*([\s\S]*)$/.exec(c.args);
  if (!m) throw new UserError('usage', { en: `please give a task number, e.g. ${u.en}`, zh: `请给出任务编号，例如 ${u.zh}` });
  return { id: Number(m[1]), rest: m[2].trim() };
}
