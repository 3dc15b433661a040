/** Health of an adapter: whether its last outbound call worked. */
export class HealthTracker {
  #ok = true;
  #detail?: string;
  /** Records a successful call. */
  ok(): void {
    this.#ok = true;
    this.#detail = undefined;
  }
  /** Records a failed call; the detail must already be free of secrets. */
  failed(err: unknown): void {
    this.#ok = false;
    this.#detail = err instanceof Error ? err.message : String(err);
  }
  /** The ChatAdapter.health() answer. */
  report(): { ok: boolean; detail?: string } {
    return this.#detail === undefined ? { ok: this.#ok } : { ok: this.#ok, detail: this.#detail };
  }
}
