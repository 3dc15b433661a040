import { ForbiddenError, UserError, type Chase, type Closers, type Task } from '../domain/index.ts';
import * as store from '../store/index.ts';
import { nameOf, type Actor, type AppContext } from './context.ts';
import { mayClose } from './taps.ts';
import { editTask, getTask } from './tasks.ts';

/** What closing an occurrence did. */
export interface DoneResult {
  task: Task;
  chase: Chase;
  /** ms the occurrence stayed open. */
  openForMs: number;
  closedBy: string;
}

/**
 * Closes the open occurrence of a task (`/done N`, 结单): no further reminders. Refuses when
 * there is nothing open, or when someone closed it first.
 */
export async function closeChase(ctx: AppContext, actor: Actor, taskId: number): Promise<DoneResult> {
  const task = await getTask(ctx, actor, taskId);
  // The same rule as the Done button: the task's `closers` decides who may close it.
  if (!mayClose(task, { userId: actor.id, admin: actor.admin, platform: actor.chat?.platform ?? '' })) {
    const who = task.closers === 'admins' ? { en: 'an admin', zh: '管理员' } : { en: `its owner ${task.owner?.name ?? ''}`.trim(), zh: `负责人 ${task.owner?.name ?? ''}`.trim() };
    throw new UserError('not_closer', { en: `Sorry, only ${who.en} can close task ${taskId}`, zh: `抱歉，只有${who.zh}可以结单任务 ${taskId}` });
  }
  const now = ctx.now();
  const by = nameOf(ctx, actor);
  // One transaction, read back after the close: a reminder the driver counted while we were
  // closing is in the count we report (the driver locks the same row).
  const outcome = await ctx.database.write(async (tx) => {
    const open = await store.findOpenChase(tx, taskId);
    if (!open) return { open: undefined, last: await store.findLastChase(tx, taskId) };
    if (!(await store.closeChase(tx, open.id, now, 'done', by))) return { open, raced: true as const };
    const closed = (await store.listChases(tx, taskId, 50)).find((c) => c.id === open.id);
    return { open, closed: closed ?? { ...open, closedAt: now, closedBy: by, closeReason: 'done' as const, nextChaseAt: null } };
  });
  if (!outcome.open) {
    const last = outcome.last;
    if (last?.closeReason === 'done') {
      throw new UserError('already_done', {
        en: `task ${taskId} has no open occurrence: the last one was closed by ${last.closedBy ?? 'someone'}`,
        zh: `任务 ${taskId} 没有待结单的事项：上一次已由 ${last.closedBy ?? '他人'} 结单`,
      });
    }
    throw new UserError('nothing_open', { en: `task ${taskId} has no open occurrence to close`, zh: `任务 ${taskId} 当前没有待结单的事项` });
  }
  if (!('closed' in outcome) || !outcome.closed) {
    throw new UserError('already_done', { en: `someone closed task ${taskId} just now`, zh: `任务 ${taskId} 刚刚已被他人结单` });
  }
  ctx.notify();
  return { task, chase: outcome.closed, openForMs: now - outcome.open.openedAt, closedBy: by };
}

/** A task's chases, newest first. */
export async function taskChases(ctx: AppContext, actor: Actor, taskId: number, limit = 20): Promise<Chase[]> {
  await getTask(ctx, actor, taskId);
  return store.listChases(ctx.database.db, taskId, limit);
}

/**
 * Refuses a chat member who is neither the task's owner nor an admin: who closes a task is a
 * permission, and `closers: owner` would guard nothing if anyone in the chat could lift it.
 */
export function checkMaySetClosers(task: Task, actor: Actor): void {
  if (actor.kind === 'operator' || mayClose({ ...task, closers: 'owner' }, { userId: actor.id, admin: actor.admin, platform: actor.chat?.platform ?? '' })) return;
  const owner = task.owner ? ` ${task.owner.name}` : '';
  throw new ForbiddenError({
    en: `only the owner${owner} or an admin may change who closes task ${task.id}`,
    zh: `只有负责人${owner ? `${owner} ` : ''}或管理员可以修改任务 ${task.id} 的结单人`,
  });
}

/** Sets who may close a task's occurrences (owner | admins | anyone), as its owner or an admin. */
export async function setClosers(ctx: AppContext, actor: Actor, taskId: number, closers: Closers): Promise<Task> {
  const task = await getTask(ctx, actor, taskId);
  checkMaySetClosers(task, actor);
  return editTask(ctx, actor, taskId, { closers }, task.version);
}
