export { createHttpApp, mountAdapterRoutes } from './server.ts';
export type { HttpDeps } from './deps.ts';
