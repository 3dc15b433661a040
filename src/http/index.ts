export { createHttpApp, createRouter, mountAdapterRoutes } from './server.ts';
export type { HttpDeps, SchedulerView, ChatFn } from './deps.ts';
export { resolveApiAccess, tokenHint, type ApiToken, type ApiAccess } from './tokens.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { chatFromRouter, chatTapFromHandler, webChatAdapter, WEB_CHAT, type ChatTapFn } from './chat.ts';
