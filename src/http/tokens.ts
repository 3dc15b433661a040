import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.ts';
import * as store from '../store/index.ts';

/** The settings row that keeps the generated token. */
export const API_TOKEN_SETTING = 'api_token';

/** A bearer token the API accepts, and what it may do. */
export interface ApiToken {
  token: string;
  role: 'admin' | 'read';
  name?: string;
}

/** The tokens in force and where they come from. */
export interface ApiAccess {
  tokens: ApiToken[];
  source: 'config' | 'database';
  /** Set only on the start that generated the token: the one time it may be printed. */
  generated?: string;
}

/**
 * Tokens from the configuration (`apiToken` is an admin token, `apiTokens` carry roles). With
 * none configured, a token kept in the settings table; the first start generates it. Several
 * replicas starting together agree on one: initSetting keeps the first value written.
 */
export async function resolveApiAccess(database: store.Database, cfg: Pick<Config, 'apiToken' | 'apiTokens'>): Promise<ApiAccess> {
  const configured: ApiToken[] = [...(cfg.apiToken ? [{ token: cfg.apiToken, role: 'admin' as const }] : []), ...cfg.apiTokens];
  if (configured.length > 0) return { tokens: configured, source: 'config' };
  const stored = await store.getSetting(database.db, API_TOKEN_SETTING);
  if (stored) return { tokens: [{ token: stored, role: 'admin' }], source: 'database' };
  const fresh = randomBytes(32).toString('base64url');
  const kept = await store.initSetting(database.db, API_TOKEN_SETTING, fresh);
  return { tokens: [{ token: kept, role: 'admin' }], source: 'database', generated: kept === fresh ? fresh : undefined };
}

/** The stored generated token, if any (for `chatcron token`). */
export async function storedApiToken(database: store.Database): Promise<string | undefined> {
  return store.getSetting(database.db, API_TOKEN_SETTING);
}

/**
 * What to tell the operator at start. Contains the token only when it was generated on this
 * start; otherwise it says where the token is kept.
 */
export function tokenHint(access: ApiAccess, url: string, dialect: store.DialectName): string {
  if (access.generated) {
    return [
      'generated an API token (printed only this once; it is kept in the settings table):',
      `  ${access.generated}`,
      `  curl -H "Authorization: Bearer ${access.generated}" ${url}/api/tasks`,
      `  status page: ${url}/ (it asks for the token once)`,
    ].join('\n');
  }
  if (access.source === 'config') return `API: bearer token(s) from the configuration (apiToken / apiTokens / CHATCRON_API_TOKEN); e.g. curl -H "Authorization: Bearer $CHATCRON_API_TOKEN" ${url}/api/tasks`;
  const where = dialect === 'sqlite' ? 'run `npx chatcron token` to print it' : 'run `npx chatcron token`, or SELECT value FROM settings WHERE name = \'api_token\'';
  return `API: bearer token generated at first start and kept in the settings table; ${where}. Status page: ${url}/`;
}
