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
  /** The operator's one name (config `operator.name`), shown wherever they act; DEFAULT_OPERATOR_NAME when not given. */
  operatorName?: string;
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
  /** A chat actor who is the operator (the console's chat box): recorded by the operator's one name. */
  operator?: boolean;
}

/** The operator's name when the configuration gives none. */
export const DEFAULT_OPERATOR_NAME = 'console';

/**
 * The operator (CLI, admin API token), as a template: what they may do, not who they are. It has
 * no name on purpose: the use cases name it with the configured one (nameOf), so that a caller
 * that forgets to name it still shows the operator's one name, never "operator" or a token's role.
 */
export const OPERATOR: Actor = { kind: 'operator', id: 'operator', admin: true, lang: 'en' };

/** The name the operator is shown by (who created, closed, stopped, deleted), from the configuration. */
export function operatorName(ctx: Pick<AppContext, 'operatorName'>): string {
  return ctx.operatorName || DEFAULT_OPERATOR_NAME;
}

/** The operator acting in `lang`, named by the configuration (or by `name`, a named API token's). */
export function operatorActor(ctx: Pick<AppContext, 'operatorName'>, lang: Lang = 'en', name?: string | null): Actor {
  return { ...OPERATOR, name: name || operatorName(ctx), lang };
}

/** Who an actor is shown as: their own name, else (the operator) the configured operator name. */
export function nameOf(ctx: Pick<AppContext, 'operatorName'>, actor: Actor): string {
  if (actor.name) return actor.name;
  return actor.kind === 'operator' ? operatorName(ctx) : actor.id;
}
