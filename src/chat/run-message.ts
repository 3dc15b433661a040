import { renderTemplate } from '../app/index.ts';
import type { Lang, Run, Task } from '../domain/index.ts';
import { statusWord } from './format.ts';

/**
 * The message a run posts, its placeholders filled for this occurrence in the task's zone and the
 * reader's language. A SQL task's run message is its result table, so its template is the task's
 * content; any other run carries the content as it was at the fire, secrets masked.
 */
export function renderedRunMessage(task: Task, run: Run, lang: Lang): string {
  const sql = task.action != null && 'sql' in task.action;
  const template = sql ? task.content : (run.message ?? task.content);
  const finished = run.status !== 'running' && run.status !== 'queued';
  return renderTemplate(template, {
    at: run.scheduledFor,
    tz: task.schedule.tz,
    lang,
    run: task.runCount,
    output: run.output,
    status: task.mode === 'message' || !finished ? null : statusWord(run.status, lang),
  });
}
