import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFeishuSignature, feishuSignature } from '../../../adapters/feishu/index.ts';
import { FakeFeishuServer } from '../../fakes/feishu-server.ts';

const EXAMPLE = JSON.parse(fs.readFileSync(new URL('../../fixtures/feishu/decrypt-example.json', import.meta.url), 'utf8')) as { encryptKey: string; encrypt: string; plaintext: string };

describe('Feishu event encryption', () => {
  it("decrypts Feishu's published example with the SDK's AESCipher, as the adapter does", async () => {
    const { AESCipher } = await import('@larksuiteoapi/node-sdk');
    expect(new AESCipher(EXAMPLE.encryptKey).decrypt(EXAMPLE.encrypt)).toBe(EXAMPLE.plaintext);
  });

  it('refuses the published ciphertext under another key', async () => {
    const { AESCipher } = await import('@larksuiteoapi/node-sdk');
    let out: string | undefined;
    try {
      out = new AESCipher('another key').decrypt(EXAMPLE.encrypt);
    } catch {
      out = undefined;
    }
    expect(out).not.toBe(EXAMPLE.plaintext);
  });

  it("encrypts in the test fake exactly as Feishu does: the SDK reads the fake's events back", async () => {
    const { AESCipher } = await import('@larksuiteoapi/node-sdk');
    const text = JSON.stringify({ challenge: 'c-1', token: 't', type: 'url_verification', 中文: '提醒' });
    expect(new AESCipher(EXAMPLE.encryptKey).decrypt(FakeFeishuServer.encrypt(text, EXAMPLE.encryptKey))).toBe(text);
  });
});

describe('the Feishu event signature', () => {
  // Our own values, not a published vector (none could be found; see test/fixtures/feishu/README.md).
  const body = '{"encrypt":"abc"}';
  const now = 1_700_000_000_000;
  const headers = (sig: string, ts = '1700000000') => ({ 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n0nce', 'x-lark-signature': sig });

  it('is the hex SHA-256 of timestamp, nonce, Encrypt Key and the raw body, in that order', () => {
    const expected = createHash('sha256').update(`1700000000n0nce${EXAMPLE.encryptKey}${body}`).digest('hex');
    expect(feishuSignature('1700000000', 'n0nce', EXAMPLE.encryptKey, body)).toBe(expected);
    expect(checkFeishuSignature(headers(expected), EXAMPLE.encryptKey, body, now, 300_000)).toBeUndefined();
  });

  it('refuses another body, another key, a missing header and a stale timestamp', () => {
    const sig = feishuSignature('1700000000', 'n0nce', EXAMPLE.encryptKey, body);
    expect(checkFeishuSignature(headers(sig), EXAMPLE.encryptKey, '{"encrypt":"abd"}', now, 300_000)).toBe('mismatch');
    expect(checkFeishuSignature(headers(sig), 'other key', body, now, 300_000)).toBe('mismatch');
    expect(checkFeishuSignature({ 'x-lark-signature': sig }, EXAMPLE.encryptKey, body, now, 300_000)).toBe('missing');
    expect(checkFeishuSignature(headers(sig), EXAMPLE.encryptKey, body, now + 301_000, 300_000)).toBe('stale');
  });
});
