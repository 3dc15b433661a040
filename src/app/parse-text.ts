import { UserError, type Lang, type Schedule, type Window } from '../domain/index.ts';
import { parseSchedule } from '../schedule/nl/index.ts';

/** A schedule read from natural language. */
export interface ParsedText {
  schedule: Schedule;
  window: Window;
  rest: string;
  lang: Lang;
  description: string;
  /** What the parser assumed, in `lang` ("05:00, on the 24-hour clock; …"). */
  notes: string[];
}

/** Reads a schedule from text the way a chat message is read; throws UserError with the parser's reason. */
export function parseText(text: string, now: number, tz: string, lang?: Lang): ParsedText {
  const r = parseSchedule(text, { now, tz, lang });
  if (!r.ok) {
    const reason = r.suggestion ? `${r.error} ${r.suggestion}` : r.error;
    throw new UserError(r.code, { en: reason, zh: reason }, 'text');
  }
  return { schedule: r.schedule, window: r.window, rest: r.rest, lang: r.lang, description: r.description, notes: r.notes };
}
