import type { Config } from '../../src/config/index.ts';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import { FakeTelegramServer } from '../fakes/telegram-server.ts';
import { startTestService } from '../http/service.ts';

/** Credentials of the hostile-input suites (test values). */
export const CREDS = {
  telegramToken: '123456:HOSTILE-telegram-token_abcdef',
  telegramSecret: 'hostile-webhook-secret_0123',
  corpId: 'wwhostilecorp',
  agentId: '1000002',
  wecomSecret: 'hostile-wecom-app-secret-xyz',
  wecomToken: 'hostileCallbackToken',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  botToken: 'hostileBotToken',
  botAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

/** The real service with Telegram (against a fake Bot API) and both WeCom callbacks enabled. */
export async function startHostileService(config: Partial<Config> = {}) {
  const fake = await FakeTelegramServer.start({ token: CREDS.telegramToken });
  const h = await startTestService({
    config: {
      telegram: { botToken: CREDS.telegramToken, apiRoot: fake.apiRoot, webhookSecret: CREDS.telegramSecret },
      // Sends to WeCom go nowhere (a closed port): the outbox keeps retrying them, quietly.
      wecom: { corpId: CREDS.corpId, agentId: CREDS.agentId, secret: CREDS.wecomSecret, token: CREDS.wecomToken, aesKey: CREDS.aesKey, botToken: CREDS.botToken, botAesKey: CREDS.botAesKey, apiBase: 'http://127.0.0.1:9' },
      admins: { telegram: ['42'], wecom: ['boss'] },
      actions: { echo: [process.execPath, '-e', 'console.log("echo ok")'] },
      ...config,
    },
  });
  return {
    ...h,
    fake,
    creds: CREDS,
    app: new WecomCrypto(CREDS.wecomToken, CREDS.aesKey, CREDS.corpId),
    bot: new WecomCrypto(CREDS.botToken, CREDS.botAesKey, ''),
    async close() {
      await h.close();
      await fake.close();
    },
  };
}

/** Resident set size in MiB. */
/**
 * Memory the process holds in MiB: the JavaScript heap in use plus memory outside it (buffers),
 * after a full collection (the test workers run with --expose-gc, see vitest.config.ts). A leak
 * of requests, bodies or sockets shows here; the resident size also counts compiled code and
 * heap pages V8 keeps after collecting, which grow with the fuzzers' variety and never shrink.
 */
export const heldMiB = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 2 ** 20;
};
