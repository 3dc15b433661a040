import type { Mention, Outgoing } from '../../src/chat/index.ts';
import { PlatformError } from '../../src/domain/index.ts';

/** UTF-8 length, the unit WeCom counts in. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Markdown content with a `<@userid>` for each mention the content does not already hold. */
export function markdownWithMentions(content: string, mentions: readonly Mention[] = []): string {
  const tags = mentions.map((m) => `<@${m.id}>`).filter((tag) => !content.includes(tag));
  return tags.length === 0 ? content : `${content}\n${tags.join(' ')}`;
}

/** Refuses for good a message the relay should have split by limits.maxLength. */
export function assertFits(content: string, maxBytes: number, what: string): void {
  if (byteLength(content) > maxBytes) {
    throw new PlatformError(`${what}: ${byteLength(content)} bytes, WeCom accepts at most ${maxBytes}`);
  }
}

/** The markdown body of an Outgoing: its markdown, else its text, with mentions appended. */
export function markdownOf(out: Outgoing): string {
  return markdownWithMentions(out.markdown ?? out.text, out.mentions);
}
