import type { ChatAdapter } from '../../src/chat/index.ts';
import { UserError } from '../../src/domain/index.ts';
import type { WechatyOptions } from './config.ts';

/**
 * The Wechaty version chatcron is tested with: package.json lists it as an optional peer
 * dependency (only WeChat users install it, with its gRPC and native puppets).
 */
export const WECHATY_PACKAGE = 'wechaty@1.20.2';

const missing = (name: string, err: unknown): boolean => {
  const e = err as { code?: string; message?: string } | null;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && (e.message ?? '').includes(`'${name}`);
};

function notInstalled(pkg: string, why: string): UserError {
  return new UserError(
    'bad_config',
    {
      en: `WECHATY_PUPPET is set, but ${why} is not installed: run \`npm install ${pkg}\` beside chatcron (or unset WECHATY_PUPPET)`,
      zh: `已设置 WECHATY_PUPPET，但未安装 ${why}：请在 chatcron 目录运行 \`npm install ${pkg}\`（或取消 WECHATY_PUPPET）`,
    },
    'WECHATY_PUPPET',
  );
}

/**
 * The WeChat adapter, loaded only when a puppet is configured. Wechaty and the puppet package
 * are optional installs: when either is missing the service refuses to start and says which
 * package to install, instead of failing later inside Wechaty.
 */
export async function loadWechatyAdapter(options: WechatyOptions): Promise<ChatAdapter> {
  for (const [name, pkg] of [['wechaty', WECHATY_PACKAGE], [options.puppet, options.puppet]] as const) {
    try {
      import.meta.resolve(name);
    } catch (err) {
      if (missing(name, err)) throw notInstalled(pkg, name === 'wechaty' ? 'Wechaty' : `the puppet ${name}`);
      throw err;
    }
  }
  const { createWechatyAdapter } = await import('./index.ts');
  return createWechatyAdapter(options);
}
