import type { Mention } from './contract.ts';
import { tidy } from './chase-phrase.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when this mention names the bot itself. */
function isBot(m: Mention, botNames: string[]): boolean {
  return botNames.some((b) => b.toLowerCase() === m.name.toLowerCase());
}

/**
 * Cuts "@Name" of every mentioned user (and of the bot) out of the text, and picks the owner:
 * the first mentioned user who is not the bot.
 */
export function takeMentions(text: string, mentions: Mention[], botNames: string[]): { text: string; owner?: Mention } {
  let out = text;
  const names = [...new Set([...mentions.map((m) => m.name), ...botNames].filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  for (const name of names) out = out.replace(new RegExp(`[@＠]${escape(name)}(?=$|[\\s\\u2005,，.。:：;；!！?？]|[\\u3400-\\u9fff])`, 'gi'), ' ');
  const owner = mentions.find((m) => !isBot(m, botNames));
  return { text: out === text ? text : tidy(out), ...(owner ? { owner: { id: owner.id, name: owner.name } } : {}) };
}

/** Removes a leading "@Bot" an adapter left in. */
export function stripBotName(text: string, botNames: string[]): string {
  let out = text.trim();
  for (const name of [...botNames].sort((a, b) => b.length - a.length)) {
    if (!name) continue;
    const re = new RegExp(`^[@＠]${escape(name)}(?=$|[\\s\\u2005,，:：])[\\s\\u2005,，:：]*`, 'i');
    if (re.test(out)) return out.replace(re, '').trim();
  }
  return out;
}
