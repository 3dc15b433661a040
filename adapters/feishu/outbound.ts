import type { AdapterLimits, Mention, Outgoing } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';

/**
 * What Feishu accepts. A text message's request body may be 150 KB and a rich-text (post)
 * one 30 KB (open.feishu.cn/document/server-docs/im-v1/message/create); pieces are kept well
 * under the smaller. Sending is limited to 5 messages a second to one chat, shared by the
 * bots in it, and the custom bot to 100 a minute (same page; server-docs/api-call-guide/
 * frequency-control): 100 a minute per chat stays under both.
 */
export const FEISHU_LIMITS: AdapterLimits = {
  maxLength: 20_000,
  lengthUnit: 'bytes',
  markdown: 'none',
  perChatPerMinute: 100,
  buttons: true,
};

/**
 * An interactive card (message card JSON, open.feishu.cn 卡片 JSON 1.0): the text as a div,
 * mentions as `<at id=…>` in lark_md, one action row per button row. `update_multi` makes it a
 * shared card, so the update a tap answers with is what everyone in the group sees. A button's
 * value is `{ cc: <our data> }`; without buttons (the updated card) only the text remains.
 */
export function cardJson(out: Outgoing, withButtons = true): Record<string, unknown> {
  const elements: Record<string, unknown>[] = [{ tag: 'div', text: { tag: 'plain_text', content: out.text } }];
  const ids = (out.mentions ?? []).filter((m) => /^[A-Za-z0-9_-]+$/.test(m.id));
  if (ids.length) elements.push({ tag: 'div', text: { tag: 'lark_md', content: ids.map((m) => `<at id=${m.id}></at>`).join(' ') } });
  for (const row of withButtons ? (out.buttons ?? []) : []) {
    if (row.length === 0) continue;
    elements.push({ tag: 'action', actions: row.map((b) => ({ tag: 'button', text: { tag: 'plain_text', content: b.label }, type: b.primary ? 'primary' : 'default', value: { cc: b.data } })) });
  }
  return { config: { wide_screen_mode: true, update_multi: true }, elements };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeName = (s: string) => s.replace(/</g, '＜').replace(/>/g, '＞');
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An `<at>` tag Feishu turns into a real mention of an open_id. */
function atTag(m: Mention): string {
  return `<at user_id="${escapeAttr(m.id)}">${escapeName(m.name)}</at>`;
}

/** Text with each mention's "@Name" turned into an `<at>` tag; those not named are appended. */
export function textWithMentions(out: Outgoing): string {
  let text = out.text;
  const missing: Mention[] = [];
  for (const m of out.mentions ?? []) {
    const re = new RegExp(`@${reEscape(m.name)}(?=$|[\\s,，.。:：;；!！?？])`, 'g');
    if (re.test(text)) text = text.replace(re, () => atTag(m));
    else missing.push(m);
  }
  if (missing.length > 0) text = `${text}\n${missing.map(atTag).join(' ')}`;
  return text;
}

type PostElement = { tag: 'text'; text: string } | { tag: 'at'; user_id: string; user_name: string };

/**
 * A rich-text (post) body: one paragraph per line, mentions as `at` elements. Results and
 * reminders span lines; a post shows them as paragraphs where a text message would be one block.
 */
export function postContent(out: Outgoing): string {
  const byName = new Map((out.mentions ?? []).map((m) => [m.name, m]));
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(reEscape);
  const split = names.length ? new RegExp(`@(${names.join('|')})(?=$|[\\s,，.。:：;；!！?？])`) : undefined;
  const used = new Set<string>();
  const paragraphs: PostElement[][] = out.text.split('\n').map((line) => {
    const row: PostElement[] = [];
    let rest = line;
    for (let m = split?.exec(rest); split && m; m = split.exec(rest)) {
      if (m.index > 0) row.push({ tag: 'text', text: rest.slice(0, m.index) });
      const who = byName.get(m[1])!;
      row.push({ tag: 'at', user_id: who.id, user_name: who.name });
      used.add(who.id);
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest !== '' || row.length === 0) row.push({ tag: 'text', text: rest });
    return row;
  });
  const missing = (out.mentions ?? []).filter((m) => !used.has(m.id));
  if (missing.length > 0) paragraphs.push(missing.map((m) => ({ tag: 'at' as const, user_id: m.id, user_name: m.name })));
  return JSON.stringify({ zh_cn: { content: paragraphs } });
}

/** The im/v1/messages body of an Outgoing: a post when it spans lines, text otherwise. */
export function messageBody(chatId: string, out: Outgoing, kind: 'auto' | 'text' = 'auto'): { receive_id: string; msg_type: string; content: string } {
  if (!/^oc_[A-Za-z0-9_-]+$/.test(chatId)) throw new PlatformError('Feishu chat ids are chat_id values (oc_…)');
  // A card only for a message that closes something (Done): a card has no rich-text paragraphs,
  // so a result that only offers Skip next stays rich text, and its occurrence is skipped by /pause or the other platforms.
  if (kind === 'auto' && out.buttons?.some((r) => r.some((b) => b.primary))) return { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(cardJson(out)) };
  if (kind === 'auto' && out.text.includes('\n')) return { receive_id: chatId, msg_type: 'post', content: postContent(out) };
  return { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text: textWithMentions(out) }) };
}
