import { createDecipheriv, timingSafeEqual } from 'node:crypto';
import { decrypt as wecomDecrypt, encrypt as wecomEncrypt, getSignature } from '@wecom/crypto';

/** Why a callback was refused; safe to log (never contains key material). */
export type CryptoRejection =
  | 'bad_signature'
  | 'bad_base64'
  | 'bad_length'
  | 'bad_padding'
  | 'bad_receive_id';

/** The outcome of opening a callback: the plaintext, or a typed refusal. */
export type Opened = { ok: true; message: string } | { ok: false; reason: CryptoRejection };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BLOCK = 32; // bytes: WeCom pads PKCS#7 to 32-byte blocks

/**
 * WeCom callback crypto (WXBizMsgCrypt): AES-256-CBC through @wecom/crypto, plus the checks
 * that library leaves out: the msg_signature (constant-time), strict base64, the PKCS#7
 * padding (the library strips any last byte in 1..32 without looking at the others), the
 * length field, and the receive id (corpid for app callbacks, "" for the AI bot).
 */
export class WecomCrypto {
  readonly #token: string;
  readonly #aesKey: string;
  readonly #key: Buffer;
  readonly #receiveId: string;

  /** Throws (without echoing the key) when the EncodingAESKey is not 43 base64 characters. */
  constructor(token: string, aesKey: string, receiveId: string) {
    const key = Buffer.from(`${aesKey}=`, 'base64');
    if (!AES_KEY.test(aesKey) || key.length !== 32) {
      throw new Error('WeCom EncodingAESKey must be 43 base64 characters');
    }
    this.#token = token;
    this.#aesKey = aesKey;
    this.#key = key;
    this.#receiveId = receiveId;
  }

  /** sha1 hex of the sorted, joined [token, timestamp, nonce, encrypted]. */
  sign(timestamp: string, nonce: string, encrypted: string): string {
    return getSignature(this.#token, timestamp, nonce, encrypted);
  }

  /** Constant-time signature check; a signature of another length is refused outright. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    const expected = Buffer.from(this.sign(timestamp, nonce, encrypted), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (given.length !== expected.length) return false;
    return timingSafeEqual(given, expected);
  }

  /** Verifies the signature, then decrypts and checks the plaintext frame. */
  open(signature: string, timestamp: string, nonce: string, encrypted: string): Opened {
    if (!this.verify(signature, timestamp, nonce, encrypted)) return { ok: false, reason: 'bad_signature' };
    return this.decrypt(encrypted);
  }

  /** Decrypts one ciphertext; every malformed input becomes a rejection, never a throw. */
  decrypt(encrypted: string): Opened {
    if (encrypted.length % 4 !== 0 || !BASE64.test(encrypted)) return { ok: false, reason: 'bad_base64' };
    const raw = Buffer.from(encrypted, 'base64');
    // Smallest frame: 16 random + 4 length bytes, padded to one 32-byte block.
    if (raw.length < BLOCK || raw.length % 16 !== 0) return { ok: false, reason: 'bad_length' };
    const pad = this.#padding(raw);
    if (pad === undefined) return { ok: false, reason: 'bad_padding' };
    let message: string;
    let id: string;
    try {
      ({ message, id } = wecomDecrypt(this.#aesKey, encrypted));
    } catch {
      return { ok: false, reason: 'bad_padding' };
    }
    // The library slices by the length field without bounds checks, and decodes UTF-8
    // lossily; a frame whose parts do not add up is refused.
    const length = this.#lengthField(raw);
    if (length !== Buffer.byteLength(message) || 20 + length + Buffer.byteLength(id) + pad !== raw.length) {
      return { ok: false, reason: 'bad_length' };
    }
    if (id !== this.#receiveId) return { ok: false, reason: 'bad_receive_id' };
    return { ok: true, message };
  }

  /** Encrypts a message for this receive id (or another, for tests of the check). */
  encrypt(message: string, receiveId: string = this.#receiveId): string {
    return wecomEncrypt(this.#aesKey, message, receiveId);
  }

  /** The PKCS#7 pad length (1..32) of a ciphertext, or undefined when the padding is malformed. */
  #padding(raw: Buffer): number | undefined {
    const plain = this.#plainAt(raw, raw.length - BLOCK);
    if (!plain) return undefined;
    const pad = plain[plain.length - 1];
    if (pad < 1 || pad > BLOCK) return undefined;
    for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
    return pad;
  }

  /** The length field of the frame (bytes 16..19 of the plaintext). */
  #lengthField(raw: Buffer): number | undefined {
    return this.#plainAt(raw, 0)?.readUInt32BE(16);
  }

  /** 32 plaintext bytes from a block-aligned offset: CBC needs only those blocks and the one before. */
  #plainAt(raw: Buffer, offset: number): Buffer | undefined {
    const iv = offset === 0 ? this.#key.subarray(0, 16) : raw.subarray(offset - 16, offset);
    try {
      const d = createDecipheriv('aes-256-cbc', this.#key, iv);
      d.setAutoPadding(false);
      return Buffer.concat([d.update(raw.subarray(offset, offset + BLOCK)), d.final()]);
    } catch {
      return undefined;
    }
  }
}
