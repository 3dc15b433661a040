import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../adapters/wecom/index.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

// The real `chatcron serve` as a child process with every secret configured, exercised the way
// an attacker and a broken network would; then every line it printed is searched for each secret.
const S = {
  CHATCRON_API_TOKEN: 'api-token-LOGCHECK-0123456789abcdef',
  TELEGRAM_BOT_TOKEN: '987654:LOGCHECK-telegram-bot-token_xyz',
  TELEGRAM_WEBHOOK_SECRET: 'LOGCHECK-webhook-secret-42',
  WECOM_SECRET: 'LOGCHECK-wecom-app-secret',
  WECOM_TOKEN: 'LOGCHECKwecomToken',
  WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  WECOM_BOT_TOKEN: 'LOGCHECKbotToken',
  WECOM_BOT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  MY_API_KEY: 'sk-LOGCHECK-service-env-key',
};
const CONFIGURED = 'LOGCHECK-configured-secret';
const CORP = 'wwlogcheck';
const CLOSED = 'http://127.0.0.1:9'; // nothing listens: every platform call fails with a network error

describe('the log of a running service', () => {
  let p: ServiceProcess;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-logs-'));
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ secrets: [CONFIGURED], admins: { telegram: ['42'], wecom: ['boss'] } }));
    p = await startServe({
      ...S,
      CHATCRON_CONFIG: path.join(dir, 'config.json'),
      DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
      CHATCRON_LOG_LEVEL: 'trace',
      CHATCRON_POLL_INTERVAL_MS: '300',
      TELEGRAM_API_ROOT: CLOSED,
      WECOM_CORP_ID: CORP,
      WECOM_AGENT_ID: '1000002',
      WECOM_API_BASE: CLOSED,
    });
  });
  afterAll(async () => {
    if (p && p.child.exitCode === null) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(`${p.url}${url}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('holds no token, key or secret, however it was exercised', async () => {
    // The API with no, wrong and right tokens, including one that fails inside.
    await fetch(`${p.url}/api/tasks`);
    await fetch(`${p.url}/api/tasks`, { headers: { authorization: `Bearer ${S.CHATCRON_API_TOKEN}x` } });
    const auth = { authorization: `Bearer ${S.CHATCRON_API_TOKEN}` };
    await post('/api/tasks', JSON.stringify({ every: '1h', content: `say ${CONFIGURED}`, chat: { platform: 'telegram', chatId: '-5' } }), auth);
    await post('/api/tasks', '{bad json', auth);
    const created = await (await post('/api/tasks', JSON.stringify({ every: '1h', content: 'post me', chat: { platform: 'telegram', chatId: '-5' } }), auth)).json();
    await post(`/api/tasks/${created.id}/run`, '', auth);
    await post(`/api/tasks/1/run`, '', auth);
    // Telegram: a forged secret, then the right one (handling fails: getMe cannot reach the API).
    await post('/telegram/webhook', JSON.stringify({ update_id: 1 }), { 'x-telegram-bot-api-secret-token': 'wrong' });
    const update = { update_id: 2, message: { message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'T' }, from: { id: 42, is_bot: false, first_name: 'R' }, text: '/list' } };
    await post('/telegram/webhook', JSON.stringify(update), { 'x-telegram-bot-api-secret-token': S.TELEGRAM_WEBHOOK_SECRET });
    // WeCom: a forged signature, then a good message whose reply needs an access token (gettoken carries the secret).
    const app = new WecomCrypto(S.WECOM_TOKEN, S.WECOM_AES_KEY, CORP);
    const enc = app.encrypt('<xml><ToUserName>x</ToUserName><FromUserName>boss</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>/help</Content><MsgId>9001</MsgId><AgentID>1000002</AgentID></xml>');
    const ts = String(Math.floor(Date.now() / 1000));
    const body = `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
    await fetch(`${p.url}/wecom/callback?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=a`, { method: 'POST', body });
    const ok = await fetch(`${p.url}/wecom/callback?msg_signature=${app.sign(ts, 'b', enc)}&timestamp=${ts}&nonce=b`, { method: 'POST', body });
    expect(ok.status).toBe(200);
    const bot = new WecomCrypto(S.WECOM_BOT_TOKEN, S.WECOM_BOT_AES_KEY, '');
    const benc = bot.encrypt(JSON.stringify({ msgid: 'b1', msgtype: 'text', from: { userid: 'boss' }, text: { content: '/help' }, response_url: `${CLOSED}/cgi-bin/aibot/response?response_code=${S.WECOM_BOT_TOKEN}` }));
    await post(`/wecom/bot?msg_signature=${bot.sign(ts, 'c', benc)}&timestamp=${ts}&nonce=c`, JSON.stringify({ encrypt: benc }));

    // Wait until every failing platform call (their URLs carry the token, the secret, the response code) is logged.
    const tried = ['getMe', 'sendMessage', 'gettoken', 'response_url'];
    await waitFor(async () => tried.every((t) => p.logs.join('').includes(t)), 10_000, `${tried.join(', ')} failures in the log`);
    p.child.kill('SIGTERM');
    await p.exited;

    const log = p.logs.join('');
    expect(log).toMatch(/listening on/);
    expect(log.split('\n').length).toBeGreaterThan(5);
    for (const [name, value] of [...Object.entries(S), ['secrets[0]', CONFIGURED]]) {
      for (const form of new Set([value, encodeURIComponent(value), value.split(':').pop()!])) {
        expect(log.includes(form), `${name} appears in the log (as ${form})`).toBe(false);
      }
    }
  });
});
