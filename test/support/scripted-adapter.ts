import type { ChatAdapter, Outgoing } from '../../src/chat/index.ts';

/** A chat adapter whose far side is a script of outcomes: 'ok' delivers, an Error is thrown. */
export function scriptedAdapter(outcomes: (n: number, text: string) => 'ok' | Error, perChatPerMinute = 600) {
  const sent: { chatId: string; text: string; at?: number }[] = [];
  let n = 0;
  let clock: (() => number) | undefined;
  const adapter: ChatAdapter = {
    platform: 'fake',
    limits: { maxLength: 50, lengthUnit: 'chars', markdown: 'none', perChatPerMinute },
    routes: [],
    start: async () => {},
    stop: async () => {},
    health: () => ({ ok: true }),
    send: async (chatId: string, out: Outgoing) => {
      const r = outcomes(++n, out.text);
      if (r !== 'ok') throw r;
      sent.push(clock ? { chatId, text: out.text, at: clock() } : { chatId, text: out.text });
      return { messageId: String(n) };
    },
  };
  return {
    adapter,
    sent,
    /** Where delivery times are read from (a manual clock in tests). */
    useClock(fn: () => number) {
      clock = fn;
    },
  };
}
