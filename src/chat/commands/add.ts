import * as app from '../../app/index.ts';
import { UserError } from '../../domain/index.ts';
import { tr } from '../format.ts';
import { actionLine, chaseLine, headline, nextLine } from '../task-text.ts';
import { extrasLine } from '../extras-text.ts';
import { compose, editInput, newTaskInput, type Composed } from './compose.ts';
import { needId, type CommandContext } from './context.ts';

/** /add <schedule and text> (also a message that @-mentions the bot): creates a task in this chat. */
export async function add(c: CommandContext): Promise<string> {
  if (!c.args) {
    throw new UserError('usage', {
      en: 'tell me when and what, e.g. /add every weekday 9:30 standup notes',
      zh: '请写明时间和内容，例如 /添加 每个工作日9:30 提交站会纪要',
    });
  }
  const { tz } = await app.chatTimezone(c.app, c.actor.chat!.platform, c.actor.chat!.chatId);
  const composed = compose(c, c.args, tz);
  const task = await app.createTask(c.app, c.actor, newTaskInput(c, composed));
  const now = c.app.now();
  return [
    tr(c.lang, `✅ Task #${task.id} created: ${headline(task, c.lang)}`, `✅ 已创建任务 #${task.id}：${headline(task, c.lang)}`),
    actionLine(task, c.lang),
    extrasLine(task, c.lang),
    chaseLine(task, c.lang),
    nextLine(task, now, c.lang, 3),
    notesLine(composed, c.lang),
  ]
    .filter((l): l is string => l != null)
    .join('\n');
}

/** /edit N <new schedule, text, owner, chase or action>. */
export async function edit(c: CommandContext): Promise<string> {
  const { id, rest } = needId(c, { en: '/edit 12 every day at 10:00', zh: '/修改 12 每天10点' });
  await app.getTask(c.app, c.actor, id);
  // a new schedule is read in the chat's timezone, as /tz promises; the old task's zone does not stick
  const { tz } = await app.chatTimezone(c.app, c.actor.chat!.platform, c.actor.chat!.chatId);
  const composed = compose(c, rest, tz, true);
  const input = editInput(composed, tz);
  // Who closes is a permission: an edit that changes it is the owner's or an admin's, as /closers
  // is; so is a new owner of a task only its owner may close (else "@me" would lift it).
  const before = await app.getTask(c.app, c.actor, id);
  if (input.closers !== undefined || (input.owner !== undefined && (before.closers ?? 'anyone') === 'owner')) app.checkMaySetClosers(before, c.actor);
  if (Object.keys(input).length === 0) {
    throw new UserError('usage', {
      en: `tell me what to change, e.g. /edit ${id} every day at 10:00, /edit ${id} new text, /edit ${id} chase every 30m or /edit ${id} chase off`,
      zh: `请写明要修改的内容，例如 /修改 ${id} 每天10点、/修改 ${id} 新的内容、/修改 ${id} 催单30分钟 或 /修改 ${id} 催单 关闭`,
    });
  }
  const task = await app.editTask(c.app, c.actor, id, input);
  return [
    tr(c.lang, `✏️ Task #${task.id} updated: ${headline(task, c.lang)}`, `✏️ 已修改任务 #${task.id}：${headline(task, c.lang)}`),
    actionLine(task, c.lang),
    extrasLine(task, c.lang),
    chaseLine(task, c.lang) ?? (composed.chase === null ? tr(c.lang, 'Chase: off', '催单：已关闭') : null),
    nextLine(task, c.app.now(), c.lang, 3),
    notesLine(composed, c.lang),
  ]
    .filter((l): l is string => l != null)
    .join('\n');
}

/** "Note: 05:00, on the 24-hour clock; write 5pm for 17:00": what the parser assumed. */
function notesLine(m: Composed, lang: 'en' | 'zh'): string | null {
  const notes = m.parsed?.notes ?? [];
  if (notes.length === 0) return null;
  return tr(lang, `ℹ️ Note: ${notes.join('; ')}`, `ℹ️ 说明：${notes.join('；')}`);
}
