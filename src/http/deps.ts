import type Router from '@koa/router';
import type { ChatAdapter } from '../chat/index.ts';

/** What the HTTP edge needs from the composition root. */
export interface HttpDeps {
  adapters: ChatAdapter[];
  log: { info(o: object, m?: string): void; error(o: object, m?: string): void };
  /** Database reachable and migrations applied. */
  ready(): Promise<{ ok: boolean; detail?: string }>;
  /** More routes (the API and status page). */
  extraRoutes?: ((router: Router) => void)[];
}
