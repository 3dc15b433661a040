import { runnersOverview } from '../../app/index.ts';
import { tr } from '../format.ts';
import type { CommandContext } from './context.ts';

const STATE = { online: ['🟢 online', '🟢 在线'], offline: ['⚪ offline', '⚪ 离线'], revoked: ['⛔ revoked', '⛔ 已吊销'] } as const;

/** /runners (admins): remote runners with their state, labels, version and last heartbeat. */
export async function runners(c: CommandContext): Promise<string> {
  const list = await runnersOverview(c.app, c.actor);
  if (list.length === 0) return tr(c.lang, 'No runners. An operator adds one with: chatcron runners add NAME --labels a,b', '还没有执行器。运维人员可以用 chatcron runners add 名称 --labels a,b 添加');
  const lines = list.map((r) => {
    const [en, zh] = STATE[r.state];
    const seen = r.lastSeenAt ? r.lastSeenAt.replace('T', ' ').slice(0, 19) + ' UTC' : tr(c.lang, 'never', '从未');
    return `${r.name} · ${tr(c.lang, en, zh)} · ${tr(c.lang, 'labels', '标签')} ${r.labels.join(', ') || '-'} · ${r.version ?? '-'} · ${tr(c.lang, 'last seen', '最后心跳')} ${seen}`;
  });
  return [tr(c.lang, `Runners (${list.length}):`, `执行器（${list.length}）：`), ...lines].join('\n');
}
