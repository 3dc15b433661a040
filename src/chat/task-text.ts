import type { Lang, Task } from '../domain/index.ts';
import { nextRuns } from '../schedule/index.ts';
import { clip, describeTask, formatInstant, formatSpan, label, statusWord, tr } from './format.ts';

/** The next `count` fire instants of a task after `now` (none when it is finished). */
export function upcoming(task: Task, now: number, count: number): number[] {
  if (task.status === 'finished') return [];
  return nextRuns(task.schedule, task.window, now, count, task.runCount);
}

/** "every weekday at 09:30 (Asia/Shanghai) — standup notes". */
export function headline(task: Task, lang: Lang, contentMax = 200): string {
  const what = task.content.trim() || (task.action && 'name' in task.action ? tr(lang, `run ${task.action.name}`, `执行 ${task.action.name}`) : '');
  return what ? `${describeTask(task, lang)} — ${clip(what, contentMax)}` : describeTask(task, lang);
}

/** "Next: Mon 1 Dec 09:30, Tue 2 Dec 09:30, Wed 3 Dec 09:30". */
export function nextLine(task: Task, now: number, lang: Lang, count = 3): string {
  const next = upcoming(task, now, count).map((ms) => formatInstant(ms, task.schedule.tz, lang, now));
  const head = label(lang, 'Next', '下次');
  if (next.length === 0) return `${head}${tr(lang, 'none (the schedule has no further runs)', '无（没有后续执行）')}`;
  const paused = task.status === 'paused' ? tr(lang, '(paused) ', '（已暂停）') : '';
  return `${head}${paused}${next.join(lang === 'zh' ? '，' : ', ')}`;
}

/** "Chase: @Alice every 15 min, at most 4 times, until 18:00" (null when the task has no chase). */
export function chaseLine(task: Task, lang: Lang): string | null {
  const c = task.chase;
  if (!c) return null;
  const who = task.owner ? `@${task.owner.name} ` : '';
  const parts = [tr(lang, `every ${formatSpan(c.everyMs, lang)}`, `每 ${formatSpan(c.everyMs, lang)}`)];
  if (c.maxCount != null) parts.push(tr(lang, `at most ${c.maxCount} times`, `最多 ${c.maxCount} 次`));
  parts.push(c.until ? tr(lang, `until done or ${c.until}`, `直到结单或 ${c.until}`) : tr(lang, 'until done', '直到结单'));
  return `${label(lang, 'Chase', '催单')}${who}${parts.join(lang === 'zh' ? '，' : ', ')}`;
}

/** "command: backup" / "message + command: backup" (null for message tasks). */
export function actionLine(task: Task, lang: Lang): string | null {
  if (task.mode === 'message') return null;
  const name = task.action && 'name' in task.action ? task.action.name : tr(lang, '(operator command)', '（运维命令）');
  const mode = task.mode === 'command' ? tr(lang, 'command', '命令') : tr(lang, 'message + command', '消息 + 命令');
  return `${label(lang, 'Action', '操作')}${mode} ${name}`;
}

/** One line of /list: "#12 [active] every weekday at 09:30 (UTC) — standup notes · next Mon 1 Dec 09:30". */
export function listLine(task: Task, now: number, lang: Lang): string {
  const next = upcoming(task, now, 1)[0];
  const when = task.status === 'active' && next != null ? ` · ${tr(lang, 'next', '下次')} ${formatInstant(next, task.schedule.tz, lang, now)}` : '';
  return `#${task.id} [${statusWord(task.status, lang)}] ${headline(task, lang, 80)}${when}`;
}
