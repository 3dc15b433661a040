import type { Lang } from '../domain/index.ts';
import type { Database } from '../store/index.ts';
import type { AppLimits } from './limits.ts';

/** What the use cases need from the running process. */
export interface AppContext {
  database: Database;
  now(): number;
  /** Default timezone for schedules (chat setting first, then this). */
  defaultTz: string;
  /** Shortest interval a chat may ask for, in ms. */
  minIntervalMs: number;
  /** Names of the actions the operator configured. */
  actionNames: string[];
  /** Tells the local engine that something changed (it wakes at once instead of at the next poll). */
  notify(): void;
  /** Per-chat and per-user limits; the defaults apply to what is not given. */
  limits?: Partial<AppLimits>;
  /** A runner silent this long is offline (and loses its runs). */
  runnerLapseMs?: number;
  /** Names of the SQL connections SQL tasks may use. */
  sqlConnections?: string[];
}

/** Who is asking, and from where: decides what they may see and do. */
export interface Actor {
  /** 'operator' for API and CLI, 'chat' for a chat member. */
  kind: 'operator' | 'chat';
  id: string;
  name?: string;
  /** For chat actors: the chat they write in. Tasks of other chats look like they do not exist. */
  chat?: { platform: string; chatId: string };
  admin: boolean;
  lang: Lang;
}

/** The one name the operator is shown by (who closed, who created), wherever they act from. */
export const OPERATOR_NAME = 'console';

/** The operator (CLI, admin API token). */
export const OPERATOR: Actor = { kind: 'operator', id: 'operator', name: OPERATOR_NAME, admin: true, lang: 'en' };
