import { describe, expect, it } from 'vitest';
import { commandToChatMessage, eventToChatMessage, readSlackText, slackText, toAdapterError, SlackApiError } from '../../../adapters/slack/index.ts';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';

const BOT = 'UBOT';
const at = 1_700_000_000_000;

describe('reading Slack messages', () => {
  it('turns user mentions into "@id" owners, drops the leading bot mention and undoes the escapes', () => {
    const r = readSlackText('<@UBOT> every day at 9 remind <@U123> to check &lt;prod&gt; &amp; <#C9|ops> <https://x.example/a|the doc>', BOT);
    expect(r.text).toBe('every day at 9 remind @U123 to check <prod> & #ops https://x.example/a');
    expect(r.mentions).toEqual([{ id: 'U123', name: 'U123' }]);
    expect(r.botMentioned).toBe(true);
  });

  it('ignores edits, joins, bot posts and its own messages', () => {
    const base = { type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '1.1', channel_type: 'channel' };
    expect(eventToChatMessage(base, { botUserId: BOT, receivedAt: at })).toMatchObject({ chatId: 'C1', addressedToBot: false, chatType: 'group' });
    expect(eventToChatMessage({ ...base, subtype: 'message_changed' }, { botUserId: BOT, receivedAt: at })).toBeUndefined();
    expect(eventToChatMessage({ ...base, subtype: 'channel_join' }, { botUserId: BOT, receivedAt: at })).toBeUndefined();
    expect(eventToChatMessage({ ...base, bot_id: 'B1' }, { botUserId: BOT, receivedAt: at })).toBeUndefined();
    expect(eventToChatMessage({ ...base, user: BOT }, { botUserId: BOT, receivedAt: at })).toBeUndefined();
  });

  it('reads a thread reply as a reply to the thread parent, with its text when known', () => {
    const ev = { type: 'message', channel: 'C1', user: 'U1', text: 'done', ts: '2.2', thread_ts: '1.1', channel_type: 'channel' };
    expect(eventToChatMessage(ev, { botUserId: BOT, receivedAt: at, parentText: '⏰ #4 reminder 1' })?.replyTo).toEqual({ messageId: '1.1', text: '⏰ #4 reminder 1' });
  });

  it('reads "/chatcron list" as /list, free text as a new task and a bare /chatcron as /help', () => {
    const cmd = { channel_id: 'C1', user_id: 'U1', user_name: 'ana', trigger_id: 't1' };
    expect(commandToChatMessage({ ...cmd, text: 'list' }, BOT, at)).toMatchObject({ text: '/list', userName: 'ana', addressedToBot: true, messageId: 'cmd:t1' });
    expect(commandToChatMessage({ ...cmd, text: '暂停 3' }, BOT, at)?.text).toBe('/暂停 3');
    expect(commandToChatMessage({ ...cmd, text: 'every day at 9 stand-up' }, BOT, at)?.text).toBe('every day at 9 stand-up');
    expect(commandToChatMessage({ ...cmd, text: '' }, BOT, at)?.text).toBe('/help');
  });
});

describe('writing Slack messages', () => {
  it('escapes the three characters and turns "@name" of a mention into <@id>', () => {
    expect(slackText({ text: '@Bob please check <prod> & co', mentions: [{ id: 'U7', name: 'Bob' }] })).toBe('<@U7> please check &lt;prod&gt; &amp; co');
  });

  it('appends the mentions the text does not name', () => {
    expect(slackText({ text: 'standup notes', mentions: [{ id: 'U7', name: 'Bob' }] })).toBe('standup notes\n<@U7>');
  });
});

describe('who failed, in Slack terms', () => {
  it('reads channel_not_found as a refusal and ratelimited, 5xx and network errors as transport failures', () => {
    const refused = toAdapterError({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } }, 'chat.postMessage', []);
    expect(refused).toBeInstanceOf(SlackApiError);
    expect((refused as SlackApiError).code).toBe('channel_not_found');
    expect(toAdapterError({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 }, 'x', [])).toMatchObject({ name: 'TransportError', retryAfterMs: 3000 });
    expect(toAdapterError({ code: 'slack_webapi_platform_error', data: { error: 'ratelimited' } }, 'x', [])).toBeInstanceOf(TransportError);
    expect(toAdapterError({ code: 'slack_webapi_http_error', statusCode: 502 }, 'x', [])).toBeInstanceOf(TransportError);
    expect(toAdapterError({ code: 'slack_webapi_http_error', statusCode: 404 }, 'x', [])).toBeInstanceOf(PlatformError);
    expect(toAdapterError({ code: 'slack_webapi_request_error', original: { code: 'ECONNREFUSED' } }, 'x', [])).toMatchObject({ name: 'TransportError', message: 'Slack x: ECONNREFUSED' });
  });

  it('passes anything else through as our own bug, and never repeats a secret', () => {
    const bug = new TypeError('cannot read x of undefined');
    expect(toAdapterError(bug, 'x', [])).toBe(bug);
    const e = toAdapterError({ code: 'slack_webapi_platform_error', data: { error: 'bad xoxb-secret-value' } }, 'x', ['xoxb-secret-value']);
    expect(e.message).not.toContain('xoxb-secret-value');
  });
});
