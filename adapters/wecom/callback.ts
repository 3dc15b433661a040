import type { AdapterContext, ChatMessage, WebhookRequest, WebhookResponse } from '../../src/chat/index.ts';
import type { ResolvedTuning } from './config.ts';
import type { WecomCrypto } from './crypto.ts';
import { isFresh, type SeenCache } from './replay-guard.ts';

/** A short plain-text answer; bodies never carry details an attacker could use. */
export function reply(status: number, body: string): WebhookResponse {
  return { status, body, contentType: 'text/plain; charset=utf-8' };
}

/** The query parameters every signed WeCom callback carries. */
export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

function signedQuery(req: WebhookRequest): SignedQuery | undefined {
  const signature = req.query.msg_signature;
  const timestamp = req.query.timestamp;
  const nonce = req.query.nonce;
  if (!signature || !timestamp || !nonce) return undefined;
  return { signature, timestamp, nonce };
}

/**
 * GET URL verification: answers the decrypted echostr exactly (no quotes, no newline).
 * The timestamp is not checked: the answer is a random string WeCom chose, useless to replay.
 */
export function verifyUrl(req: WebhookRequest, crypto: WecomCrypto): WebhookResponse {
  const q = signedQuery(req);
  // Base64 has no spaces: a space is a '+' that a client left unescaped and the query parser decoded.
  const echostr = req.query.echostr?.replace(/ /g, '+');
  if (!q || !echostr) return reply(400, 'missing parameters');
  const opened = crypto.open(q.signature, q.timestamp, q.nonce, echostr);
  if (!opened.ok) return reply(opened.reason === 'bad_signature' ? 401 : 400, 'rejected');
  return reply(200, opened.message);
}

/** What opening a POST callback gave: the plaintext, or the answer to send instead. */
export type OpenedCallback =
  | { ok: true; plaintext: string; replayKey: string }
  | { ok: false; response: WebhookResponse };

/** Size, freshness and replay checks, then signature and decryption of a POST callback. */
export function openCallback(
  req: WebhookRequest,
  extractEncrypted: (body: string) => string | undefined,
  crypto: WecomCrypto,
  seen: SeenCache,
  tuning: ResolvedTuning,
  okBody: string,
): OpenedCallback {
  const declared = Number(req.headers['content-length']);
  if ((Number.isFinite(declared) && declared > tuning.maxBodyBytes) || Buffer.byteLength(req.rawBody) > tuning.maxBodyBytes) {
    return { ok: false, response: reply(413, 'too large') };
  }
  const q = signedQuery(req);
  if (!q) return { ok: false, response: reply(400, 'missing parameters') };
  if (!isFresh(q.timestamp, tuning.now(), tuning.replayWindowMs)) {
    return { ok: false, response: reply(400, 'stale timestamp') };
  }
  const encrypted = extractEncrypted(req.rawBody);
  if (encrypted === undefined) return { ok: false, response: reply(400, 'malformed body') };
  const opened = crypto.open(q.signature, q.timestamp, q.nonce, encrypted);
  if (!opened.ok) {
    return { ok: false, response: reply(opened.reason === 'bad_signature' ? 401 : 400, 'rejected') };
  }
  // Checked only after the signature, so forged requests cannot fill the cache.
  const replayKey = `sig:${q.signature}:${q.nonce}`;
  // A repeat is acknowledged like the original so that WeCom stops retrying it.
  if (seen.checkAndAdd(replayKey)) return { ok: false, response: reply(200, okBody) };
  return { ok: true, plaintext: opened.message, replayKey };
}

/**
 * Hands a message to the router and answers WeCom. onMessage gets ackTimeoutMs; when it
 * fails in that time the seen keys are forgotten and WeCom is asked to retry (503); when it
 * takes longer, WeCom gets its 200 (it would retry after 5 s otherwise) and a later failure
 * is logged.
 */
export async function dispatch(
  ctx: AdapterContext | undefined,
  msg: ChatMessage,
  seenKeys: { cache: SeenCache; keys: string[] },
  ackTimeoutMs: number,
  okBody: string,
): Promise<WebhookResponse> {
  const forget = (): void => seenKeys.keys.forEach((k) => seenKeys.cache.forget(k));
  if (!ctx) {
    forget();
    return reply(503, 'not started');
  }
  let timer: NodeJS.Timeout | undefined;
  const handled = ctx.onMessage(msg).then(
    () => 'done' as const,
    (err: unknown) => ({ err }),
  );
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ackTimeoutMs);
  });
  const first = await Promise.race([handled, late]);
  clearTimeout(timer);
  if (first === 'done') return reply(200, okBody);
  if (first === 'late') {
    void handled.then((r) => {
      if (r !== 'done') {
        ctx.log.error({ platform: msg.platform, messageId: msg.messageId, err: errText(r.err) }, 'handling a WeCom message failed');
      }
    });
    return reply(200, okBody);
  }
  forget();
  ctx.log.warn({ platform: msg.platform, messageId: msg.messageId, err: errText(first.err) }, 'handling a WeCom message failed; asking for a retry');
  return reply(503, 'retry');
}

function errText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
