import type { AdapterContext, ChatMessage } from './contract.ts';

/** How handing a message to the router went, as the platform should hear it. */
export type Dispatched = 'handled' | 'retry';

/**
 * Hands a message to onMessage and waits at most ackTimeoutMs. A failure within that time asks
 * the platform for a retry (the caller forgets the message's dedupe keys); a slower handling is
 * acknowledged (the platform would retry and double it otherwise) and a later failure logged.
 */
export async function dispatch(ctx: AdapterContext, msg: ChatMessage, ackTimeoutMs: number): Promise<Dispatched> {
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
  if (first === 'done') return 'handled';
  if (first === 'late') {
    void handled.then((r) => {
      if (r !== 'done') ctx.log.error({ platform: msg.platform, messageId: msg.messageId, err: errText(r.err) }, 'handling a message failed after it was acknowledged');
    });
    return 'handled';
  }
  ctx.log.warn({ platform: msg.platform, messageId: msg.messageId, err: errText(first.err) }, 'handling a message failed; asking for a retry');
  return 'retry';
}

function errText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
