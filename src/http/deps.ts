import type Router from '@koa/router';
import type { AppContext } from '../app/index.ts';
import type { ChatAdapter } from '../chat/index.ts';
import type { Lang } from '../domain/index.ts';
import type { ChatTapFn } from './chat.ts';
import type { ApiToken } from './tokens.ts';
import type { Metrics } from './metrics.ts';
import type { RunnerRoutesDeps } from './runners.ts';

/** The scheduler as the status API sees it (the Engine fits this shape). */
export interface SchedulerView {
  readonly instanceId: string;
  readonly uptimeMs: number;
  readonly nextWakeAt: number | null;
  readonly running: number;
  readonly ready: boolean;
}

/** Sends text through the chat command router and returns its replies. */
export type ChatFn = (text: string, lang: Lang, opts?: { replyTo?: number; who?: string }) => Promise<{ text: string }[]>;

/** What the HTTP edge needs from the composition root. */
export interface HttpDeps {
  adapters: ChatAdapter[];
  log: { info(o: object, m?: string): void; error(o: object, m?: string): void };
  /** Database reachable and migrations applied. */
  ready(): Promise<{ ok: boolean; detail?: string }>;
  /** More routes. */
  extraRoutes?: ((router: Router) => void)[];
  /** The use cases; the REST API and the status page are mounted only when given. */
  app?: AppContext;
  /** Accepted bearer tokens; /api answers 401 to everyone when empty. */
  tokens?: ApiToken[];
  scheduler?: SchedulerView;
  /** Served at /metrics when given. */
  metrics?: Metrics;
  /** The status page's chat box; /api/chat answers 501 without it. */
  chat?: ChatFn;
  /** Clicks on the chat box's buttons; /api/chat/tap answers 501 without it. */
  chatTap?: ChatTapFn;
  /** Remote runners: their protocol under /runner and their admin under /api/runners. */
  runners?: RunnerRoutesDeps;
}
