import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError, TransportError } from '../../../src/domain/index.ts';
import { startWecomRig, type WecomRig } from '../../fakes/wecom-harness.ts';

const KEY = '693a91f6-7abc-4bc4-97a0-0ec2sifa5aaa';
let rig: WecomRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function robotRig(extra = {}): Promise<WecomRig> {
  const r = await startWecomRig('wecom-robot', extra);
  r.fake.robotKeys.add(KEY);
  return r;
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('WeCom group robot', () => {
  it('declares a 4096-byte markdown limit, 20 messages a minute and no routes', async () => {
    rig = await robotRig();
    expect(rig.adapter.limits).toEqual({ maxLength: 4096, lengthUnit: 'bytes', markdown: 'wecom-markdown', perChatPerMinute: 20 });
    expect(rig.adapter.routes).toEqual([]);
  });

  it('sends text with mentions as mentioned_list', async () => {
    rig = await robotRig();
    await rig.adapter.send(KEY, { text: '提醒大家提交日报', mentions: [{ id: 'alice', name: 'Alice' }, { id: '@all', name: 'all' }] });
    const [call] = rig.fake.succeeded('/cgi-bin/webhook/send');
    expect(call.query.key).toBe(KEY);
    expect(call.body).toEqual({ msgtype: 'text', text: { content: '提醒大家提交日报', mentioned_list: ['alice', '@all'] } });
  });

  it('sends markdown with mentions as <@userid> tags', async () => {
    rig = await robotRig();
    await rig.adapter.send(KEY, { text: 'fallback', markdown: '**backup** failed', mentions: [{ id: 'bob', name: 'Bob' }] });
    expect(rig.fake.succeeded('/cgi-bin/webhook/send')[0].body).toEqual({ msgtype: 'markdown', markdown: { content: '**backup** failed\n<@bob>' } });
  });

  it('accepts a full webhook URL as chat id but only ever calls apiBase with its key', async () => {
    rig = await robotRig();
    await rig.adapter.send(`https://evil.example/cgi-bin/webhook/send?key=${KEY}`, { text: 'hi' });
    expect(rig.fake.succeeded('/cgi-bin/webhook/send').map((c) => c.query.key)).toEqual([KEY]);
  });

  it('sends markdown of exactly 4096 bytes and refuses 4097 without calling WeCom', async () => {
    rig = await robotRig();
    await rig.adapter.send(KEY, { text: 'x', markdown: 'a'.repeat(4096) });
    const err = await caught(rig.adapter.send(KEY, { text: 'x', markdown: 'a'.repeat(4097) }));
    expect(err).toBeInstanceOf(PlatformError);
    expect(rig.fake.calls).toHaveLength(1);
  });

  it('sends text past the 2048-byte text limit as markdown', async () => {
    rig = await robotRig();
    await rig.adapter.send(KEY, { text: '字'.repeat(1000), mentions: [{ id: 'bob', name: 'Bob' }] });
    const body = rig.fake.succeeded('/cgi-bin/webhook/send')[0].body as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content.endsWith('<@bob>')).toBe(true);
  });

  it('refuses an unknown key with PlatformError that does not repeat the key', async () => {
    rig = await robotRig();
    const unknown = 'ffffffff-0000-1111-2222-333333333333';
    const err = await caught(rig.adapter.send(unknown, { text: 'hi' }));
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.message).toContain('93000');
    expect(err.message).not.toContain(unknown);
    const bad = await caught(rig.adapter.send('not a key!', { text: 'hi' }));
    expect(bad).toBeInstanceOf(PlatformError);
    expect(bad.message).not.toContain('not a key!');
  });

  it('maps the rate limit and 5xx to TransportError, without the key in the message', async () => {
    rig = await robotRig({ rateLimitRetryMs: 61_000 });
    rig.fake.failNext('/cgi-bin/webhook/send', { kind: 'errcode', errcode: 45009, errmsg: 'api freq out of limit' });
    const limited = await caught(rig.adapter.send(KEY, { text: 'hi' }));
    expect(limited).toBeInstanceOf(TransportError);
    expect((limited as TransportError).retryAfterMs).toBe(61_000);
    rig.fake.failNext('/cgi-bin/webhook/send', { kind: 'http', status: 500 });
    const down = await caught(rig.adapter.send(KEY, { text: 'hi' }));
    expect(down).toBeInstanceOf(TransportError);
    for (const e of [limited, down]) expect(e.message).not.toContain(KEY);
    expect(rig.adapter.health().ok).toBe(false);
  });

  it('maps a hanging webhook to TransportError after timeoutMs', async () => {
    rig = await robotRig({ timeoutMs: 100 });
    rig.fake.failNext('/cgi-bin/webhook/send', { kind: 'hang' });
    expect(await caught(rig.adapter.send(KEY, { text: 'hi' }))).toBeInstanceOf(TransportError);
  });
});
