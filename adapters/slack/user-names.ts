import type { ChatMessage } from '../../src/chat/index.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Display names of Slack users, read with users.info (scope users:read) and kept for a day.
 * Events carry only ids; with names the router's replies say "closed by Bob" rather than
 * "closed by U07…". Without the scope or on a failure the id stands in.
 */
export class UserNames {
  readonly #lookup: (userId: string) => Promise<string | undefined>;
  readonly #now: () => number;
  readonly #names = new Map<string, { name: string; until: number }>();

  constructor(lookup: (userId: string) => Promise<string | undefined>, now: () => number) {
    this.#lookup = lookup;
    this.#now = now;
  }

  async nameOf(userId: string): Promise<string> {
    const hit = this.#names.get(userId);
    if (hit && hit.until > this.#now()) return hit.name;
    const name = (await this.#lookup(userId).catch(() => undefined))?.trim();
    // A failure (no users:read scope, Slack unwell) is not asked again for ten minutes.
    this.#names.set(userId, name ? { name, until: this.#now() + 86_400_000 } : { name: userId, until: this.#now() + 600_000 });
    if (this.#names.size > 10_000) this.#names.delete(this.#names.keys().next().value as string);
    return name || userId;
  }

  /** The message with its sender's and its mentions' names, "@U123" in the text becoming "@Bob". */
  async named(msg: ChatMessage): Promise<ChatMessage> {
    const userName = msg.userName === msg.userId ? await this.nameOf(msg.userId) : msg.userName;
    let text = msg.text;
    const mentions = [];
    for (const m of msg.mentions) {
      const name = m.name === m.id ? await this.nameOf(m.id) : m.name;
      text = text.replace(new RegExp(`@${escape(m.id)}(?![A-Za-z0-9])`, 'g'), `@${name}`);
      mentions.push({ id: m.id, name });
    }
    return { ...msg, userName, text, mentions };
  }
}
