import type { Message, UserFromGetMe } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_HEADER, toChatMessage } from '../../../adapters/telegram/index.ts';
import { textUpdate } from '../../fakes/telegram-server.ts';
import { createTelegramHarness, WEBHOOK_SECRET, type TelegramHarness } from '../../fakes/telegram-harness.ts';

const me = { id: 424242, is_bot: true, first_name: 'chatcron', username: 'chatcron_bot' } as UserFromGetMe;
const group = { id: -1001234, type: 'supergroup' as const };
const alice = { id: 11, first_name: 'Alice', last_name: 'Liddell', username: 'alice' };

function map(input: Parameters<typeof textUpdate>[0]) {
  return toChatMessage(textUpdate(input).message as Message, me, 1_700_000_000_000);
}

describe('telegram inbound mapping', () => {
  it('maps a group text message to one ChatMessage', () => {
    expect(map({ messageId: 77, chat: group, from: alice, text: 'hello team' })).toEqual({
      platform: 'telegram',
      chatId: '-1001234',
      chatType: 'group',
      messageId: '77',
      userId: '11',
      userName: 'Alice Liddell',
      text: 'hello team',
      mentions: [],
      addressedToBot: false,
      receivedAt: 1_700_000_000_000,
    });
  });

  it('treats every private message as addressed to the bot', () => {
    const msg = map({ chat: { id: 11, type: 'private' }, from: alice, text: 'every day at 9 stretch' });
    expect(msg).toMatchObject({ chatType: 'private', chatId: '11', addressedToBot: true, text: 'every day at 9 stretch' });
  });

  it('uses the username when a person has no name', () => {
    expect(map({ chat: group, from: { id: 12, first_name: '', username: 'bob' }, text: 'hi' })?.userName).toBe('bob');
  });

  it('turns /cmd@ourbot into /cmd and keeps the arguments', () => {
    const msg = map({ chat: group, from: alice, text: '/pause@chatcron_bot 42 now' });
    expect(msg).toMatchObject({ text: '/pause 42 now', addressedToBot: true });
  });

  it('matches our bot name in any letter case', () => {
    expect(map({ chat: group, from: alice, text: '/list@ChatCron_Bot' })?.text).toBe('/list');
  });

  it('ignores a command addressed to another bot', () => {
    expect(map({ chat: group, from: alice, text: '/list@otherbot' })).toBeNull();
  });

  it('treats a bare /command in a group as addressed to the bot', () => {
    expect(map({ chat: group, from: alice, text: '/help' })).toMatchObject({ text: '/help', addressedToBot: true });
  });

  it('strips a leading @botname mention and marks the message addressed', () => {
    const msg = map({ chat: group, from: alice, text: '@chatcron_bot every weekday at 9:30 remind @carol standup' });
    expect(msg).toMatchObject({ text: 'every weekday at 9:30 remind @carol standup', addressedToBot: true });
    expect(msg?.mentions).toEqual([{ id: '@carol', name: 'carol' }]);
  });

  it('strips the mention before a command addressed to us', () => {
    expect(map({ chat: group, from: alice, text: '@chatcron_bot /list@chatcron_bot' })?.text).toBe('/list');
  });

  it('keeps a mention of the bot in the middle of the text but marks the message addressed', () => {
    const msg = map({ chat: group, from: alice, text: 'hey @chatcron_bot list' });
    expect(msg).toMatchObject({ text: 'hey @chatcron_bot list', addressedToBot: true, mentions: [] });
  });

  it('does not treat a mention of someone else as addressed to the bot', () => {
    const msg = map({ chat: group, from: alice, text: '@dave lunch?' });
    expect(msg).toMatchObject({ text: '@dave lunch?', addressedToBot: false, mentions: [{ id: '@dave', name: 'dave' }] });
  });

  it('reports text mentions of people without a username by their id', () => {
    const msg = map({ chat: group, from: alice, text: 'ping Eve now', textMentions: [{ offset: 5, length: 3, user: { id: 99, first_name: 'Eve' } }] });
    expect(msg?.mentions).toEqual([{ id: '99', name: 'Eve' }]);
  });

  it('treats a reply to the bot as addressed to it and keeps what it replies to', () => {
    const msg = map({ chat: group, from: alice, text: 'done', replyTo: { messageId: 5001, text: 'Reminder: standup', from: { id: me.id, is_bot: true, first_name: 'chatcron' } } });
    expect(msg).toMatchObject({ addressedToBot: true, replyTo: { messageId: '5001', text: 'Reminder: standup' } });
  });

  it('does not treat a reply to a person as addressed to the bot', () => {
    const msg = map({ chat: group, from: alice, text: 'ok', replyTo: { messageId: 3, from: { id: 12, first_name: 'Bob' } } });
    expect(msg).toMatchObject({ addressedToBot: false, replyTo: { messageId: '3' } });
  });

  it('ignores channel posts and messages from other bots', () => {
    expect(map({ chat: { id: -100999, type: 'channel' }, from: alice, text: 'news' })).toBeNull();
    expect(map({ chat: group, from: { id: 55, is_bot: true, first_name: 'Other' }, text: '/list' })).toBeNull();
  });
});

describe('telegram inbound over the webhook', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await createTelegramHarness({ mode: 'webhook' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('learns its own username from getMe once, at start', async () => {
    await h.deliver({ chatId: '-5', userId: '11', userName: 'Alice', text: '/list', mentionBot: true, group: true });
    await h.deliver({ chatId: '-5', userId: '11', userName: 'Alice', text: 'again', mentionBot: true, group: true });
    expect(h.fake.callsOf('getMe')).toHaveLength(1);
    expect(h.received.slice(-2).map((m) => [m.text, m.addressedToBot])).toEqual([
      ['/list', true],
      ['again', true],
    ]);
  });

  it('delivers a private message and a group message with their chat types', async () => {
    await h.deliver({ chatId: '11', userId: '11', userName: 'Alice', text: 'hi', mentionBot: false, group: false });
    await h.deliver({ chatId: '-7', userId: '11', userName: 'Alice', text: 'hi all', mentionBot: false, group: true });
    expect(h.received.slice(-2).map((m) => [m.chatId, m.chatType, m.addressedToBot])).toEqual([
      ['11', 'private', true],
      ['-7', 'group', false],
    ]);
  });

  it('answers 200 to a command for another bot without handing it on', async () => {
    const before = h.received.length;
    const res = await h.post(JSON.stringify(textUpdate({ updateId: 900, chat: group, from: alice, text: '/list@otherbot' })), { [SECRET_HEADER]: WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    expect(h.received).toHaveLength(before);
  });
});
