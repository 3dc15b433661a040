import type { Lang } from '../../domain/index.ts';
import * as app from '../../app/index.ts';
import { fitLines, formatInstant, label, statusWord, tr } from '../format.ts';
import { actionLine, chaseLine, headline, listLine, upcoming } from '../task-text.ts';
import { closersText } from './closers.ts';
import { needId, type CommandContext } from './context.ts';

/** /list: this chat's tasks, one line each. */
export async function list(c: CommandContext): Promise<string> {
  const tasks = await app.listTasks(c.app, c.actor);
  if (tasks.length === 0) {
    return tr(c.lang, 'No tasks in this chat yet. Create one with /add every weekday 9:30 standup notes', '本群还没有任务。用 /添加 每个工作日9:30 提交站会纪要 创建一个');
  }
  const now = c.app.now();
  const head = tr(c.lang, `Tasks in this chat (${tasks.length}):`, `本群的任务（${tasks.length} 个）：`);
  return fitLines([head], tasks.map((t) => listLine(t, now, c.lang)), c.lang);
}

/**
 * What "runs so far" counts: every run in the task's history (the same number the console and
 * /history show), with the runs started by hand named apart, since they do not count toward a
 * maximum number of runs.
 */
function runsLine(n: { all: number; manual: number; retries: number; chained: number }, L: 'en' | 'zh'): string {
  const parts = [
    n.manual ? tr(L, `${n.manual} run now`, `${n.manual} 次手动执行`) : null,
    n.retries ? tr(L, `${n.retries} retried`, `${n.retries} 次重试`) : null,
    n.chained ? tr(L, `${n.chained} started by a chain`, `${n.chained} 次由链式任务触发`) : null,
  ].filter(Boolean);
  return `${label(L, 'Runs so far', '已执行次数')}${n.all}${parts.length ? tr(L, ` (${parts.join(', ')})`, `（${parts.join('，')}）`) : ''}`;
}

/** "Created by: console" for a task the operator (console, API, CLI) made; a chat member's own task needs no such line. */
function createdByLine(t: { chat: { platform: string } | null; createdBy: string }, L: Lang): string | null {
  if (t.chat && t.createdBy.startsWith(`${t.chat.platform}:`)) return null;
  return `${label(L, 'Created by', '创建者')}${t.createdBy}`;
}

/** /show N: one task in detail. */
export async function show(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/show 12', zh: '/详情 12' });
  const t = await app.getTask(c.app, c.actor, id);
  const now = c.app.now();
  const L = c.lang;
  const next = upcoming(t, now, 1)[0];
  const lines = [
    tr(L, `Task #${t.id}: ${headline(t, L, 1000)}`, `任务 #${t.id}：${headline(t, L, 1000)}`),
    `${label(L, 'Status', '状态')}${statusWord(t.status, L)}`,
    `${label(L, 'Written as', '原文')}${t.schedule.text}`,
    actionLine(t, L),
    t.owner ? `${label(L, 'Owner', '负责人')}${t.owner.name}` : null,
    chaseLine(t, L),
    t.closers && t.closers !== 'anyone' ? `${label(L, 'Who may close', '结单人')}${closersText(t, L)}` : null,
    `${label(L, 'Next run', '下次执行')}${next != null && t.status !== 'finished' ? `${formatInstant(next, t.schedule.tz, L, now)}${t.status === 'paused' ? tr(L, ' (paused)', '（已暂停）') : ''}` : tr(L, 'none', '无')}`,
    runsLine(await app.runCounts(c.app, c.actor, t.id), L),
    `${label(L, 'Created', '创建于')}${formatInstant(t.createdAt, t.schedule.tz, L, now)}${tr(L, ` (${t.schedule.tz})`, `（${t.schedule.tz}）`)}`,
    createdByLine(t, L),
  ];
  return lines.filter((l): l is string => l != null).join('\n');
}

/** /next N: the next five fire times. */
export async function next(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/next 12', zh: '/下次 12' });
  const t = await app.getTask(c.app, c.actor, id);
  const now = c.app.now();
  const times = upcoming(t, now, 5);
  if (times.length === 0) return tr(c.lang, `Task #${id} has no further runs.`, `任务 #${id} 没有后续的执行时间。`);
  const paused = t.status === 'paused' ? tr(c.lang, ' — paused: these apply once resumed', '——已暂停，恢复后生效') : '';
  const head = tr(c.lang, `Next runs of #${id} (${t.schedule.tz})${paused}:`, `任务 #${id} 的下次执行时间（${t.schedule.tz}）${paused}：`);
  return [head, ...times.map((ms, i) => `${i + 1}. ${formatInstant(ms, t.schedule.tz, c.lang, now)}`)].join('\n');
}
