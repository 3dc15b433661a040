import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toChatTap as feishuTap } from '../../adapters/feishu/card-action.ts';
import { toChatTap as slackTap } from '../../adapters/slack/interactions.ts';
import { toChatTap as telegramTap } from '../../adapters/telegram/taps.ts';
import { toChatTap as wecomTap } from '../../adapters/wecom/card-event.ts';
import { parseWecomXml } from '../../adapters/wecom/xml.ts';
import { parseButtonData } from '../../src/chat/index.ts';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8'));

// The published callback payloads, read by each adapter's tap parser: the chat, the person and
// the button's data come from the fields the platforms document, and data that is not ours is
// recognised as such (the service then answers "not valid here" and changes nothing).
describe('button taps in the platforms’ published payloads', () => {
  it('reads a Telegram callback_query: the chat of the message, the tapper, the data', () => {
    const tap = telegramTap(fixture('telegram/callback-query.json').update.callback_query, 1);
    expect(tap).toEqual({ platform: 'telegram', chatId: '-1001234567890', userId: '1111111', userName: 'Test Lastname', data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:d', messageId: '1365', receivedAt: 1 });
    expect(parseButtonData(tap!.data)).toEqual({ token: 'AAAAAAAAAAAAAAAAAAAAAA', choice: 'd' });
  });

  it('reads a Slack block_actions payload: channel, user, message ts and the button value', () => {
    const tap = slackTap(fixture('slack/block-actions.json').payload, 'jtorrance', 1);
    expect(tap).toEqual({ platform: 'slack', chatId: 'CBR2V3XEX', userId: 'UA8RXUSPL', userName: 'jtorrance', data: 'click_me_123', messageId: '1548261231.000200', receivedAt: 1 });
    expect(parseButtonData(tap!.data)).toBeUndefined();
  });

  it('reads a Feishu card.action.trigger only when the value is ours ({cc: …})', () => {
    const ev = fixture('feishu/card-action-trigger.json').event;
    expect(ev.header.event_type).toBe('card.action.trigger');
    expect(feishuTap(ev.event, 'someone', 1)).toBeNull();
    const ours = { ...ev.event, action: { ...ev.event.action, value: { cc: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:s15' } } };
    expect(feishuTap(ours, 'someone', 1)).toEqual({ platform: 'feishu', chatId: 'oc_e4d2605ca917e695f54f11aaf56xxxxx', userId: 'ou_3c14f3a59eaf2825dbe25359f15xxxxx', userName: 'someone', data: 'cc1:AAAAAAAAAAAAAAAAAAAAAA:s15', messageId: 'om_574d639e4a44e4dd646eaf628e2xxxxx', receivedAt: 1 });
  });

  it('reads a WeCom template_card_event (decrypted XML): the tapper’s own chat, the EventKey and the TaskId', () => {
    const fields = parseWecomXml(fixture('wecom/template-card-event.json').xml)!;
    expect(fields).toMatchObject({ MsgType: 'event', Event: 'template_card_event', ResponseCode: 'ResponseCode', AgentID: '1' });
    const tap = wecomTap(fields, 1);
    expect(tap).toEqual({ platform: 'wecom', chatId: 'user:FromUser', userId: 'FromUser', userName: 'FromUser', data: 'key111', messageId: 'taskid111', receivedAt: 1 });
    expect(parseButtonData(tap!.data)).toBeUndefined();
    // A text message is not a tap.
    expect(wecomTap({ ...fields, MsgType: 'text', Event: '' }, 1)).toBeNull();
  });
});
