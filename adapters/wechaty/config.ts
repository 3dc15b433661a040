import type { WechatyOptions as WechatyBuildOptions } from 'wechaty';
import type { AdapterLimits } from '../../src/chat/index.ts';

/** A constructed Wechaty puppet (wechaty-puppet's Puppet), as WechatyBuilder accepts it. */
export type PuppetInstance = Extract<NonNullable<WechatyBuildOptions['puppet']>, object>;

/** How to reach WeChat through Wechaty. */
export interface WechatyOptions {
  /** Puppet package name (WECHATY_PUPPET), e.g. 'wechaty-puppet-service' or 'wechaty-puppet-mock'. */
  puppet: string;
  /** Puppet token (WECHATY_PUPPET_TOKEN); never logged. */
  puppetToken?: string;
  /** Bot name; with a real puppet Wechaty keeps the session in `<name>.memory-card.json`. */
  name?: string;
  /** A ready puppet instance (tests pass a PuppetMock); wins over `puppet`. */
  puppetInstance?: PuppetInstance;
  /** ms start() waits for login before failing; unset = wait as long as the QR code scan takes. */
  loginTimeoutMs?: number;
  /** ms one send may take before it counts as a transport failure. */
  sendTimeoutMs?: number;
}

/** What WeChat tolerates: plain text, no markup, and a cautious pace against bans. */
export const WECHATY_LIMITS: AdapterLimits = {
  maxLength: 2000,
  lengthUnit: 'chars',
  markdown: 'none',
  perChatPerMinute: 20,
};

/** ms; a puppet call that has not answered by then is treated as a transport failure. */
export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

/** Reads WECHATY_PUPPET and WECHATY_PUPPET_TOKEN; undefined when no puppet is configured. */
export function wechatyOptionsFromEnv(env: Record<string, string | undefined>): WechatyOptions | undefined {
  const puppet = env.WECHATY_PUPPET?.trim();
  if (!puppet) return undefined;
  const puppetToken = env.WECHATY_PUPPET_TOKEN?.trim();
  return puppetToken ? { puppet, puppetToken } : { puppet };
}
