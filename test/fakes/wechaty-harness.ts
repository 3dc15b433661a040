import { types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { createWechatyAdapter, type WechatyOptions } from '../../adapters/wechaty/index.ts';
import type { AdapterContext, ChatMessage } from '../../src/chat/index.ts';
import type { AdapterHarness, HarnessFactory } from '../chat/adapter-harness.ts';

/** The bot's WeChat display name in the mock world. */
export const BOT_NAME = 'cronbot';
/** WeChat ends every @-mention with U+2005 (four-per-em space). */
export const AT_SEPARATOR = '\u2005';
const DELIVER_TIMEOUT_MS = 5_000;

type ContactMock = mock.ContactMock;
type RoomMock = mock.RoomMock;

/** One text the bot handed the puppet, with the ids it asked to @-mention. */
export interface PuppetSend {
  conversationId: string;
  text: string;
  mentionIds: string[];
}

/**
 * PuppetMock with two fixes for testing: it keeps the mention ids of what the bot says
 * (the mock drops them), and it tells rooms from contacts by its own records instead of
 * guessing from an '@' in the id (so a room may be called "g1").
 */
export class RecordingPuppetMock extends PuppetMock {
  readonly sends: PuppetSend[] = [];

  override async messageSendText(conversationId: string, text: string, mentionIdList: string[] = []): Promise<void> {
    await super.messageSendText(conversationId, text);
    this.sends.push({ conversationId, text, mentionIds: [...mentionIdList] });
  }

  protected override async _messageSend(conversationId: string, something: Parameters<PuppetMock['_messageSend']>[1]): Promise<void> {
    if (!this.isLoggedIn) throw new Error('not logged in');
    const user = this.mocker.ContactMock.load(this.currentUserId);
    const conversation = this.mocker.cacheRoomPayload.has(conversationId)
      ? this.mocker.RoomMock.load(conversationId)
      : this.mocker.ContactMock.load(conversationId);
    user.say(something).to(conversation);
  }
}

/** What deliver takes (the shared harness input). */
export type DeliverInput = Parameters<AdapterHarness['deliver']>[0];

/** The shared harness plus handles on the mock world for Wechaty-only tests. */
export interface WechatyHarness extends AdapterHarness {
  mocker: mock.Mocker;
  puppet: RecordingPuppetMock;
  botUser: ContactMock;
  logs: { level: string; obj: object; msg?: string }[];
  /** The mock contact with this id, created on first use. */
  contact(id: string, name?: string): ContactMock;
  /** The mock room with this id (the bot is a member), created on first use. */
  room(id: string, memberIds?: string[]): RoomMock;
  /** Like deliver, but does not wait for onMessage (for messages the adapter should ignore); returns the message id. */
  post(input: DeliverInput): string;
  /** Makes a contact send an image (a non-text message) that mentions the bot in a room; returns the message id. */
  postImage(chatId: string, userId: string): string;
  /** Resolves once onMessage has been called for this message id. */
  waitFor(messageId: string): Promise<ChatMessage>;
}

/** Options for a harness: adapter options other than the puppet. */
export type HarnessOptions = Omit<WechatyOptions, 'puppet' | 'puppetInstance'>;

/** Starts a Wechaty adapter on a PuppetMock whose bot user logs in as soon as the puppet starts. */
export async function createWechatyHarness(options: HarnessOptions = {}): Promise<WechatyHarness> {
  const mocker = new mock.Mocker();
  const botUser = mocker.createContact({ name: BOT_NAME });
  // The mock never logs in by itself (and never emits 'ready'): an environment does it on start.
  mocker.use((m) => {
    m.login(botUser);
    return () => undefined;
  });
  const puppet = new RecordingPuppetMock({ mocker });
  const adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock', puppetInstance: puppet, loginTimeoutMs: 5_000, ...options });

  const received: ChatMessage[] = [];
  const waiters = new Map<string, (msg: ChatMessage) => void>();
  const logs: WechatyHarness['logs'] = [];
  const ctx: AdapterContext = {
    async onMessage(msg) {
      received.push(msg);
      waiters.get(msg.messageId)?.(msg);
    },
    lease: { acquire: async () => true, release: async () => undefined },
    log: {
      info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
    },
  };

  const contact = (id: string, name?: string): ContactMock =>
    mocker.cacheContactPayload.has(id) ? mocker.ContactMock.load(id) : mocker.createContact({ id, name: name ?? id });

  const room = (id: string, memberIds: string[] = []): RoomMock => {
    if (!mocker.cacheRoomPayload.has(id)) {
      return mocker.createRoom({ id, topic: `room ${id}`, memberIdList: [botUser.id, ...memberIds] });
    }
    const existing = mocker.RoomMock.load(id);
    for (const memberId of memberIds) {
      if (!existing.payload.memberIdList.includes(memberId)) existing.payload.memberIdList.push(memberId);
    }
    return existing;
  };

  const say = (talker: ContactMock, text: string, mentions: ContactMock[], to: ContactMock | RoomMock): string => {
    const before = mocker.cacheMessagePayload.size;
    talker.say(text, mentions).to(to);
    // The mocker stores the new message synchronously inside to(); Map keys keep insertion order.
    const ids = [...mocker.cacheMessagePayload.keys()];
    const messageId = ids.length > before ? ids[ids.length - 1] : undefined;
    if (!messageId) throw new Error('wechaty harness: the mock did not report the message id');
    return messageId;
  };

  const post = (input: DeliverInput): string => {
    const talker = contact(input.userId, input.userName);
    if (!input.group) {
      // In WeChat a private chat is the contact itself: its id is the talker's id, not input.chatId.
      return say(talker, input.text, [], botUser);
    }
    const target = room(input.chatId, [talker.id]);
    return input.mentionBot
      ? say(talker, `@${BOT_NAME}${AT_SEPARATOR}${input.text}`, [botUser], target)
      : say(talker, input.text, [], target);
  };

  const waitFor = (messageId: string): Promise<ChatMessage> => {
    const already = received.find((m) => m.messageId === messageId);
    if (already) return Promise.resolve(already);
    return new Promise<ChatMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(messageId);
        reject(new Error(`wechaty harness: onMessage not called for ${messageId} within ${DELIVER_TIMEOUT_MS} ms`));
      }, DELIVER_TIMEOUT_MS);
      waiters.set(messageId, (msg) => {
        clearTimeout(timer);
        waiters.delete(messageId);
        resolve(msg);
      });
    });
  };

  const postImage = (chatId: string, userId: string): string => {
    const talker = contact(userId);
    room(chatId, [talker.id]);
    const msg = mocker.MessageMock.create({
      id: `image-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      talkerId: talker.id,
      roomId: chatId,
      mentionIdList: [botUser.id],
      timestamp: Date.now(),
      type: types.Message.Image,
    });
    puppet.emit('message', { messageId: msg.id });
    return msg.id;
  };

  await adapter.start(ctx);

  return {
    platform: 'wechaty',
    adapter,
    received,
    mocker,
    puppet,
    botUser,
    logs,
    contact,
    room,
    post,
    postImage,
    waitFor,
    async deliver(input) {
      await waitFor(post(input));
    },
    async sent(chatId) {
      return puppet.sends.filter((s) => s.conversationId === chatId).map(({ text, mentionIds }) => ({ text, mentionIds }));
    },
    async close() {
      await adapter.stop();
    },
  };
}

const factory: HarnessFactory = () => createWechatyHarness();
export default factory;
