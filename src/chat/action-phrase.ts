import { tidy } from './chase-phrase.ts';

const EN = /(?:^|[\s,;，；])run\s+([A-Za-z0-9][\w.-]*)\s*[.!。！]?\s*$/i;
const ZH = /(?:执行|运行)\s*[:：]?\s*([A-Za-z0-9][\w.-]*)\s*[.!。！]?\s*$/;

/**
 * Reads "run <name>" / "执行 <name>" at the end of a task's text as a named action. A name the
 * operator configured always counts; an unknown name counts only when nothing else is left
 * (so "remind everyone to run tests" stays a message, while "/add … run nosuch" is refused
 * by the app with the list of configured actions).
 */
export function takeAction(text: string, actionNames: string[]): { action?: string; content: string } {
  for (const re of [EN, ZH]) {
    const m = re.exec(text);
    if (!m) continue;
    const content = tidy(text.slice(0, m.index));
    if (actionNames.includes(m[1]) || content.length === 0) return { action: m[1], content };
  }
  return { content: text };
}
