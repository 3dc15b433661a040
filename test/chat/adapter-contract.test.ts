import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterLimits, Mention } from '../../src/chat/index.ts';
import { PlatformError, TransportError } from '../../src/domain/index.ts';
import telegramWebhookHarness, { createTelegramPollingHarness, type TelegramHarness } from '../fakes/telegram-harness.ts';
import dingtalkHarness, { dingtalkChatIdOf } from '../fakes/dingtalk-harness.ts';
import feishuHarness, { feishuChatIdOf } from '../fakes/feishu-harness.ts';
import slackHarness, { slackChatIdOf } from '../fakes/slack-harness.ts';
import wechatyHarness from '../fakes/wechaty-harness.ts';
import wecomAppHarness, { wecomBotHarness } from '../fakes/wecom-harness.ts';
import type { AdapterHarness } from './adapter-harness.ts';

type DeliverInput = Parameters<AdapterHarness['deliver']>[0];

/**
 * What a platform can and cannot do, declared once per harness so that the assertions below
 * stay the same for every adapter.
 */
interface Capabilities {
  platform: string;
  limits: Pick<AdapterLimits, 'lengthUnit' | 'markdown'>;
  /** Routes as "METHOD /path", sorted. */
  routes: string[];
  /** Whether the platform delivers group messages at all (the WeCom app only has one-to-one chats). */
  groups: boolean;
  /** What becomes of a plain group text that does not mention the bot. */
  unaddressedGroupText: 'delivered-unaddressed' | 'dropped-by-adapter' | 'never-sent-by-platform';
  /** The ChatMessage chat id the adapter gives a delivered message (and that `send` takes). */
  chatIdOf(input: DeliverInput): string;
  /** Whether the platform tells the adapter a display name (else the user id stands in). */
  knowsUserNames: boolean;
  /** The platform answers a chat once per message it wrote, not at will (the WeCom AI bot). */
  answersOnlyAfterInbound: boolean;
  /** Whether the far side sees whom an Outgoing's mentions name, in a group chat or else a private one. */
  mentionsVisible: boolean;
  /**
   * A chat the far side does not know. Fakes that accept any chat id are told to refuse the
   * next send the way the platform refuses an unknown chat.
   */
  unknownChat(h: AdapterHarness): string;
}

interface Entry {
  name: string;
  start(): Promise<AdapterHarness>;
  caps: Capabilities;
}

const telegramCaps = (routes: string[]): Capabilities => ({
  platform: 'telegram',
  limits: { lengthUnit: 'chars', markdown: 'telegram-html' },
  routes,
  groups: true,
  unaddressedGroupText: 'delivered-unaddressed',
  chatIdOf: (input) => input.chatId,
  knowsUserNames: true,
  answersOnlyAfterInbound: false,
  mentionsVisible: true,
  unknownChat: (h) => {
    // The fake Bot API knows every chat id; Telegram answers 400 "chat not found" for a chat the bot is not in.
    (h as TelegramHarness).fake.failNext('sendMessage', { kind: 'chat-not-found' });
    return '-100999000111';
  },
});

