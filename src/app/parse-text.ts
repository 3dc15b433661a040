import { UserError, type Schedule, type Window } from '../domain/index.ts';

/** A schedule read from natural language. */
export interface ParsedText {
  schedule: Schedule;
  window: Window;
  rest: string;
}

/** Reads a schedule from text the way a chat message is read; throws UserError with the parser's reason. */
export function parseText(text: string, _now: number, _tz: string): ParsedText {
  throw new UserError('nl_unavailable', { en: `cannot read "${text.slice(0, 40)}" yet: use cron, every or at`, zh: '暂不支持自然语言，请使用 cron、every 或 at' }, 'text');
}
