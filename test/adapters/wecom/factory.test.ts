import { describe, expect, it } from 'vitest';
import { createWecomAdapters } from '../../../adapters/wecom/index.ts';
import { WECOM_TEST } from '../../fakes/wecom-harness.ts';

const platforms = (o: Parameters<typeof createWecomAdapters>[0]) => createWecomAdapters(o).map((a) => a.platform);

describe('createWecomAdapters', () => {
  it('returns the app, the AI bot and the robot when all options are present', () => {
    expect(platforms({ ...WECOM_TEST })).toEqual(['wecom', 'wecom-bot', 'wecom-robot']);
  });

  it('leaves out the app when any of its five options is missing', () => {
    expect(platforms({ ...WECOM_TEST, secret: '' })).toEqual(['wecom-bot', 'wecom-robot']);
    expect(platforms({ ...WECOM_TEST, agentId: undefined })).toEqual(['wecom-bot', 'wecom-robot']);
  });

  it('leaves out the AI bot without its token and key, and the robot when disabled', () => {
    expect(platforms({ corpId: 'c', agentId: 1, secret: 's', token: 't', aesKey: WECOM_TEST.aesKey, robot: false })).toEqual(['wecom']);
    expect(platforms({})).toEqual(['wecom-robot']);
  });

  it('throws on a malformed EncodingAESKey without repeating it', () => {
    expect(() => createWecomAdapters({ ...WECOM_TEST, botAesKey: 'short-secret-key' })).toThrow(/43 base64/);
    expect(() => createWecomAdapters({ ...WECOM_TEST, botAesKey: 'short-secret-key' })).not.toThrow(/short-secret-key/);
  });

  it('mounts GET and POST on /wecom/callback and /wecom/bot', () => {
    const routes = createWecomAdapters({ ...WECOM_TEST }).flatMap((a) => a.routes.map((r) => `${r.method} ${r.path}`));
    expect(routes).toEqual(['GET /wecom/callback', 'POST /wecom/callback', 'GET /wecom/bot', 'POST /wecom/bot']);
  });
});