const HARNESSES: Entry[] = [
  { name: 'telegram (webhook)', start: telegramWebhookHarness, caps: telegramCaps(['POST /telegram/webhook']) },
  { name: 'telegram (long polling)', start: () => createTelegramPollingHarness(), caps: telegramCaps([]) },
  {
    name: 'wecom app',
    start: wecomAppHarness,
    caps: {
      platform: 'wecom',
      limits: { lengthUnit: 'bytes', markdown: 'wecom-markdown' },
      routes: ['GET /wecom/callback', 'POST /wecom/callback'],
      groups: false,
      unaddressedGroupText: 'never-sent-by-platform',
      chatIdOf: (input) => `user:${input.userId}`,
      knowsUserNames: false,
      answersOnlyAfterInbound: false,
      mentionsVisible: true,
      // The fake has no user directory; an id outside the app's user:/chat: scheme names no chat at all.
      unknownChat: () => 'no-such-chat',
    },
  },
  {
    name: 'wecom AI bot',
    start: wecomBotHarness,
    caps: {
      platform: 'wecom-bot',
      limits: { lengthUnit: 'bytes', markdown: 'wecom-markdown' },
      routes: ['GET /wecom/bot', 'POST /wecom/bot'],
      groups: true,
      unaddressedGroupText: 'never-sent-by-platform',
      chatIdOf: (input) => (input.group ? `chat:${input.chatId}` : `user:${input.userId}`),
      knowsUserNames: false,
      answersOnlyAfterInbound: true,
      mentionsVisible: true,
      unknownChat: () => 'chat:never-wrote',
    },
  },
  {
    name: 'wechaty',
    start: wechatyHarness,
    caps: {
      platform: 'wechaty',
      limits: { lengthUnit: 'chars', markdown: 'none' },
      routes: [],
      groups: true,
      unaddressedGroupText: 'dropped-by-adapter',
      // In WeChat a private chat is the contact itself.
      chatIdOf: (input) => (input.group ? input.chatId : input.userId),
      knowsUserNames: true,
      answersOnlyAfterInbound: false,
      mentionsVisible: true,
      unknownChat: () => 'nobody-has-this-id@chatroom',
    },
  },
  {
    name: 'slack',
    start: slackHarness,
    caps: {
      platform: 'slack',
      limits: { lengthUnit: 'chars', markdown: 'none' },
      routes: ['POST /slack/commands', 'POST /slack/events', 'POST /slack/interactions'],
      groups: true,
      unaddressedGroupText: 'delivered-unaddressed',
      chatIdOf: slackChatIdOf,
      // Events carry ids; the adapter reads names with users.info.
      knowsUserNames: true,
      answersOnlyAfterInbound: false,
      mentionsVisible: true,
      // Slack answers channel_not_found for a channel the bot is not in.
      unknownChat: () => 'C0NOTJOINED',
    },
  },
  {
    name: 'feishu',
    start: feishuHarness,
    caps: {
      platform: 'feishu',
      limits: { lengthUnit: 'bytes', markdown: 'none' },
      routes: ['POST /feishu/events'],
      groups: true,
      unaddressedGroupText: 'delivered-unaddressed',
      chatIdOf: feishuChatIdOf,
      // Events carry open_ids; the adapter reads names from the contact API.
      knowsUserNames: true,
      answersOnlyAfterInbound: false,
      mentionsVisible: true,
      // Feishu answers 230002 for a chat the bot is not in.
      unknownChat: () => 'oc_not_joined',
    },
  },
  {
    name: 'dingtalk',
    start: dingtalkHarness,
    caps: {
      platform: 'dingtalk',
      limits: { lengthUnit: 'chars', markdown: 'none' },
      routes: ['POST /dingtalk/callback'],
      groups: true,
      // The robot is called only for group messages that @-mention it.
      unaddressedGroupText: 'never-sent-by-platform',
      chatIdOf: dingtalkChatIdOf,
      knowsUserNames: true,
      answersOnlyAfterInbound: false,
      mentionsVisible: true,
      // A conversation the robot never heard from has no session webhook; the robot API refuses it.
      unknownChat: () => 'cidNeverSeen',
    },
  },
];

const TRICKY = `a <b>bold</b> & "quoted" 'single' <i>x</i> &amp; 5 > 3 < 4`;

let seq = 0;
/** A fresh sender and chat per test, so that no test sees another's messages. */
function input(over: Partial<DeliverInput> = {}): DeliverInput {
  seq += 1;
  return { chatId: `-10077${seq}`, userId: `${5000 + seq}`, userName: `Dana ${seq}`, text: `hello number ${seq}`, mentionBot: false, group: false, ...over };
}

