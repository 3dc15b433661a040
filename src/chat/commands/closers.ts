import * as app from '../../app/index.ts';
import { UserError, type Closers, type Lang, type Task } from '../../domain/index.ts';
import { closersWord } from '../extras-phrase.ts';
import { tr } from '../format.ts';
import { needId, type CommandContext } from './context.ts';

/** Who may close, as a reply says it. */
export function closersText(t: Task, lang: Lang): string {
  const owner = t.owner ? ` ${t.owner.name}` : '';
  switch (t.closers ?? 'anyone') {
    case 'owner':
      return tr(lang, `only its owner${owner} (or an admin)`, `仅负责人${owner}（或管理员）`);
    case 'admins':
      return tr(lang, 'only an admin', '仅管理员');
    case 'anyone':
      return tr(lang, 'anyone in this chat', '本群任何人');
  }
}

/**
 * /closers N [owner|admins|anyone] (/结单人 N [负责人|管理员|任何人]): shows or sets who may close
 * a task's occurrences (Done / Snooze / Skip, /done). Only the owner or an admin may change it.
 */
export async function closers(c: CommandContext): Promise<string> {
  const { id, rest } = needId(c, { en: '/closers 12 owner', zh: '/结单人 12 负责人' });
  if (!rest) {
    const t = await app.getTask(c.app, c.actor, id);
    return tr(c.lang, `🔒 Task #${t.id} can be closed by ${closersText(t, c.lang)}. Change it with /closers ${t.id} owner|admins|anyone`, `🔒 任务 #${t.id} 的结单人：${closersText(t, c.lang)}。用 /结单人 ${t.id} 负责人|管理员|任何人 修改`);
  }
  const want: Closers | undefined = closersWord(rest);
  if (!want) {
    throw new UserError(
      'bad_closers',
      { en: `"${rest}" is not a choice: use owner, admins or anyone, e.g. /closers ${id} owner`, zh: `“${rest}”不是可选值：请用 负责人、管理员 或 任何人，例如 /结单人 ${id} 负责人` },
      'closers',
    );
  }
  const t = await app.setClosers(c.app, c.actor, id, want);
  return tr(c.lang, `🔒 Task #${t.id} can now be closed by ${closersText(t, c.lang)}.`, `🔒 任务 #${t.id} 的结单人已改为：${closersText(t, c.lang)}。`);
}
