import { afterEach, describe, expect, it } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { createWechatyAdapter } from '../../../adapters/wechaty/index.ts';
import type { AdapterContext, ChatAdapter } from '../../../src/chat/index.ts';
import { TransportError } from '../../../src/domain/index.ts';
import { createWechatyHarness, type WechatyHarness } from '../../fakes/wechaty-harness.ts';

const quietCtx = (): AdapterContext => ({
  onMessage: async () => undefined,
  lease: { acquire: async () => true, release: async () => undefined },
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
});

describe('wechaty adapter lifecycle', () => {
  let harness: WechatyHarness | undefined;
  let adapter: ChatAdapter | undefined;

  afterEach(async () => {
    await harness?.close();
    await adapter?.stop();
    harness = undefined;
    adapter = undefined;
  });

  it('resolves start once the puppet logs in, although the mock puppet never emits ready', async () => {
    let readyEvents = 0;
    const mocker = new mock.Mocker();
    const botUser = mocker.createContact({ name: 'cronbot' });
    mocker.use((m) => {
      m.login(botUser);
      return () => undefined;
    });
    const puppet = new PuppetMock({ mocker });
    puppet.on('ready', () => {
      readyEvents += 1;
    });
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock', puppetInstance: puppet, loginTimeoutMs: 5_000 });

    await adapter.start(quietCtx());

    expect(adapter.health()).toEqual({ ok: true, detail: 'logged in as cronbot' });
    expect(puppet.isLoggedIn).toBe(true);
    expect(readyEvents).toBe(0);
  });

  it('describes itself as the wechaty platform with plain-text limits and no webhook routes', () => {
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock' });
    expect(adapter.platform).toBe('wechaty');
    expect(adapter.routes).toEqual([]);
    expect(adapter.limits).toEqual({ maxLength: 2000, lengthUnit: 'chars', markdown: 'none', perChatPerMinute: 20 });
    expect(adapter.health()).toEqual({ ok: false, detail: 'not started' });
  });

  it('rejects start with a TransportError when nobody logs in before the login timeout', async () => {
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock', puppetInstance: new PuppetMock(), loginTimeoutMs: 200 });
    await expect(adapter.start(quietCtx())).rejects.toBeInstanceOf(TransportError);
    expect(adapter.health().ok).toBe(false);
  });

  it('makes a pending start fail when stop is called before login', async () => {
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock', puppetInstance: new PuppetMock() });
    const starting = adapter.start(quietCtx());
    const outcome = starting.then(() => 'started', (err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await adapter.stop();
    const result = await outcome;
    expect(result).toBeInstanceOf(TransportError);
    expect((result as Error).message).toMatch(/stopped before login/);
  });

  it('stops promptly and reports not started afterwards', async () => {
    harness = await createWechatyHarness();
    const began = Date.now();
    await harness.adapter.stop();
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(harness.adapter.health()).toEqual({ ok: false, detail: 'not started' });
    expect(harness.puppet.isLoggedIn).toBe(false);
  });

  it('reports unhealthy once the puppet logs out', async () => {
    harness = await createWechatyHarness();
    await harness.puppet.logout('test');
    expect(harness.adapter.health().ok).toBe(false);
    expect(harness.logs.some((l) => l.level === 'warn' && l.msg === 'wechaty: logged out')).toBe(true);
  });

  it('refuses a second start while running', async () => {
    harness = await createWechatyHarness();
    await expect(harness.adapter.start(quietCtx())).rejects.toThrow(/already started/);
  });
});

describe('wechaty adapter with a puppet given by package name', () => {
  let adapter: ChatAdapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
  });

  it('loads the named puppet package and waits for its login', async () => {
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-mock', puppetToken: 'unused-by-the-mock', loginTimeoutMs: 200 });
    const err = await adapter.start(quietCtx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/not logged in within 200 ms/);
  });

  it('rejects start with the import failure when the puppet package does not exist', async () => {
    adapter = createWechatyAdapter({ puppet: 'wechaty-puppet-does-not-exist', loginTimeoutMs: 1_000 });
    const err = await adapter.start(quietCtx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TransportError);
    expect(String((err as Error).message)).toMatch(/wechaty-puppet-does-not-exist/);
    expect(adapter.health()).toEqual({ ok: false, detail: 'not started' });
  });
});
