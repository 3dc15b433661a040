import { afterEach, describe, expect, it } from 'vitest';
import { WecomApiError, WecomAppAdapter } from '../../../adapters/wecom/index.ts';
import { templateCardOf } from '../../../adapters/wecom/template-card.ts';
import type { ActionButton } from '../../../src/chat/index.ts';
import { startWecomRig, type WecomRig } from '../../fakes/wecom-harness.ts';

let rig: WecomRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const buttons: ActionButton[][] = [
  [{ label: '✅ Done', data: `cc1:${TOKEN}:d`, primary: true }, { label: '⏭ Skip next', data: `cc1:${TOKEN}:k` }],
  [{ label: 'Snooze 15 min', data: `cc1:${TOKEN}:s15` }, { label: 'Snooze 1 h', data: `cc1:${TOKEN}:s60` }, { label: 'Tomorrow 09:00', data: `cc1:${TOKEN}:stm` }, { label: 'Snooze 30 min', data: `cc1:${TOKEN}:sp` }],
];

describe('WeCom app template cards', () => {
  it('draws every button (six at most), the first line as the title and the rest as the text, with a task_id from the token', () => {
    const card = templateCardOf({ text: '⏰ #3 reminder 1: post the standup notes\nreply "done" when it is finished', buttons });
    expect(card).toEqual({
      card_type: 'button_interaction',
      main_title: { title: '⏰ #3 reminder 1: post the…' },
      sub_title_text: '⏰ #3 reminder 1: post the standup notes\nreply "done" when it is finished',
      task_id: `cc1-${TOKEN}`,
      button_list: [
        { text: '✅ Done', style: 1, key: `cc1:${TOKEN}:d` },
        { text: '⏭ Skip next', style: 2, key: `cc1:${TOKEN}:k` },
        { text: 'Snooze 15 min', style: 2, key: `cc1:${TOKEN}:s15` },
        { text: 'Snooze 1 h', style: 2, key: `cc1:${TOKEN}:s60` },
        { text: 'Tomorrow 09:00', style: 2, key: `cc1:${TOKEN}:stm` },
        { text: 'Snooze 30 min', style: 2, key: `cc1:${TOKEN}:sp` },
      ],
    });
    expect(templateCardOf({ text: 'no buttons' })).toBeUndefined();
    expect(templateCardOf({ text: 'not ours', buttons: [[{ label: 'x', data: 'something-else' }]] })).toBeUndefined();
  });

  it('sends a card to a member through message/send, and keeps text in a group chat (appchat/send has no cards)', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    expect(rig.adapter.limits.buttons).toBe(true);
    await rig.adapter.send('user:alice', { text: 'standup\nnow', buttons });
    expect(rig.fake.cards.get(`cc1-${TOKEN}`)).toMatchObject({ touser: 'alice', title: 'standup', text: 'standup\nnow', updates: 0 });
    await rig.adapter.send('chat:wrOps', { text: 'standup\nreply 完成', buttons });
    expect(rig.fake.succeeded('/cgi-bin/appchat/send').map((c) => c.body)).toEqual([{ chatid: 'wrOps', msgtype: 'text', text: { content: 'standup\nreply 完成' } }]);
    // The same task_id twice is refused by WeCom: one token, one message.
    const err = await rig.adapter.send('user:alice', { text: 'again', buttons }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
  });

  it('updates a card once per response_code, and not after 72 hours', async () => {
    rig = await startWecomRig('wecom', { robot: false });
    await rig.adapter.send('user:alice', { text: 'standup', buttons });
    const app = rig.adapter as WecomAppAdapter;
    const sender = (u: string, c: string, n: string) => app.updateCardButton(u, c, n);
    const code = rig.fake.issueCardCode(`cc1-${TOKEN}`);
    await sender('alice', code, '✅ Closed by alice (wecom) at 09:30');
    const card = rig.fake.cards.get(`cc1-${TOKEN}`)!;
    expect(card).toMatchObject({ buttons: [], replacedWith: '✅ Closed by alice (wecom) at 09:30', updates: 1 });
    const used = await sender('alice', code, 'twice').catch((e: unknown) => e);
    expect(used).toBeInstanceOf(WecomApiError);
    expect((used as Error).message).not.toContain(code);
    const late = rig.fake.issueCardCode(`cc1-${TOKEN}`);
    const realNow = rig.fake.now;
    rig.fake.now = () => realNow() + 72 * 3_600_000 + 1000;
    expect(await sender('alice', late, 'late').catch((e: unknown) => e)).toBeInstanceOf(WecomApiError);
    expect(card.updates).toBe(1);
  });
});
