import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stripBotMention } from '../../../adapters/wechaty/index.ts';
import { AT_SEPARATOR, BOT_NAME, createWechatyHarness, type WechatyHarness } from '../../fakes/wechaty-harness.ts';

describe('wechaty inbound messages', () => {
  let h: WechatyHarness;

  beforeEach(async () => {
    h = await createWechatyHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('turns a room message that mentions the bot into a group ChatMessage without the mention', async () => {
    const before = Date.now();
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/list', mentionBot: true, group: true });

    expect(h.received).toHaveLength(1);
    const msg = h.received[0];
    expect(msg).toMatchObject({
      platform: 'wechaty',
      chatId: 'team@chatroom',
      chatType: 'group',
      userId: 'alice',
      userName: 'Alice',
      text: '/list',
      mentions: [],
      addressedToBot: true,
    });
    expect(msg.messageId).toMatch(/\S/);
    expect(msg.receivedAt).toBeGreaterThanOrEqual(before);
    expect(msg.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('keeps the other people a message mentions and leaves the bot out of mentions', async () => {
    const alice = h.contact('alice', 'Alice');
    const bob = h.contact('bob', 'Bob');
    const room = h.room('team@chatroom', [alice.id, bob.id]);
    const text = `@${BOT_NAME}${AT_SEPARATOR}every weekday at 9:30 remind @Bob${AT_SEPARATOR}to post the notes`;
    const before = h.mocker.cacheMessagePayload.size;
    alice.say(text, [h.botUser, bob]).to(room);
    const messageId = [...h.mocker.cacheMessagePayload.keys()][before];

    const msg = await h.waitFor(messageId);

    expect(msg.text).toBe(`every weekday at 9:30 remind @Bob${AT_SEPARATOR}to post the notes`);
    expect(msg.mentions).toEqual([{ id: 'bob', name: 'Bob' }]);
    expect(msg.addressedToBot).toBe(true);
  });

  it('passes on a room message that starts with a slash although it does not mention the bot', async () => {
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/next 3', mentionBot: false, group: true });

    expect(h.received).toHaveLength(1);
    expect(h.received[0]).toMatchObject({ chatId: 'team@chatroom', chatType: 'group', text: '/next 3', addressedToBot: false });
  });

  it('ignores room chatter that neither mentions the bot nor starts with a slash', async () => {
    h.post({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: 'lunch anyone?', mentionBot: false, group: true });
    // One chat is handled in arrival order, so once this one is through the chatter was judged.
    await h.deliver({ chatId: 'team@chatroom', userId: 'bob', userName: 'Bob', text: '/help', mentionBot: false, group: true });

    expect(h.received.map((m) => m.text)).toEqual(['/help']);
  });

  it('ignores a non-text message even when it mentions the bot', async () => {
    h.postImage('team@chatroom', 'alice');
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/list', mentionBot: true, group: true });

    expect(h.received.map((m) => m.text)).toEqual(['/list']);
  });

  it('ignores what the bot itself says in a room', async () => {
    h.room('team@chatroom', ['alice']);
    h.contact('alice', 'Alice');
    await h.adapter.send('team@chatroom', { text: '/list from the bot' });
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/help', mentionBot: false, group: true });

    expect(h.received.map((m) => m.text)).toEqual(['/help']);
  });

  it('turns a private text message into a private ChatMessage addressed to the bot', async () => {
    await h.deliver({ chatId: 'carol', userId: 'carol', userName: 'Carol', text: '  每天早上9点 提醒我交日报  ', mentionBot: false, group: false });

    expect(h.received).toHaveLength(1);
    expect(h.received[0]).toMatchObject({
      platform: 'wechaty',
      chatId: 'carol',
      chatType: 'private',
      userId: 'carol',
      userName: 'Carol',
      text: '每天早上9点 提醒我交日报',
      mentions: [],
      addressedToBot: true,
    });
  });

  it('keeps handling messages after onMessage failed for one of them', async () => {
    await h.close();
    let calls = 0;
    h = await createWechatyHarness();
    const original = h.received.push.bind(h.received);
    h.received.push = (...items) => {
      calls += 1;
      if (calls === 1) throw new Error('store is down');
      return original(...items);
    };
    h.post({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/first', mentionBot: false, group: true });
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/second', mentionBot: false, group: true });

    expect(h.received.map((m) => m.text)).toEqual(['/second']);
    expect(h.logs.some((l) => l.level === 'error' && l.msg === 'wechaty: inbound message failed')).toBe(true);
  });
});

describe('stripBotMention', () => {
  it('removes a leading mention followed by the WeChat mention separator', () => {
    expect(stripBotMention('@cronbot\u2005/list', ['cronbot'])).toBe('/list');
  });

  it('removes a trailing mention and keeps the rest of the text', () => {
    expect(stripBotMention('remind me at 5pm @cronbot', ['cronbot'])).toBe('remind me at 5pm');
  });

  it('prefers the room alias and handles names with spaces and regex characters', () => {
    expect(stripBotMention('@定时 bot (prod)\u2005/pause 3', ['定时 bot (prod)', 'cronbot'])).toBe('/pause 3');
  });

  it('does not touch a mention of someone whose name merely starts with the bot name', () => {
    expect(stripBotMention('@cronbot2 hello @cronbot /list', ['cronbot'])).toBe('@cronbot2 hello /list');
  });

  it('falls back to dropping a leading mention under an unknown name', () => {
    expect(stripBotMention('@Old Name\u2005/list', ['cronbot'])).toBe('/list');
  });
});
