/** What the adapter remembers of a conversation from its last callback. */
export interface Conversation {
  kind: 'group' | 'single';
  /** The other person of a one-to-one conversation (robot API oToMessages needs it). */
  staffId?: string;
  sessionWebhook?: string;
  sessionExpiresAt?: number; // ms since epoch
}

/**
 * Conversations seen in callbacks, with their session webhook. DingTalk documents a session
 * webhook as valid until sessionWebhookExpiredTime; after that (or after a restart, this lives
 * in memory) replies go through the robot API. Bounded.
 */
export class Conversations {
  readonly #byId = new Map<string, Conversation>();
  readonly #max: number;

  constructor(max = 20_000) {
    this.#max = max;
  }

  remember(id: string, c: Conversation): void {
    this.#byId.delete(id);
    this.#byId.set(id, c);
    if (this.#byId.size > this.#max) this.#byId.delete(this.#byId.keys().next().value as string);
  }

  get(id: string): Conversation | undefined {
    return this.#byId.get(id);
  }
}
