import type { Mention } from './contract.ts';
import { tidy } from './chase-phrase.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when this mention names the bot itself. */
function isBot(m: Mention, botNames: string[]): boolean {
  return botNames.some((b) => b.toLowerCase() === m.name.toLowerCase());
}

const BOUNDARY = '(?=$|[\\s\\u2005,，.。:：;；!！?？]|[\\u3400-\\u9fff])';

function cut(text: string, names: string[]): string {
  let out = text;
  const sorted = [...new Set(names.filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  for (const name of sorted) out = out.replace(new RegExp(`[@＠]${escape(name)}${BOUNDARY}`, 'gi'), ' ');
  return out === text ? text : tidy(out);
}

/**
 * Picks the owner (the first mentioned user who is not the bot) and cuts only the bot's own
 * "@Name" out of the text: a person's mention is both the owner and part of the task text
 * ("remind @alice to verify the hotfix"). `plain` has every mention cut, for telling the language.
 */
export function takeMentions(text: string, mentions: Mention[], botNames: string[]): { text: string; plain: string; owner?: Mention } {
  const people = mentions.filter((m) => !isBot(m, botNames));
  const out = cut(text, botNames);
  const owner = people[0];
  return { text: out, plain: cut(out, people.map((m) => m.name)), ...(owner ? { owner: { id: owner.id, name: owner.name } } : {}) };
}

/**
 * Keeps each "@Name" apart from the word after it: the parser joins CJK words across the
 * schedule it takes out ("@张三 每天9点 检查备份" → "@张三检查备份"), which would change the name.
 */
export function spaceMentions(text: string, mentions: Mention[]): string {
  let out = text;
  for (const m of mentions) out = out.replace(new RegExp(`([@＠]${escape(m.name)})(?=[^\\s\\u2005,，.。:：;；!！?？])`, 'g'), '$1 ');
  return out;
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
