import type { Lang, Task } from '../domain/index.ts';
import { formatDuration } from '../schedule/index.ts';
import { tr } from './format.ts';

/** The reply line about where a task runs, its jitter window and its chains, or null. */
export function extrasLine(task: Task, lang: Lang): string | null {
  const parts: string[] = [];
  if (task.runOn) parts.push(tr(lang, `runs on runners labelled ${task.runOn}`, `在标签为 ${task.runOn} 的执行器上运行`));
  if (task.jitterMs) parts.push(tr(lang, `starts up to ${formatDuration(task.jitterMs)} after each time (jitter)`, `每次在计划时间后 ${formatDuration(task.jitterMs)} 内随机开始`));
  if (task.thenTaskId) parts.push(tr(lang, `then runs #${task.thenTaskId}`, `成功后执行 #${task.thenTaskId}`));
  if (task.onFailureTaskId) parts.push(tr(lang, `on failure runs #${task.onFailureTaskId}`, `失败时执行 #${task.onFailureTaskId}`));
  if (task.closers === 'owner') parts.push(tr(lang, `only its owner${task.owner ? ` ${task.owner.name}` : ''} (or an admin) can close it`, `仅负责人${task.owner ? ` ${task.owner.name}` : ''}（或管理员）可结单`));
  if (task.closers === 'admins') parts.push(tr(lang, 'only an admin can close it', '仅管理员可结单'));
  return parts.length ? `↪ ${parts.join(tr(lang, '; ', '；'))}` : null;
}
