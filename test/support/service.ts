import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startService, type Service } from '../../src/main.ts';

/**
 * The real service in this process (engine, outbox, HTTP on loopback, adapters), on a fresh
 * SQLite file unless DATABASE_URL is given, configured by environment and config file like
 * a deployment.
 */
export async function startTestService(env: Record<string, string>, file: Record<string, unknown> = {}): Promise<{ svc: Service; dir: string; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-svc-'));
  fs.writeFileSync(path.join(dir, 'chatcron.config.json'), JSON.stringify(file));
  const cfg = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, PORT: '0', HOST: '127.0.0.1', CHATCRON_API_TOKEN: 'test-token-0123456789abcdef', CHATCRON_MIN_INTERVAL: '1s', CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json'), ...env }, dir);
  const svc = await startService(cfg, pino({ level: 'silent' }));
  return {
    svc,
    dir,
    close: async () => {
      await svc.close(2000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
