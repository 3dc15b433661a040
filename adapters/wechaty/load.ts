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

function notInstalled(name: string): UserError {
  // A checkout's full install (`npm ci`) has Wechaty (the tests use it); `npm ci --omit=dev` does not.
  const text =
    name === 'wechaty'
      ? {
          en: `WECHATY_PUPPET is set, but Wechaty is not installed: install ${WECHATY_PACKAGE} beside chatcron (in a checkout, \`npm ci\` without --omit=dev includes it), or unset WECHATY_PUPPET`,
          zh: `已设置 WECHATY_PUPPET，但未安装 Wechaty：请在 chatcron 旁安装 ${WECHATY_PACKAGE}（源码目录中不带 --omit=dev 的 \`npm ci\` 会安装它），或取消 WECHATY_PUPPET`,
        }
      : {
          en: `WECHATY_PUPPET is set to ${name}, but that puppet package is not installed: run \`npm install ${name}\` beside chatcron, or choose another puppet`,
          zh: `WECHATY_PUPPET 设为 ${name}，但未安装该 puppet 包：请在 chatcron 旁运行 \`npm install ${name}\`，或改用其他 puppet`,
        };
  return new UserError('bad_config', text, 'WECHATY_PUPPET');
}

/**
 * The WeChat adapter, loaded only when a puppet is configured. Wechaty and the puppet package
 * are optional installs: when either is missing the service refuses to start and says which
 * package to install, instead of failing later inside Wechaty.
 */
export async function loadWechatyAdapter(options: WechatyOptions): Promise<ChatAdapter> {
  for (const name of ['wechaty', options.puppet]) {
    try {
      import.meta.resolve(name);
    } catch (err) {
      if (missing(name, err)) throw notInstalled(name);
      throw err;
    }
  }
  const { createWechatyAdapter } = await import('./index.ts');
  return createWechatyAdapter(options);
}
