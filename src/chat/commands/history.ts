import * as app from '../../app/index.ts';
import type { Chase, Lang, Run, Task } from '../../domain/index.ts';
import { fitLines, formatInstant, formatSpan, statusWord, tr } from '../format.ts';
import { needId, type CommandContext } from './context.ts';

const DEFAULT_ROWS = 10;
const MAX_ROWS = 50;

function runPart(runs: Run[], lang: Lang): string {
  // runs of one occurrence, newest first: the latest attempt decides the result
  const r = runs[0];
  const bits = [statusWord(r.status, lang)];
  if (r.trigger === 'manual') bits[0] += tr(lang, ' (run now)', '（手动）');
  if (r.exitCode != null) bits.push(`${tr(lang, 'exit', '退出码')} ${r.exitCode}`);
  if (r.startedAt != null && r.finishedAt != null) bits.push(formatSpan(r.finishedAt - r.startedAt, lang));
  if (runs.length > 1) bits.push(tr(lang, `${runs.length} attempts`, `共 ${runs.length} 次尝试`));
  // A slot someone skipped with the Skip next button says who did.
  if (r.status === 'skipped' && r.message?.startsWith('skipped by ')) bits.push(tr(lang, r.message, `由 ${r.message.slice(11)} 跳过`));
  return bits.join(' · ');
}

function chasePart(ch: Chase, task: Task, lang: Lang, now: number): string {
  const n = ch.count;
  const reminders = tr(lang, `${n} reminder${n === 1 ? '' : 's'}`, `催了 ${n} 次`);
  if (ch.closedAt == null) return `${reminders} · ${tr(lang, 'still open', '待结单')}`;
  const at = formatInstant(ch.closedAt, task.schedule.tz, lang, now);
  const span = formatSpan(ch.closedAt - ch.openedAt, lang);
  switch (ch.closeReason) {
    case 'done':
      return `${reminders} · ${tr(lang, `closed by ${ch.closedBy ?? 'someone'} at ${at} (after ${span})`, `${ch.closedBy ?? '他人'} 于 ${at} 结单（用时 ${span}）`)}`;
    case 'next_occurrence':
      return `${reminders} · ${tr(lang, 'closed by the next occurrence', '下一次触发时自动关闭')}`;
    case 'max':
      return `${reminders} · ${tr(lang, 'stopped after the last reminder', '已达最多催单次数')}`;
    case 'until':
      return `${reminders} · ${tr(lang, 'stopped at its end time', '已到催单截止时间')}`;
    default:
      return `${reminders} · ${tr(lang, `closed at ${at}`, `于 ${at} 关闭`)}`;
  }
}

/** /history N [k]: the last k occurrences: when, result, reminders sent and who closed them. */
export async function history(c: CommandContext): Promise<string> {
  const { id, rest } = needId(c, { en: '/history 12 5', zh: '/历史 12 5' });
  const k = /^\d+$/.test(rest) ? Math.min(MAX_ROWS, Math.max(1, Number(rest))) : DEFAULT_ROWS;
  const { task, runs, total } = await app.taskHistory(c.app, c.actor, id, k);
  const chases = await app.taskChases(c.app, c.actor, id, k + 10);
  const now = c.app.now();
  const byTime = new Map<number, { runs: Run[]; chase?: Chase }>();
  for (const r of runs) {
    const o = byTime.get(r.scheduledFor) ?? { runs: [] };
    o.runs.push(r);
    byTime.set(r.scheduledFor, o);
  }
  const oldestRun = runs.length ? Math.min(...runs.map((r) => r.scheduledFor)) : -Infinity;
  for (const ch of chases) {
    if (ch.scheduledFor < oldestRun && runs.length >= k) continue; // older than the runs shown
    const o = byTime.get(ch.scheduledFor) ?? { runs: [] };
    o.chase ??= ch;
    byTime.set(ch.scheduledFor, o);
  }
  if (byTime.size === 0) return tr(c.lang, `Task #${id} has not run yet.`, `任务 #${id} 还没有执行过。`);
  const rows = [...byTime.entries()]
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([at, o]) => {
      const parts = [o.runs.length ? runPart(o.runs, c.lang) : tr(c.lang, 'no run recorded', '无执行记录')];
      if (o.chase) parts.push(chasePart(o.chase, task, c.lang, now));
      return `• ${formatInstant(at, task.schedule.tz, c.lang, now)} — ${parts.join(' · ')}`;
    });
  const head = tr(c.lang, `History of #${id} (${rows.length} of ${total} runs, times in ${task.schedule.tz}):`, `任务 #${id} 的历史（共 ${total} 次执行，显示 ${rows.length} 条，时区 ${task.schedule.tz}）：`);
  return fitLines([head], rows, c.lang);
}
