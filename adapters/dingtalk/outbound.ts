import type { AdapterLimits, Mention, Outgoing } from '../../src/chat/index.ts';
import { cardButtons, tapLink } from './buttons.ts';

/**
 * What DingTalk accepts. Robots may send 20 messages a minute to a group before they are
 * throttled for 10 minutes (open.dingtalk.com, 自定义机器人 → 消息发送频率限制; the enterprise
 * robot is held to the same in a group); a text is kept to 5,000 characters here, well inside
 * what the robot API takes.
 */
export const DINGTALK_LIMITS: AdapterLimits = {
  maxLength: 5000,
  lengthUnit: 'chars',
  markdown: 'none',
  perChatPerMinute: 20,
  // ActionCard buttons that send their data back as the tapper (buttons.ts).
  buttons: true,
};

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text with each mentioned person's "@Name" written "@<userId>", which DingTalk shows as
 * their name and notifies (with at.atUserIds); those the text does not name are appended.
 */
export function withAtIds(text: string, mentions: readonly Mention[]): string {
  let out = text;
  const missing: Mention[] = [];
  for (const m of mentions) {
    const re = new RegExp(`[@＠](?:${reEscape(m.name)}|${reEscape(m.id)})(?=$|[\\s,，.。:：;；!！?？])`, 'g');
    if (re.test(out)) out = out.replace(re, `@${m.id}`);
    else missing.push(m);
  }
  return missing.length ? `${out}\n${missing.map((m) => `@${m.id}`).join(' ')}` : out;
}

/** Markdown keeps single line breaks only with two trailing spaces. */
function markdownOf(text: string): string {
  return text.split('\n').join('  \n');
}

function titleOf(text: string): string {
  const first = text.split('\n')[0].trim();
  return first.length > 30 ? `${first.slice(0, 29)}…` : first || 'chatcron';
}

/** The buttons as markdown links, one line: how a message that must notify someone carries them. */
function linkLine(out: Outgoing): string {
  return cardButtons(out)
    .map((b) => `[${b.label}](${tapLink(b)})`)
    .join(' | ');
}

/**
 * A session-webhook body: text for one line, markdown (results, reminders) for several, with
 * at.atUserIds. With buttons: an ActionCard, unless someone must be notified (an ActionCard
 * has no at list), then markdown with the same links under the text.
 */
export function sessionBody(out: Outgoing): Record<string, unknown> {
  const mentions = out.mentions ?? [];
  const text = withAtIds(out.text, mentions);
  const at = { atUserIds: mentions.map((m) => m.id), isAtAll: false };
  const buttons = cardButtons(out);
  if (buttons.length > 0 && mentions.length === 0) {
    return { msgtype: 'actionCard', actionCard: { title: titleOf(out.text), text: markdownOf(text), btnOrientation: '0', btns: buttons.map((b) => ({ title: b.label, actionURL: tapLink(b) })) } };
  }
  if (buttons.length > 0) return { msgtype: 'markdown', markdown: { title: titleOf(out.text), text: `${markdownOf(text)}  \n\n${linkLine(out)}` }, at };
  if (!out.text.includes('\n')) return { msgtype: 'text', text: { content: text }, at };
  return { msgtype: 'markdown', markdown: { title: titleOf(out.text), text: markdownOf(text) }, at };
}

/**
 * The msgKey and msgParam of the robot API (groupMessages/send, oToMessages/batchSend). These
 * templates have no at list: people are named in the text, not notified.
 */
export function robotMessage(out: Outgoing): { msgKey: string; msgParam: string } {
  const unnamed = (out.mentions ?? []).filter((m) => !out.text.includes(`@${m.name}`));
  const text = unnamed.length ? `${out.text}\n${unnamed.map((m) => `@${m.name}`).join(' ')}` : out.text;
  const buttons = cardButtons(out);
  if (buttons.length > 0) {
    // sampleActionCard2…5: N buttons as actionTitleN / actionURLN (one button: sampleActionCard's singleTitle / singleURL).
    const param: Record<string, string> = { title: titleOf(out.text), text: markdownOf(text) };
    if (buttons.length === 1) return { msgKey: 'sampleActionCard', msgParam: JSON.stringify({ ...param, singleTitle: buttons[0].label, singleURL: tapLink(buttons[0]) }) };
    buttons.forEach((b, i) => {
      param[`actionTitle${i + 1}`] = b.label;
      param[`actionURL${i + 1}`] = tapLink(b);
    });
    return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify(param) };
  }
  if (!out.text.includes('\n')) return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) };
  return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: titleOf(out.text), text: markdownOf(text) }) };
}
