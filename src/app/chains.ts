import { UserError, type ChatRef, type Task } from '../domain/index.ts';
import type { EngineHooks } from '../engine/index.ts';
import * as store from '../store/index.ts';
import type { Actor, AppContext } from './context.ts';

const sameChat = (a: ChatRef | null, b: ChatRef | null) => (a == null && b == null) || (!!a && !!b && a.platform === b.platform && a.chatId === b.chatId);

/**
 * Refuses chain targets that do not exist, belong to another chat, or lead back to the task
 * itself (a loop would run forever). `selfId` is null for a task being created.
 */
export async function checkChains(ctx: AppContext, actor: Actor, selfId: number | null, chat: ChatRef | null, then: number | null, onFailure: number | null): Promise<void> {
  const db = ctx.database.db;
  for (const [field, target] of [['then', then], ['onFailure', onFailure]] as const) {
    if (target == null) continue;
    const t = await store.findTask(db, target);
    const visible = t && (actor.kind === 'operator' || (actor.chat && sameChat(t.chat, actor.chat)));
    if (!t || !visible) throw new UserError('no_chain_target', { en: `${field}: there is no task #${target}`, zh: `${field}：没有任务 #${target}` }, field);
    if (!sameChat(t.chat, chat)) throw new UserError('chain_other_chat', { en: `${field}: task #${target} belongs to another chat; chains stay within one chat`, zh: `${field}：任务 #${target} 属于其他群聊；任务链只能在同一群聊内` }, field);
    if (selfId == null) continue;
    // Walk everything the target can start; reaching this task again would be a loop.
    const seen = new Set<number>();
    const path: number[] = [selfId, target];
    const stack: { id: number; path: number[] }[] = [{ id: target, path }];
    while (stack.length) {
      const { id, path: p } = stack.pop()!;
      if (id === selfId) {
        throw new UserError('chain_loop', { en: `${field}: that would make a loop (${p.map((n) => `#${n}`).join(' → ')})`, zh: `${field}：这会形成循环（${p.map((n) => `#${n}`).join(' → ')}）` }, field);
      }
      if (seen.has(id)) continue;
      seen.add(id);
      const next = await store.findTask(db, id);
      for (const n of [next?.thenTaskId, next?.onFailureTaskId]) if (n != null) stack.push({ id: n, path: [...p, n] });
    }
  }
}

/**
 * Engine hooks that start chained tasks: when a run succeeds, its task's `then` gets a run; when
 * it fails for good (no retry left), its `onFailure` does. The new run records its parent, in the
 * same transaction as the result, so a chain step happens once.
 */
export function withChains(inner: EngineHooks): EngineHooks {
  return {
    ...inner,
    async onFinished(tx, task, run, outcome, now) {
      await inner.onFinished?.(tx, task, run, outcome, now);
      const failedForGood = ['failed', 'timed_out', 'interrupted'].includes(run.status) && run.attempt > task.policies.retries;
      const next = run.status === 'succeeded' ? task.thenTaskId : failedForGood ? task.onFailureTaskId : null;
      if (next == null) return;
      const target: Task | undefined = await store.findTask(tx, next);
      if (!target || target.status === 'paused' || !sameChat(target.chat, task.chat)) return;
      for (let at = now; at < now + 5; at++) {
        const made = await store.insertRun(tx, { taskId: target.id, scheduledFor: at, trigger: 'chain', attempt: 1, status: 'queued', dueAt: now, startedAt: null, instance: null, parentRunId: run.id });
        if (made) return;
      }
    },
  };
}
