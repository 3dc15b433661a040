import type { Mention } from '../../src/chat/index.ts';

/** Escapes the three characters Telegram's HTML parse mode treats as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Mentions whose id is "@username" are plain text (Telegram links those itself); others are tg:// links. */
export function isUsernameMention(m: Mention): boolean {
  return m.id.startsWith('@');
}

/** The visible text of a mention: `@name` in the plain text is what a link replaces. */
export function mentionToken(m: Mention): string {
  return isUsernameMention(m) ? m.id : `@${m.name}`;
}

/** A text mention of one user, by id. */
export function mentionLink(m: Mention): string {
  return `<a href="tg://user?id=${escapeAttr(m.id)}">${escapeHtml(m.name)}</a>`;
}

/**
 * The plain text plus the mentions it does not already contain as `@name`, appended at the
 * end so that everyone named is notified.
 */
export function withMentions(text: string, mentions: readonly Mention[]): string {
  const missing = mentions.filter((m) => !text.includes(mentionToken(m)));
  if (missing.length === 0) return text;
  const tail = missing.map(mentionToken).join(' ');
  return text === '' ? tail : `${text} ${tail}`;
}

/**
 * Renders one chunk of plain text as Telegram HTML: everything escaped, and the first `@name` of
 * each mention not linked yet replaced by a text mention. Returns the ids it linked.
 */
export function renderHtml(plain: string, mentions: readonly Mention[], alreadyLinked: ReadonlySet<string> = new Set()): { html: string; linked: string[] } {
  const picks: { start: number; end: number; mention: Mention }[] = [];
  for (const m of mentions) {
    if (isUsernameMention(m) || alreadyLinked.has(m.id) || picks.some((p) => p.mention.id === m.id)) continue;
    const token = mentionToken(m);
    let from = 0;
    for (;;) {
      const at = plain.indexOf(token, from);
      if (at < 0) break;
      const end = at + token.length;
      if (!picks.some((p) => at < p.end && end > p.start)) {
        picks.push({ start: at, end, mention: m });
        break;
      }
      from = at + 1;
    }
  }
  picks.sort((a, b) => a.start - b.start);
  let html = '';
  let pos = 0;
  for (const p of picks) {
    html += escapeHtml(plain.slice(pos, p.start)) + mentionLink(p.mention);
    pos = p.end;
  }
  html += escapeHtml(plain.slice(pos));
  return { html, linked: picks.map((p) => p.mention.id) };
}
