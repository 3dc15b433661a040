import { describe, expect, it } from 'vitest';
import { wechatyOptionsFromEnv } from '../../../adapters/wechaty/index.ts';

describe('wechatyOptionsFromEnv', () => {
  it('reads the puppet and its token from WECHATY_PUPPET and WECHATY_PUPPET_TOKEN', () => {
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_TOKEN: ' puppet_token ' })).toEqual({
      puppet: 'wechaty-puppet-service',
      puppetToken: 'puppet_token',
    });
  });

  it('leaves the token out when none is set', () => {
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: 'wechaty-puppet-mock', WECHATY_PUPPET_TOKEN: '' })).toEqual({ puppet: 'wechaty-puppet-mock' });
  });

  it('returns undefined when no puppet is configured, so WeChat stays off', () => {
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET_TOKEN: 'orphan' })).toBeUndefined();
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: '  ' })).toBeUndefined();
  });
});
