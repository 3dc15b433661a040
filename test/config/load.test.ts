import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, secretValues } from '../../src/config/index.ts';

function withFile(content: unknown) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-cfg-'));
  const file = path.join(dir, 'chatcron.config.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('configuration', () => {
  it('uses the embedded defaults when nothing is configured', () => {
    const cfg = loadConfig({}, fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-cfg-')));
    expect(cfg).toMatchObject({ port: 8080, databaseUrl: 'sqlite:./data/chatcron.db', tz: 'UTC', minInterval: '1m' });
  });

  it('lets the environment override the file, key by key', () => {
    const file = withFile({ port: 9000, tz: 'Europe/Berlin', telegram: { apiRoot: 'http://127.0.0.1:1' } });
    const cfg = loadConfig({ CHATCRON_CONFIG: file, PORT: '9100', TELEGRAM_BOT_TOKEN: '1:abc' });
    expect(cfg.port).toBe(9100);
    expect(cfg.tz).toBe('Europe/Berlin');
    expect(cfg.telegram).toEqual({ apiRoot: 'http://127.0.0.1:1', botToken: '1:abc' });
  });

  it.each([
    [{ PORT: 'eighty' }, /port \(from PORT\)/],
    [{ DATABASE_URL: 'oracle://x' }, /databaseUrl \(from DATABASE_URL\): sqlite:<path>, mysql:\/\/user:pass@host:port\/db or postgres:\/\//],
    [{ CHATCRON_TZ: 'Mars/Base' }, /tz \(from CHATCRON_TZ\): unknown timezone "Mars\/Base"/],
    [{ CHATCRON_MIN_INTERVAL: 'soon' }, /minInterval \(from CHATCRON_MIN_INTERVAL\): a duration/],
  ])('stops on %j with a message naming the key and what it expects', (env, message) => {
    expect(() => loadConfig({ ...env, CHATCRON_CONFIG: withFile({}) })).toThrow(message);
  });

  it('refuses a misspelt key in the file instead of ignoring it', () => {
    expect(() => loadConfig({ CHATCRON_CONFIG: withFile({ actoins: { disk: ['df'] } }) })).toThrow(/actoins: not a configuration key/);
  });

  it('refuses a file that is not JSON, and a named file that does not exist', () => {
    expect(() => loadConfig({ CHATCRON_CONFIG: withFile('{ nope') })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ CHATCRON_CONFIG: '/nonexistent/chatcron.json' })).toThrow(/CHATCRON_CONFIG: no file/);
  });

  it('collects every secret it must mask: tokens, configured values, secret-looking variables, the database password', () => {
    const cfg = loadConfig({ CHATCRON_CONFIG: withFile({ secrets: ['hunter2-long'], exec: { env: { DEPLOY_API_KEY: 'deploy-key-123' } } }), TELEGRAM_BOT_TOKEN: '123:tele-token', DATABASE_URL: 'mysql://app:dbpass99@127.0.0.1/x' });
    const s = secretValues(cfg, { MY_SERVICE_TOKEN: 'svc-token-abcdef', HOME: '/root' });
    expect(s).toEqual(expect.arrayContaining(['hunter2-long', 'deploy-key-123', '123:tele-token', 'dbpass99', 'svc-token-abcdef']));
    expect(s).not.toContain('/root');
  });
});