async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe.each(HARNESSES)('the $name adapter keeps the chat adapter contract', ({ start, caps }) => {
  let h: AdapterHarness;
  beforeEach(async () => {
    h = await start();
  });
  afterEach(async () => {
    await h.close();
  });

  /**
   * A chat the far side knows: someone wrote in it (a Telegram user who started the bot, a
   * WeChat friend, an AI-bot chat with a fresh response_url).
   */
  async function chatToAnswer(over: Partial<DeliverInput> = {}): Promise<string> {
    const msg = input(over);
    await h.deliver(msg);
    return caps.chatIdOf(msg);
  }

  it('declares its platform, limits and routes', () => {
    expect(h.adapter.platform).toBe(caps.platform);
    expect(h.platform).toBe(caps.platform);
    const limits = h.adapter.limits;
    expect(limits.maxLength).toBeGreaterThan(0);
    expect(Number.isInteger(limits.maxLength)).toBe(true);
    expect(limits.lengthUnit).toBe(caps.limits.lengthUnit);
    expect(limits.markdown).toBe(caps.limits.markdown);
    expect(limits.perChatPerMinute).toBeGreaterThan(0);
    expect(h.adapter.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(caps.routes);
    for (const r of h.adapter.routes) expect(typeof r.handle).toBe('function');
  });

  it('hands a private text to onMessage as one ChatMessage addressed to the bot', async () => {
    const msg = input();
    const before = h.received.length;
    const t0 = Date.now();
    await h.deliver(msg);
    expect(h.received.length).toBe(before + 1);
    const got = h.received.at(-1)!;
    expect(got).toMatchObject({
      platform: caps.platform,
      chatId: caps.chatIdOf(msg),
      chatType: 'private',
      userId: msg.userId,
      userName: caps.knowsUserNames ? msg.userName : msg.userId,
      text: msg.text,
      addressedToBot: true,
    });
    expect(typeof got.messageId).toBe('string');
    expect(got.messageId).not.toBe('');
    expect(Array.isArray(got.mentions)).toBe(true);
    expect(typeof got.receivedAt).toBe('number');
    // WeCom app callbacks carry the send time in whole seconds.
    expect(Math.abs(got.receivedAt - t0)).toBeLessThan(60_000);
  });

  it('gives each delivered message its own message id', async () => {
    const a = input();
    await h.deliver(a);
    await h.deliver({ ...a, text: 'a second message' });
    const [x, y] = h.received.slice(-2);
    expect(x.messageId).not.toBe(y.messageId);
    expect(y.text).toBe('a second message');
  });

  it('strips the leading bot mention from a group message and marks it addressed to the bot', async () => {
    const msg = input({ group: true, mentionBot: true, text: 'every day at 9 remind us' });
    await h.deliver(msg);
    const got = h.received.at(-1)!;
    expect(got.text).toBe(msg.text);
    expect(got.addressedToBot).toBe(true);
    expect(got.chatId).toBe(caps.chatIdOf(msg));
    expect(got.chatType).toBe(caps.groups ? 'group' : 'private');
  });

  it('tells a group text that does not mention the bot from one that does', async () => {
    const msg = input({ group: true, mentionBot: false, text: 'just chatting here' });
    if (caps.unaddressedGroupText === 'delivered-unaddressed') {
      await h.deliver(msg);
      expect(h.received.at(-1)).toMatchObject({ text: msg.text, addressedToBot: false, chatType: 'group' });
    } else if (caps.unaddressedGroupText === 'dropped-by-adapter') {
      // The adapter drops it, so deliver never sees onMessage called; a later addressed message still arrives alone.
      const before = h.received.length;
      await expect(Promise.race([h.deliver(msg), new Promise((_, reject) => setTimeout(() => reject(new Error('not delivered')), 300))])).rejects.toThrow('not delivered');
      await h.deliver({ ...msg, mentionBot: true, text: 'now for you' });
      expect(h.received.slice(before).map((m) => m.text)).toEqual(['now for you']);
    } else {
      // The platform only ever sends messages addressed to the bot: whatever arrives is addressed.
      await h.deliver(msg);
      expect(h.received.at(-1)!.addressedToBot).toBe(true);
    }
  });

  it('sends a plain text that arrives exactly once, with markup characters intact', async () => {
    const chatId = await chatToAnswer();
    const result = await h.adapter.send(chatId, { text: TRICKY });
    expect(typeof result).toBe('object');
    const sent = await h.sent(chatId);
    expect(sent.map((s) => s.text)).toEqual([TRICKY]);
    expect(h.adapter.health().ok).toBe(true);
  });

  it('makes the mentioned people visible to the far side', async () => {
    const carol = input({ group: caps.groups, mentionBot: true, userName: 'Carol' });
    // The mentioned person has written in the chat, so the platform knows them.
    await h.deliver(carol);
    const chatId = caps.chatIdOf(carol);
    const mentions: Mention[] = [{ id: carol.userId, name: 'Carol' }];
    await h.adapter.send(chatId, { text: 'please post the standup notes', mentions });
    const sent = await h.sent(chatId);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain('please post the standup notes');
    if (caps.mentionsVisible) expect(sent[0].mentionIds).toContain(carol.userId);
    else expect(sent[0].mentionIds).toEqual([]);
  });

  it('refuses a send to an unknown chat as a platform refusal, not a transport failure', async () => {
    const chatId = caps.unknownChat(h);
    const err = await thrown(h.adapter.send(chatId, { text: 'anyone there?' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).not.toBeInstanceOf(TransportError);
    expect((await h.sent(chatId)).length).toBe(0);
  });

  it('answers a chat at most once per inbound message when the platform says so', async () => {
    const chatId = await chatToAnswer();
    await h.adapter.send(chatId, { text: 'first answer' });
    const second = h.adapter.send(chatId, { text: 'second answer' });
    if (caps.answersOnlyAfterInbound) {
      const err = await thrown(second);
      expect(err).toBeInstanceOf(PlatformError);
      expect((await h.sent(chatId)).map((s) => s.text)).toEqual(['first answer']);
    } else {
      await second;
      expect((await h.sent(chatId)).map((s) => s.text)).toEqual(['first answer', 'second answer']);
    }
  });

  it('reports health as an object with a boolean ok', () => {
    const health = h.adapter.health();
    expect(typeof health.ok).toBe('boolean');
    if (health.detail !== undefined) expect(typeof health.detail).toBe('string');
  });

  it('stops promptly after start, and a second stop is harmless', async () => {
    const t0 = Date.now();
    await h.adapter.stop();
    expect(Date.now() - t0).toBeLessThan(1_500);
    await h.adapter.stop();
    expect(Date.now() - t0).toBeLessThan(1_500);
  });
});
