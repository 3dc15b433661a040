import type { Task } from '../domain/index.ts';
import * as store from '../store/index.ts';
import type { Actor, AppContext } from './context.ts';

/**
 * The tasks with an open occurrence (a chase not yet closed) that the actor may see, by task
 * number: what a bare "done" in a chat can be about. A finished one-off still counts: its last
 * occurrence can be open.
 */
export async function openOccurrences(ctx: AppContext, actor: Actor): Promise<Task[]> {
  const ids = [...new Set((await store.listOpenChases(ctx.database.db)).map((c) => c.taskId))].sort((a, b) => a - b);
  const out: Task[] = [];
  for (const id of ids) {
    const t = await store.findTask(ctx.database.db, id);
    if (!t) continue;
    const mine = actor.kind === 'operator' || (!!actor.chat && t.chat?.platform === actor.chat.platform && t.chat.chatId === actor.chat.chatId);
    if (mine) out.push(t);
  }
  return out;
}
