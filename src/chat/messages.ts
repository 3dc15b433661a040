import type { DoneResult } from '../app/index.ts';
import type { Lang, Run, Task } from '../domain/index.ts';
import type { Mention, Outgoing } from './contract.ts';
import { clip, formatInstant, langOf, formatSpan, label, statusWord, tr } from './format.ts';
import { renderedReminder, renderedRunMessage, type ReminderOccurrence } from './run-message.ts';

const TAIL_LINES = 20;
const TAIL_CHARS = 1500;
const MARKER = /#(\d{1,15})\b/;

/** The task id a bot message carries ("#12"), so that a reply "done" to it closes that task. */
export function taskIdIn(text: string | undefined): number | null {
  const m = text ? MARKER.exec(text) : null;
  return m ? Number(m[1]) : null;
}

/** The language a task was written in (its text and schedule), for messages nobody is answering: reminders, results. */
export function taskLang(task: Pick<Task, 'content' | 'name' | 'schedule'>): Lang {
  return langOf(`${task.content} ${task.name} ${task.schedule.text}`);
}

function what(task: Task, content = task.content): string {
  return content.trim() || task.name;
}

function mention(owner: Mention | null): { at: string; mentions?: Mention[] } {
  return owner ? { at: `@${owner.name}`, mentions: [{ id: owner.id, name: owner.name }] } : { at: '' };
}

/**
 * The reminder the chase driver posts for the `count`-th time (1-based). It starts with
 * "⏰ #<id>", which is how a reply "done" / "完成" / "收到" to it finds the task:
 *   ⏰ #12 reminder 2 · @Alice: submit the daily report
 *   Reply "done" or send /done 12 when it is finished.
 * With the occurrence, the task's placeholders ({date}, {run}, …) are filled from it.
 */
export function chaseReminderText(task: Task, count: number, lang: Lang, occurrence?: ReminderOccurrence): Outgoing {
  const { at, mentions } = mention(task.owner);
  const body = what(task, renderedReminder(task, lang, occurrence));
  const who = at ? ` · ${at}` : '';
  const text =
    lang === 'zh'
      ? `⏰ #${task.id} 第${count}次催单${who}：${body}\n完成后请回复“完成”或发送 /结单 ${task.id}`
      : `⏰ #${task.id} reminder ${count}${who}: ${body}\nReply "done" or send /done ${task.id} when it is finished.`;
  return { text, lang, ...(mentions ? { mentions } : {}) };
}

/** What the chat sees when someone closes an occurrence: "✅ #12 closed by Alice after 12 min — …". */
export function doneText(result: DoneResult, lang: Lang): Outgoing {
  const t = result.task;
  const span = formatSpan(result.openForMs, lang);
  const reminders = result.chase.count;
  const text =
    lang === 'zh'
      ? `✅ #${t.id} 已由 ${result.closedBy} 结单，用时 ${span}${reminders ? `（催了 ${reminders} 次）` : ''}：${what(t)}`
      : `✅ #${t.id} closed by ${result.closedBy} after ${span}${reminders ? ` (${reminders} reminder${reminders === 1 ? '' : 's'})` : ''} — ${what(t)}`;
  return { text, lang };
}

/** The last lines of a command's output, within TAIL_LINES lines and TAIL_CHARS characters. */
export function outputTail(output: string): string {
  const lines = output.replace(/\s+$/, '').split(/\r?\n/);
  let tail = lines.slice(-TAIL_LINES).join('\n');
  if (tail.length > TAIL_CHARS) tail = `…${tail.slice(-(TAIL_CHARS - 1))}`;
  else if (lines.length > TAIL_LINES) tail = `…\n${tail}`;
  return tail;
}

const ICON: Record<string, string> = { succeeded: '✅', failed: '❌', timed_out: '⏱', interrupted: '⚠️', skipped: '⏭', stopped: '⏹' };

/**
 * The message a finished run posts. Message mode: the task content, mentioning the owner.
 * Command modes: which task, when it was due, the result, exit code, duration and the tail of the output.
 */
export function runResultText(task: Task, run: Run, lang: Lang): Outgoing {
  const { at, mentions } = mention(task.owner);
  const body = renderedRunMessage(task, run, lang).trim();
  // Only a scheduled occurrence opens a chase: a run started by hand has nothing to close.
  const footer = task.chase && run.trigger !== 'manual' ? tr(lang, `\n#${task.id} · reply "done" when it is finished`, `\n#${task.id} · 完成后请回复“完成”`) : '';
  // a text that names its owner ("remind @alice to …") mentions them where it says so
  const lead = at && !body.includes(at) ? `${at} ` : '';
  if (task.mode === 'message' && (run.status === 'succeeded' || run.status === 'running')) {
    return { text: `${lead}${body || task.name}${footer}`, lang, ...(mentions ? { mentions } : {}) };
  }
  const ok = run.status === 'succeeded';
  const sqlTask = task.action && 'sql' in task.action ? task.action : null;
  const action = task.action && 'name' in task.action ? task.action.name : sqlTask ? `SQL @ ${sqlTask.connection}` : task.name;
  const lines: string[] = [];
  if (task.mode === 'message+command' && body) lines.push(`${lead}${body}`);
  // The owner is called on a failure, and on every occurrence that is chased: they have to act on it.
  const call = (!ok || task.chase != null) && at && task.mode === 'command';
  lines.push(`${ICON[run.status] ?? '•'} #${task.id} ${clip(action, 80)} ${statusWord(run.status, lang)}${call ? ` · ${at}` : ''}`);
  const when = formatInstant(run.scheduledFor, task.schedule.tz, lang);
  const manual = run.trigger === 'manual' ? tr(lang, ' (run now)', '（手动执行）') : run.trigger === 'retry' ? tr(lang, ` (retry ${run.attempt})`, `（第${run.attempt}次重试）`) : '';
  lines.push(`${label(lang, 'Scheduled', '计划时间')}${when} (${task.schedule.tz})${manual}`);
  const facts: string[] = [];
  if (run.exitCode != null) facts.push(`${tr(lang, 'exit code', '退出码')} ${run.exitCode}`);
  if (run.startedAt != null && run.finishedAt != null) facts.push(`${tr(lang, 'took', '耗时')} ${formatSpan(run.finishedAt - run.startedAt, lang)}`);
  if (facts.length) lines.push(facts.join(' · '));
  if (run.error) lines.push(`${label(lang, 'Error', '错误')}${clip(run.error, 300)}`);
  // A SQL task's chat message is its compact table (the count and the first rows); history has the rest.
  if (sqlTask && ok && run.message) lines.push(run.message);
  else if (run.output && run.output.trim()) lines.push(`${label(lang, 'Output', '输出').trim()}\n${outputTail(run.output)}`);
  if (footer) lines.push(footer.trim());
  return { text: lines.join('\n'), lang, ...(mentions && (task.mode === 'message+command' || call) ? { mentions } : {}) };
}
