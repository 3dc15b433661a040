import * as app from '../app/index.ts';
import type { Actor, AppContext } from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import type { Outgoing } from './contract.ts';
import { clip, tr } from './format.ts';
import { doneText } from './messages.ts';

/**
 * A "done" that names no task (no reply to a reminder): closes the chat's one open occurrence,
 * lists them with their /done N when several are open, and says so when none is. It is never
 * read as a new task: "done" holds no schedule.
 */
export async function bareDone(ctx: AppContext, actor: Actor, lang: Lang): Promise<Outgoing | string> {
  const open = await app.openOccurrences(ctx, actor);
  if (open.length === 1) return doneText(await app.closeChase(ctx, actor, open[0].id), lang);
  if (open.length === 0) return tr(lang, 'Nothing in this chat is waiting to be closed.', '本群当前没有待结单的事项。');
  const rows = open.map((t) => {
    const what = clip(t.content.trim() || t.name, 60);
    return tr(lang, `• #${t.id} ${what} — /done ${t.id}`, `• #${t.id} ${what} —— /结单 ${t.id}`);
  });
  return [tr(lang, 'Several occurrences are open in this chat; which one is done?', '本群有多个待结单的事项，请指明是哪一个：'), ...rows].join('\n');
}
