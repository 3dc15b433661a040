// The read-only task use cases, apart from tasks.ts: they need the store and nothing of the
// parser or the input schemas, so `chatcron list` and `show` load only this (src/cli/task-read.ts).
import { NotFoundError, type Run, type Task } from '../domain/index.ts';
// The repositories themselves, not the store's index: the index leads to every repository.
import { countRuns, listRuns } from '../store/run-repository.ts';
import { findTask, listTasks as listTaskRows, type TaskFilter } from '../store/task-repository.ts';
import type { Actor, AppContext } from './context.ts';

/** A task the actor may see; another chat's task is "not found", exactly like a missing one. */
export async function getTask(ctx: AppContext, actor: Actor, id: number): Promise<Task> {
  const t = Number.isSafeInteger(id) && id > 0 ? await findTask(ctx.database.db, id) : undefined;
  if (!t || !visible(t, actor)) throw new NotFoundError('task', id);
  return t;
}

function visible(t: Task, actor: Actor): boolean {
  if (actor.kind === 'operator') return true;
  return !!actor.chat && t.chat?.platform === actor.chat.platform && t.chat.chatId === actor.chat.chatId;
}

/** Tasks the actor may see. */
export async function listTasks(ctx: AppContext, actor: Actor, f: TaskFilter = {}): Promise<Task[]> {
  const filter = actor.kind === 'chat' ? { ...f, chat: actor.chat } : f;
  if (actor.kind === 'chat' && !actor.chat) return [];
  return listTaskRows(ctx.database.db, filter);
}

/** A task's runs, newest first. */
export async function taskHistory(ctx: AppContext, actor: Actor, id: number, limit = 20, offset = 0): Promise<{ task: Task; runs: Run[]; total: number }> {
  const task = await getTask(ctx, actor, id);
  const [runs, total] = await Promise.all([listRuns(ctx.database.db, id, limit, offset), countRuns(ctx.database.db, id)]);
  return { task, runs, total };
}
