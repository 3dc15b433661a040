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
  buttons: true,
};

/** A Block Kit block, as far as we build them. */
export type SlackBlock = Record<string, unknown>;

// Block Kit limits (docs.slack.dev/reference/block-kit): a section's text 3,000 characters, a
// button's text 75, its value 2,000, 25 elements in an actions block, 50 blocks in a message.
const SECTION_MAX = 3000;

/** The message's text as section blocks (mrkdwn, already escaped), each within a section's 3,000 characters. */
export function sectionBlocks(text: string): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < text.length && out.length < 45; i += SECTION_MAX) out.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(i, i + SECTION_MAX) } });
  return out;
}

/** Block Kit for an Outgoing with buttons: the text, then one actions block per row (action_id = the choice, value = our data). */
export function buttonBlocks(text: string, out: Outgoing): SlackBlock[] | undefined {
  const rows = (out.buttons ?? []).filter((r) => r.length > 0);
  if (rows.length === 0) return undefined;
  const actions = rows.map((row, r) => ({
    type: 'actions',
    block_id: `cc_row_${r}`,
    elements: row.slice(0, 25).map((b, i) => ({
      type: 'button',
      action_id: `cc_${r}_${i}`,
      text: { type: 'plain_text', text: b.label.slice(0, 75), emoji: true },
      value: b.data,
      ...(b.primary ? { style: 'primary' } : {}),
    })),
  }));
  return [...sectionBlocks(text), ...actions];
}

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
export function postMessageArgs(channel: string, out: Outgoing): { channel: string; text: string; unfurl_links: boolean; blocks?: SlackBlock[] } {
  // A chat id is a channel id (C…, G…, D…); anything else would make Slack guess.
  if (!CHANNEL.test(channel)) throw new PlatformError('Slack chat ids are channel ids (C…, G… or D…)');
  const text = slackText(out);
  if (text.length > 40_000) throw new PlatformError(`Slack message: ${text.length} characters, Slack keeps at most 40000`);
  // With blocks, `text` stays the notification and screen-reader fallback Slack asks for.
  const blocks = buttonBlocks(text, out);
  return { channel, text, unfurl_links: false, ...(blocks ? { blocks } : {}) };
}
