import type { AdapterLimits, Mention, Outgoing } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';
import { escapeSlack } from './inbound.ts';

/**
 * What Slack accepts. chat.postMessage truncates text past 40,000 characters and asks for at
 * most 4,000 (docs.slack.dev/reference/methods/chat.postMessage, "Truncating content"); its
 * rate limit is "special": about one message per second per channel, short bursts tolerated
 * (same page, "Rate limiting"; docs.slack.dev/apis/web-api/rate-limits).
 */
export const SLACK_LIMITS: AdapterLimits = {
  maxLength: 4000,
  lengthUnit: 'chars',
  markdown: 'none',
  perChatPerMinute: 60,
};

const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text of a message: Slack's three characters escaped, each mentioned person's "@name"
 * (or "@id") turned into a real `<@id>` mention, and those the text does not name appended.
 */
export function slackText(out: Outgoing): string {
  let text = escapeSlack(out.text);
  const missing: Mention[] = [];
  for (const m of out.mentions ?? []) {
    if (!/^[A-Za-z0-9_.-]+$/.test(m.id)) continue; // not an id Slack could know
    const names = [...new Set([m.name, m.id])].filter((n) => n).map(reEscape).join('|');
    const re = new RegExp(`@(?:${names})(?=$|[\\s,，.。:：;；!！?？])`, 'g');
    if (re.test(text)) text = text.replace(re, `<@${m.id}>`);
    else missing.push(m);
  }
  if (missing.length > 0) text = `${text}\n${missing.map((m) => `<@${m.id}>`).join(' ')}`;
  return text;
}

/** The chat.postMessage arguments of one Outgoing to a channel id. */
export function postMessageArgs(channel: string, out: Outgoing): { channel: string; text: string; unfurl_links: boolean } {
  // A chat id is a channel id (C…, G…, D…); anything else would make Slack guess.
  if (!CHANNEL.test(channel)) throw new PlatformError('Slack chat ids are channel ids (C…, G… or D…)');
  const text = slackText(out);
  if (text.length > 40_000) throw new PlatformError(`Slack message: ${text.length} characters, Slack keeps at most 40000`);
  return { channel, text, unfurl_links: false };
}
