/** The logger slice the engine uses. */
export interface EngineLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Logs a problem once when it starts and once when it clears, not at every tick while it lasts
 * (a database that is down for a minute is one error line, not sixty).
 */
export class ProblemLog {
  private open = new Map<string, string>();
  constructor(private readonly log: EngineLog) {}

  report(key: string, err: unknown): void {
    const msg = err instanceof Error ? err.message : String(err);
    if (this.open.get(key) === msg) return;
    this.open.set(key, msg);
    // The error itself, so that the logger writes its stack (an unexpected one must be traceable).
    this.log.error({ problem: key, err }, `problem: ${key}: ${msg}`);
  }

  clear(key: string): void {
    if (this.open.delete(key)) this.log.info({ problem: key }, `resolved: ${key}`);
  }

  /** Problems that are open now. */
  get current(): string[] {
    return [...this.open.keys()];
  }
}
