import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWechatyAdapter, WECHATY_PACKAGE } from '../../../adapters/wechaty/load.ts';
import { UserError } from '../../../src/domain/index.ts';

describe('loadWechatyAdapter (WeChat is an optional install)', () => {
  it('loads the adapter when Wechaty and the configured puppet are installed', async () => {
    const adapter = await loadWechatyAdapter({ puppet: 'wechaty-puppet-mock' });
    expect(adapter.platform).toBe('wechaty');
  });

  it('refuses a puppet package that is not installed, naming the npm command that installs it, in English and Chinese', async () => {
    const err = await loadWechatyAdapter({ puppet: 'wechaty-puppet-not-installed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('bad_config');
    expect((err as UserError).text.en).toContain('npm install wechaty-puppet-not-installed');
    expect((err as UserError).text.zh).toContain('npm install wechaty-puppet-not-installed');
  });

  it('tells users to install the Wechaty version package.json declares as its optional peer', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      dependencies: Record<string, string>;
    };
    expect(WECHATY_PACKAGE).toBe(`wechaty@${pkg.peerDependencies.wechaty}`);
    expect(pkg.peerDependenciesMeta.wechaty.optional).toBe(true);
    expect(pkg.dependencies.wechaty).toBeUndefined();
  });
});
