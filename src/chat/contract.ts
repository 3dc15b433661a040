import type { Lang } from '../domain/index.ts';

/** Someone a message mentions or should mention, by platform user id. */
export interface Mention {
  id: string;
  name: string;
}

/** One inbound message, as every adapter delivers it to the command router. */
export interface ChatMessage {
  platform: string;
  chatId: string;
  chatType: 'group' | 'private';
  messageId: string;
  userId: string;
  userName: string;
  /** The text with the leading bot mention removed ("@bot /list" → "/list"). */
  text: string;
  mentions: Mention[];
  /** True when the message @-mentions the bot (or is private: every private message is for it). */
  addressedToBot: boolean;
  /** The message this one replies to, when the platform says so. */
  replyTo?: { messageId: string; text?: string };
  receivedAt: number; // ms
}

/** One button under a message. `data` is opaque ("cc1:<token>:<choice>", at most 64 bytes): the adapter sends it back in a ChatTap. */
export interface ActionButton {
  label: string;
  data: string;
  /** The button that closes the occurrence is drawn as the primary one where the platform has styles. */
  primary?: boolean;
}

/** One outbound message. `markdown` is optional; `text` is always a plain fallback. */
export interface Outgoing {
  text: string;
  markdown?: string;
  mentions?: Mention[];
  replyToMessageId?: string;
  lang?: Lang;
  /** Rows of buttons (Done / Snooze / Skip next); adapters without buttons ignore them (the text says how to reply instead). */
  buttons?: ActionButton[][];
}

/** Someone tapped a button; the adapter has verified the platform's signature before reporting it. */
export interface ChatTap {
  platform: string;
  chatId: string;
  userId: string;
  userName: string;
  /** The button's `data`, as the platform returned it (untrusted: it is looked up, never believed). */
  data: string;
  /** The platform's id of the message the button is on, when it gives one. */
  messageId?: string;
  receivedAt: number; // ms
}

/** What to tell the tapper, and how the message changes. */
export interface TapAnswer {
  /** The short acknowledgement only the tapper sees (toast, callback answer, ephemeral message). */
  toast: string;
  /** When set, the message gets this line appended and loses its buttons (who closed it, and when). */
  status?: string;
  lang: Lang;
}

/** What a platform accepts; the outbox relay splits and paces by it. */
export interface AdapterLimits {
  maxLength: number; // characters (Telegram) or bytes (WeCom), see lengthUnit
  lengthUnit: 'chars' | 'bytes';
  markdown: 'none' | 'telegram-html' | 'wecom-markdown';
  /** Messages per minute per chat the platform tolerates. */
  perChatPerMinute: number;
  /** True when `send` draws `Outgoing.buttons` and the adapter reports taps; absent: text only. */
  buttons?: boolean;
}

/** An HTTP request as the edge hands it to an adapter: no web framework type crosses. */
export interface WebhookRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

/** What the adapter wants answered. */
export interface WebhookResponse {
  status: number;
  body?: string;
  contentType?: string;
}

/** An HTTP route an adapter wants mounted (Telegram webhook, WeCom callbacks). */
export interface WebhookRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Largest body the route reads (bytes); the edge answers 413 past it. */
  maxBodyBytes?: number;
  handle(req: WebhookRequest): Promise<WebhookResponse>;
}

/** A named singleton role held with expiry (for example Telegram long polling). */
export interface Lease {
  /** Try to take or renew the role; true while this process holds it. */
  acquire(name: string, ttlMs: number): Promise<boolean>;
  release(name: string): Promise<void>;
}

/**
 * Callback keys (a signed timestamp pair, a message id) remembered by every replica until they
 * expire, so that a replay is recognised whichever replica it reaches.
 */
export interface ReplayMemory {
  /** Records `key` with the digest of its content until `expiresAt` (ms): 'new' the first time, 'same' for that content again, 'other' for other content. */
  remember(key: string, digest: string, expiresAt: number): Promise<'new' | 'same' | 'other'>;
  /** Forgets a key, so that the platform's retry of a message whose handling failed is handled. */
  forget(key: string): Promise<void>;
}

/** Handed to an adapter when it starts. */
export interface AdapterContext {
  /** Called for every inbound message; resolves once the message is durably handled. */
  onMessage(msg: ChatMessage): Promise<void>;
  /** Called for every verified button tap; resolves with the answer once the tap is applied (or refused). Absent: the service has no buttons. */
  onTap?(tap: ChatTap): Promise<TapAnswer>;
  lease: Lease;
  log: AdapterLog;
  /** The shared replay memory (the database); absent where an adapter runs without one (tests of the adapter alone). */
  replay?: ReplayMemory;
}

/** The slice of the logger adapters use; secrets never go in. */
export interface AdapterLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Result of one send: the platform's id of the message, when it gives one. */
export interface SendResult {
  messageId?: string;
}

/**
 * A chat platform. `send` throws PlatformError for a permanent refusal and TransportError
 * for what may work later (5xx, timeouts, 429 with retryAfterMs); the outbox relay retries
 * only the latter.
 */
export interface ChatAdapter {
  readonly platform: string;
  readonly limits: AdapterLimits;
  readonly routes: WebhookRoute[];
  start(ctx: AdapterContext): Promise<void>;
  stop(): Promise<void>;
  send(chatId: string, out: Outgoing): Promise<SendResult>;
  health(): { ok: boolean; detail?: string };
}
