/** A note for a chat's next message (the answer to the message whose mentions stayed text). */
export class PendingNotes {
  readonly #byChat = new Map<string, string>();

  set(chatId: string, note: string): void {
    this.#byChat.delete(chatId);
    this.#byChat.set(chatId, note);
    if (this.#byChat.size > 1_000) this.#byChat.delete(this.#byChat.keys().next().value as string);
  }

  /** The outgoing message with the chat's note appended, once. */
  apply<T extends { text: string; markdown?: string }>(chatId: string, out: T): T {
    const note = this.#byChat.get(chatId);
    if (note === undefined) return out;
    this.#byChat.delete(chatId);
    return { ...out, text: `${out.text}\n${note}`, ...(out.markdown !== undefined ? { markdown: `${out.markdown}\n${note}` } : {}) };
  }
}
