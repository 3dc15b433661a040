/**
 * The texts of the bot's recent messages by channel and message id, so that a reply "done" to a
 * reminder finds the task id the reminder carries without asking the platform (Slack, Feishu).
 * Bounded; a restart forgets it and the platform's own lookup answers instead.
 */
export class SentTexts {
  readonly #max: number;
  readonly #texts = new Map<string, string>();

  constructor(max = 5_000) {
    this.#max = max;
  }

  remember(channel: string, ts: string, text: string): void {
    this.#texts.set(`${channel}:${ts}`, text);
    if (this.#texts.size > this.#max) this.#texts.delete(this.#texts.keys().next().value as string);
  }

  get(channel: string, ts: string): string | undefined {
    return this.#texts.get(`${channel}:${ts}`);
  }
}
