import type { ChatAdapter, ChatMessage } from '../../src/chat/index.ts';

/** What an adapter's test harness gives the shared contract suite (test/chat/adapter-contract.test.ts). */
export interface AdapterHarness {
  platform: string;
  adapter: ChatAdapter;
  /** Inbound messages the adapter handed to onMessage, in order. */
  received: ChatMessage[];
  /**
   * Makes the fake platform deliver a text message (over real loopback HTTP, or the puppet for
   * Wechaty) and resolves once the adapter has called onMessage for it.
   */
  deliver(input: { chatId: string; userId: string; userName: string; text: string; mentionBot: boolean; group: boolean }): Promise<void>;
  /** What the fake platform received for chatId, one entry per platform message. */
  sent(chatId: string): Promise<{ text: string; mentionIds: string[] }[]>;
  close(): Promise<void>;
}

/** Each adapter's harness module default-exports one of these. */
export type HarnessFactory = () => Promise<AdapterHarness>;
