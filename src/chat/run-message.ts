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

/** The occurrence a chase reminder is about: the slot that fired, its number, and its run when known. */
export interface ReminderOccurrence {
  /** The occurrence's scheduled instant (ms). */
  at: number;
  /** Its occurrence number, as {run} said it when it fired. */
  number: number;
  run?: Run;
}

/**
 * A reminder's text, its placeholders filled from the occurrence it chases, not the reminder's
 * own time: the 3月20日 日报 is still the 20th's report when it is chased after midnight, and
 * {output} / {status} are that run's. Without an occurrence the content stays as written.
 */
export function renderedReminder(task: Task, lang: Lang, occ?: ReminderOccurrence): string {
  if (!occ) return task.content;
  const run = occ.run;
  const finished = run != null && run.status !== 'running' && run.status !== 'queued';
  return renderTemplate(task.content, {
    at: occ.at,
    tz: task.schedule.tz,
    lang,
    run: occ.number,
    output: run?.output ?? null,
    status: task.mode === 'message' || !finished ? null : statusWord(run.status, lang),
  });
}
