import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { createWechatyHarness, type WechatyHarness } from '../../fakes/wechaty-harness.ts';

describe('wechaty outbound messages', () => {
  let h: WechatyHarness;

  beforeEach(async () => {
    h = await createWechatyHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  /** What the mock world recorded the bot saying in one conversation (room id or contact id). */
  const botSaidIn = (conversationId: string): string[] =>
    [...h.mocker.cacheMessagePayload.values()]
      .filter((p) => p.talkerId === h.botUser.id && ('roomId' in p && p.roomId ? p.roomId : 'listenerId' in p ? p.listenerId : '') === conversationId)
      .map((p) => p.text ?? '');

  it('says the text in the room and @-mentions the requested contacts', async () => {
    const alice = h.contact('alice', 'Alice');
    const bob = h.contact('bob', 'Bob');
    h.room('team@chatroom', [alice.id, bob.id]);

    await h.adapter.send('team@chatroom', {
      text: 'post the standup notes',
      mentions: [
        { id: 'alice', name: 'Alice' },
        { id: 'bob', name: 'Bob' },
      ],
    });

    expect(await h.sent('team@chatroom')).toEqual([{ text: '@Alice\u2005@Bob post the standup notes', mentionIds: ['alice', 'bob'] }]);
    expect(botSaidIn('team@chatroom')).toEqual(['@Alice\u2005@Bob post the standup notes']);
  });

  it('sends to a room whose id has no @ in it', async () => {
    h.room('g1', ['alice']);
    h.contact('alice', 'Alice');

    await h.adapter.send('g1', { text: 'hello g1' });

    expect(await h.sent('g1')).toEqual([{ text: 'hello g1', mentionIds: [] }]);
    expect(botSaidIn('g1')).toEqual(['hello g1']);
  });

  it('writes an unknown mentioned person as plain text instead of failing the send', async () => {
    h.room('team@chatroom', ['alice']);
    h.contact('alice', 'Alice');

    await h.adapter.send('team@chatroom', { text: 'you are up', mentions: [{ id: 'ghost', name: 'Ghost' }] });

    expect(await h.sent('team@chatroom')).toEqual([{ text: '@Ghost you are up', mentionIds: [] }]);
  });

  it('says the text to the contact in a private chat', async () => {
    h.contact('carol', 'Carol');

    await h.adapter.send('carol', { text: 'your task #4 ran', markdown: '**ignored**' });

    expect(await h.sent('carol')).toEqual([{ text: 'your task #4 ran', mentionIds: [] }]);
    expect(botSaidIn('carol')).toEqual(['your task #4 ran']);
  });

  it('answers a delivered command in the chat it came from', async () => {
    await h.deliver({ chatId: 'team@chatroom', userId: 'alice', userName: 'Alice', text: '/list', mentionBot: true, group: true });
    const msg = h.received[0];

    await h.adapter.send(msg.chatId, { text: 'no tasks yet', mentions: [{ id: msg.userId, name: msg.userName }] });

    expect(await h.sent('team@chatroom')).toEqual([{ text: '@Alice no tasks yet', mentionIds: ['alice'] }]);
  });

  it('throws a PlatformError for a chat id that is neither a room nor a contact', async () => {
    const err = await h.adapter.send('nobody-here', { text: 'hello?' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(PlatformError);
    expect((err as Error).message).toMatch(/nobody-here/);
    expect(h.puppet.sends).toEqual([]);
  });

  it('throws a TransportError while the puppet is logged out', async () => {
    h.contact('carol', 'Carol');
    await h.puppet.logout('test');

    await expect(h.adapter.send('carol', { text: 'hello' })).rejects.toBeInstanceOf(TransportError);
    expect(h.puppet.sends).toEqual([]);
  });

  it('throws a TransportError when the puppet fails the send itself', async () => {
    h.contact('carol', 'Carol');
    h.puppet.messageSendText = async () => {
      throw new Error('puppet session hiccup');
    };

    const err = await h.adapter.send('carol', { text: 'hello' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/puppet session hiccup/);
  });

  it('throws a TransportError when the puppet is unreachable while looking up the chat', async () => {
    h.puppet.roomPayload = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8788'), { code: 'ECONNREFUSED' });
    };

    await expect(h.adapter.send('team@chatroom', { text: 'hello' })).rejects.toBeInstanceOf(TransportError);
  });

  it('throws a TransportError when the puppet does not answer within the send timeout', async () => {
    await h.close();
    h = await createWechatyHarness({ sendTimeoutMs: 100 });
    h.contact('carol', 'Carol');
    h.puppet.messageSendText = () => new Promise<void>(() => undefined);

    const began = Date.now();
    const err = await h.adapter.send('carol', { text: 'hello' }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
    expect(Date.now() - began).toBeLessThan(2_000);
  });

  it('throws a TransportError after stop', async () => {
    await h.close();
    await expect(h.adapter.send('carol', { text: 'hello' })).rejects.toBeInstanceOf(TransportError);
  });
});
