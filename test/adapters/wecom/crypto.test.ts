import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WecomCrypto } from '../../../adapters/wecom/index.ts';
import vector from '../../fixtures/wecom-callback-vector.json' with { type: 'json' };

const v = vector;
const crypto = new WecomCrypto(v.token, v.encodingAESKey, v.receiveId);

/** Encrypts an arbitrary frame with no padding of its own, to build malformed ciphertexts. */
function rawEncrypt(frame: Buffer): string {
  const key = Buffer.from(`${v.encodingAESKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(frame), c.final()]).toString('base64');
}

function frame(message: string, id: string, pad: Buffer, length = Buffer.byteLength(message)): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(length);
  return Buffer.concat([Buffer.alloc(16, 7), len, Buffer.from(message), Buffer.from(id), pad]);
}

describe('WeCom callback crypto', () => {
  it('answers the published URL verification vector with exactly the decrypted echostr', () => {
    const q = v.verifyUrl;
    expect(crypto.open(q.msg_signature, q.timestamp, q.nonce, q.echostr)).toEqual({ ok: true, message: q.expectedReply });
  });

  it('decrypts the published message vector to XML holding the expected fragments', () => {
    const m = v.message;
    const opened = crypto.open(m.msg_signature, m.timestamp, m.nonce, m.encrypt);
    expect(opened.ok).toBe(true);
    for (const fragment of m.expectedPlaintextContains) expect(opened.ok && opened.message).toContain(fragment);
  });

  it('computes the published signatures from the sorted token, timestamp, nonce and ciphertext', () => {
    expect(crypto.sign(v.message.timestamp, v.message.nonce, v.message.encrypt)).toBe(v.message.msg_signature);
  });

  it('round-trips any text through encrypt and open', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.stringMatching(/^[0-9]{1,10}$/), (text, nonce) => {
        const enc = crypto.encrypt(text);
        const sig = crypto.sign('1700000000', nonce, enc);
        expect(crypto.open(sig, '1700000000', nonce, enc)).toEqual({ ok: true, message: text });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a tampered signature, and one of another length, as bad_signature', () => {
    const enc = crypto.encrypt('hello');
    const sig = crypto.sign('1', '2', enc);
    const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
    expect(crypto.open(flipped, '1', '2', enc)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(crypto.open(sig.slice(0, 20), '1', '2', enc)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(crypto.open(sig, '1', '3', enc)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses tampered ciphertext even when it is signed again', () => {
    const raw = Buffer.from(crypto.encrypt('hello world, a message of some length'), 'base64');
    raw[raw.length - 20] ^= 0x55;
    const tampered = raw.toString('base64');
    const opened = crypto.decrypt(tampered);
    expect(opened.ok).toBe(false);
  });

  it('refuses a message encrypted for another receive id', () => {
    expect(crypto.decrypt(crypto.encrypt('hello', 'wwsomeoneelse'))).toEqual({ ok: false, reason: 'bad_receive_id' });
    expect(new WecomCrypto(v.token, v.encodingAESKey, '').decrypt(crypto.encrypt('hi'))).toEqual({ ok: false, reason: 'bad_receive_id' });
  });

  it('accepts the empty receive id the AI bot uses', () => {
    const bot = new WecomCrypto(v.token, v.encodingAESKey, '');
    expect(bot.decrypt(bot.encrypt('{"msgid":"1"}'))).toEqual({ ok: true, message: '{"msgid":"1"}' });
  });

  it('refuses bad base64 and ciphertext of a wrong length without throwing', () => {
    expect(crypto.decrypt('not base64 at all!')).toEqual({ ok: false, reason: 'bad_base64' });
    expect(crypto.decrypt('')).toEqual({ ok: false, reason: 'bad_base64' });
    expect(crypto.decrypt('abc')).toEqual({ ok: false, reason: 'bad_base64' });
    expect(crypto.decrypt(Buffer.alloc(20).toString('base64'))).toEqual({ ok: false, reason: 'bad_length' });
    expect(crypto.decrypt(Buffer.alloc(16).toString('base64'))).toEqual({ ok: false, reason: 'bad_length' });
  });

  it('refuses PKCS#7 padding that is out of range or inconsistent', () => {
    const body = frame('hello', v.receiveId, Buffer.alloc(0));
    const need = 32 - (body.length % 32);
    const good = rawEncrypt(Buffer.concat([body, Buffer.alloc(need, need)]));
    expect(crypto.decrypt(good)).toEqual({ ok: true, message: 'hello' });
    const mixed = Buffer.alloc(need, need);
    mixed[0] = need === 1 ? 2 : 1;
    expect(crypto.decrypt(rawEncrypt(Buffer.concat([body, mixed])))).toEqual({ ok: false, reason: 'bad_padding' });
    const zero = Buffer.alloc(need, 0);
    expect(crypto.decrypt(rawEncrypt(Buffer.concat([body, zero])))).toEqual({ ok: false, reason: 'bad_padding' });
  });

  it('refuses a length field that points past the end of the plaintext', () => {
    const body = frame('hello', v.receiveId, Buffer.alloc(0), 5000);
    const need = 32 - (body.length % 32);
    expect(crypto.decrypt(rawEncrypt(Buffer.concat([body, Buffer.alloc(need, need)])))).toEqual({ ok: false, reason: 'bad_length' });
  });

  it('refuses a malformed EncodingAESKey without repeating it', () => {
    expect(() => new WecomCrypto('t', 'tooShortKeyValue', '')).toThrow(/43 base64 characters/);
    try {
      new WecomCrypto('t', 'tooShortKeyValue', '');
    } catch (err) {
      expect((err as Error).message).not.toContain('tooShortKeyValue');
    }
  });
});
