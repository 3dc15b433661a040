import * as app from '../../app/index.ts';
import type { Outgoing } from '../contract.ts';
import { formatInstant, tr } from '../format.ts';
import { doneText } from '../messages.ts';
import { upcoming } from '../task-text.ts';
import { needId, type CommandContext } from './context.ts';

/** /pause N. */
export async function pause(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/pause 12', zh: '/暂停 12' });
  const t = await app.pauseTask(c.app, c.actor, id);
  return tr(c.lang, `⏸ Task #${t.id} paused. Resume it with /resume ${t.id}`, `⏸ 已暂停任务 #${t.id}。用 /恢复 ${t.id} 恢复`);
}

/** /resume N: from its next slot after now. */
export async function resume(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/resume 12', zh: '/恢复 12' });
  const t = await app.resumeTask(c.app, c.actor, id);
  const now = c.app.now();
  const next = upcoming(t, now, 1)[0];
  const when = next != null ? formatInstant(next, t.schedule.tz, c.lang, now) : tr(c.lang, 'none', '无');
  return tr(c.lang, `▶️ Task #${t.id} resumed. Next: ${when}`, `▶️ 已恢复任务 #${t.id}。下次：${when}`);
}

/** /run N: one run now, outside the schedule. */
export async function run(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/run 12', zh: '/执行 12' });
  await app.runTaskNow(c.app, c.actor, id);
  return tr(c.lang, `🚀 Task #${id} will run now; the schedule does not change.`, `🚀 任务 #${id} 马上执行，计划时间不变。`);
}

/** /delete N: the task and its history. */
export async function remove(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/delete 12', zh: '/删除 12' });
  const t = await app.deleteTask(c.app, c.actor, id);
  return tr(c.lang, `🗑 Task #${t.id} deleted: ${t.name}`, `🗑 已删除任务 #${t.id}：${t.name}`);
}

/** /done N: closes the open occurrence (no more reminders). */
export async function done(c: CommandContext): Promise<Outgoing> {
  const { id } = needId(c, { en: '/done 12', zh: '/结单 12' });
  return doneText(await app.closeChase(c.app, c.actor, id), c.lang);
}
