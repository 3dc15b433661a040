import { describe, expect, it } from 'vitest';
import { eventToChatMessage, messageBody, toAdapterError, FeishuApiError } from '../../../adapters/feishu/index.ts';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { readFeishuContent } from '../../fakes/feishu-server.ts';

const BOT = 'ou_bot';
const event = (text: string, mentions: { key: string; id: { open_id: string }; name: string }[], over: Record<string, unknown> = {}) => ({
  sender: { sender_id: { open_id: 'ou_alice' }, sender_type: 'user' },
  message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'group', message_type: 'text', create_time: '1700000000000', content: JSON.stringify({ text }), mentions, ...over },
});

describe('reading Feishu messages', () => {
  it('turns @_user_N placeholders into "@Name" owners and drops the bot mention', () => {
    const msg = eventToChatMessage(
      event('@_user_1 every day at 9 remind @_user_2 to file the report', [
        { key: '@_user_1', id: { open_id: BOT }, name: 'chatcron' },
        { key: '@_user_2', id: { open_id: 'ou_bob' }, name: '张三' },
      ]),
      { botOpenId: BOT, receivedAt: 0 },
    );
    expect(msg).toMatchObject({ text: 'every day at 9 remind @张三 to file the report', addressedToBot: true, chatType: 'group', chatId: 'oc_1', receivedAt: 1_700_000_000_000 });
    expect(msg?.mentions).toEqual([{ id: 'ou_bob', name: '张三' }]);
  });

  it('reads a reply as a reply to its parent, and ignores what is not a person’s text', () => {
    expect(eventToChatMessage(event('完成', [], { parent_id: 'om_0' }), { botOpenId: BOT, receivedAt: 0, parentText: '⏰ #3' })?.replyTo).toEqual({ messageId: 'om_0', text: '⏰ #3' });
    expect(eventToChatMessage(event('x', [], { message_type: 'image' }), { botOpenId: BOT, receivedAt: 0 })).toBeUndefined();
    expect(eventToChatMessage({ ...event('x', []), sender: { sender_id: { open_id: 'cli_x' }, sender_type: 'app' } }, { botOpenId: BOT, receivedAt: 0 })).toBeUndefined();
  });
});

describe('writing Feishu messages', () => {
  it('sends one line as text with an <at> tag for the owner', () => {
    const b = messageBody('oc_1', { text: '@Bob please check', mentions: [{ id: 'ou_bob', name: 'Bob' }] });
    expect(b.msg_type).toBe('text');
    expect(readFeishuContent(b.msg_type, b.content)).toEqual({ text: '@Bob please check', mentionIds: ['ou_bob'] });
  });

  it('sends several lines as rich text, paragraph by paragraph, with mentions as at elements', () => {
    const b = messageBody('oc_1', { text: '✅ #2 disk succeeded · @Bob\nOutput\ndisk ok <42%> & "fine"', mentions: [{ id: 'ou_bob', name: 'Bob' }] });
    expect(b.msg_type).toBe('post');
    expect(readFeishuContent(b.msg_type, b.content)).toEqual({ text: '✅ #2 disk succeeded · @Bob\nOutput\ndisk ok <42%> & "fine"', mentionIds: ['ou_bob'] });
  });

  it('refuses a chat id that is not a chat_id', () => {
    expect(() => messageBody('https://evil.example/x', { text: 'x' })).toThrow(PlatformError);
  });
});

describe('who failed, in Feishu terms', () => {
  const axios = (status: number | undefined, data?: object, headers: Record<string, string> = {}) => ({ isAxiosError: true, code: status ? undefined : 'ECONNREFUSED', response: status ? { status, data, headers } : undefined, config: { headers: { Authorization: 'Bearer t-secret' } } });

  it('reads 230002 as a refusal, and 429, 99991400, 5xx and network errors as transport failures', () => {
    const refused = toAdapterError(axios(400, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' }), 'im/v1/messages', []);
    expect(refused).toBeInstanceOf(FeishuApiError);
    expect(refused.message).toBe('Feishu refused im/v1/messages: code 230002 (Bot/User can NOT be out of the chat.)');
    expect(toAdapterError(axios(429, { code: 99991400 }, { 'x-ogw-ratelimit-reset': '7' }), 'x', [])).toMatchObject({ name: 'TransportError', retryAfterMs: 7000 });
    expect(toAdapterError(axios(400, { code: 99991400, msg: 'request trigger frequency limit' }), 'x', [])).toBeInstanceOf(TransportError);
    expect(toAdapterError(axios(502), 'x', [])).toBeInstanceOf(TransportError);
    expect(toAdapterError(axios(undefined), 'x', []).message).toBe('Feishu x: network error (ECONNREFUSED)');
  });

  it('never carries the request (its Authorization header) and passes our own bugs through', () => {
    const e = toAdapterError(axios(400, { code: 1, msg: 'oops' }), 'x', []);
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain('t-secret');
    const bug = new RangeError('bad index');
    expect(toAdapterError(bug, 'x', [])).toBe(bug);
  });
});
