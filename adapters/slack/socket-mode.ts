import type { AdapterLog } from '../../src/chat/index.ts';

/** One Socket Mode envelope (docs.slack.dev/apis/events-api/using-socket-mode). */
export interface Envelope {
  envelope_id?: unknown;
  type?: unknown; // hello, disconnect, events_api, slash_commands, interactive
  payload?: unknown;
  reason?: unknown;
}

/** What the connection needs. */
export interface SocketModeDeps {
  /** apps.connections.open with the app-level token: a fresh WebSocket URL. */
  open(): Promise<string>;
  /** Handles an envelope's payload; true when it may be acknowledged. */
  handle(env: Envelope): Promise<boolean>;
  log: AdapterLog;
  /** Wait before reconnecting after a failure. */
  retryMs: number;
}

type WebSocketLike = {
  on(event: 'message', cb: (data: Buffer) => void): void;
  on(event: 'close', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  send(data: string): void;
  close(): void;
  readyState: number;
};

/**
 * Socket Mode for hosts without a public URL: the service opens the WebSocket, Slack sends
 * the same event envelopes down it, and each is acknowledged by its envelope_id once handled
 * (an unacknowledged one is sent again). Slack spreads envelopes over up to ten connections,
 * so every replica may hold one. Reconnects on `disconnect` (Slack refreshes connections every
 * few hours) and after failures.
 */
export class SocketModeConnection {
  readonly #deps: SocketModeDeps;
  #ws?: WebSocketLike;
  #stopped = false;
  #timer?: NodeJS.Timeout;
  #closed?: Promise<void>;

  constructor(deps: SocketModeDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#stopped = false;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#ws?.close();
    await this.#closed;
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    let ws: WebSocketLike;
    try {
      const url = await this.#deps.open();
      const { WebSocket } = await import('ws');
      ws = new WebSocket(url) as unknown as WebSocketLike;
    } catch (err) {
      this.#deps.log.warn({ err: (err as Error).message }, 'slack: Socket Mode connection could not be opened; retrying');
      this.#retry();
      return;
    }
    this.#ws = ws;
    this.#closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    ws.on('error', (err) => this.#deps.log.warn({ err: err.message }, 'slack: Socket Mode connection error'));
    ws.on('close', () => {
      if (this.#ws === ws) this.#ws = undefined;
      this.#retry();
    });
    ws.on('message', (data) => void this.#onMessage(ws, data));
  }

  #retry(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), this.#deps.retryMs);
  }

  async #onMessage(ws: WebSocketLike, data: Buffer): Promise<void> {
    let env: Envelope;
    try {
      env = JSON.parse(data.toString('utf8')) as Envelope;
    } catch {
      return;
    }
    if (env.type === 'disconnect') {
      // Slack is about to drop this connection: open the next one now.
      ws.close();
      return;
    }
    if (typeof env.envelope_id !== 'string') return; // hello
    let ack = false;
    try {
      ack = await this.#deps.handle(env);
    } catch (err) {
      this.#deps.log.error({ err: (err as Error).message }, 'slack: a Socket Mode envelope was not handled');
    }
    if (ack && ws.readyState === 1) ws.send(JSON.stringify({ envelope_id: env.envelope_id }));
  }
}
