import { UserError } from '../domain/index.ts';
import * as store from '../store/index.ts';
import type { Actor, AppContext } from './context.ts';

/** Limits the use cases and the chat router enforce; each has a default when not configured. */
export interface AppLimits {
  /** Active or paused tasks one chat may hold. */
  tasksPerChat: number;
  /** Commands one person may send in any 60 s. */
  commandsPerUserPerMinute: number;
  /** Commands one chat may send in any 60 s. */
  commandsPerChatPerMinute: number;
  /** Longest chat message read, in characters. */
  maxMessageChars: number;
}

/** The defaults, the same as the configuration's. */
export const DEFAULT_LIMITS: AppLimits = { tasksPerChat: 100, commandsPerUserPerMinute: 20, commandsPerChatPerMinute: 60, maxMessageChars: 4000 };

/** The limits in force for this context. */
export function limitsOf(ctx: Pick<AppContext, 'limits'>): AppLimits {
  return { ...DEFAULT_LIMITS, ...ctx.limits };
}

/**
 * Refuses a new task from chat once the chat holds its maximum of active and paused tasks
 * (finished ones do not count: they fire no more and /delete clears them). Operators are not limited.
 */
export async function checkTaskLimit(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.kind !== 'chat' || !actor.chat) return;
  const max = limitsOf(ctx).tasksPerChat;
  let held = 0;
  for (const status of ['active', 'paused'] as const) {
    held += (await store.listTasks(ctx.database.db, { chat: actor.chat, status, limit: max })).length;
  }
  if (held >= max) {
    throw new UserError('too_many_tasks', {
      en: `this chat already has ${max} tasks, the most it may hold; delete one (/delete N) before adding another`,
      zh: `本群已有 ${max} 个任务，已达上限；请先删除一个（/删除 N）再添加`,
    });
  }
}

/**
 * Takes one hit on every key's per-minute window, or on none; the windows live in the
 * database so that a limit holds for all replicas together. `waits[i]` is 0 when rule i had room.
 */
export async function takeRateSlots(ctx: Pick<AppContext, 'database' | 'now'>, rules: { key: string; perMinute: number }[]): Promise<{ taken: boolean; waits: number[] }> {
  const db = ctx.database;
  const now = ctx.now();
  return db.write((tx) => store.takeRateSlots(tx, rules, now, store.locksRows(db.dialect)));
}

/** Forgets the windows of keys quiet for `quietMs`. */
export async function sweepRateWindows(ctx: Pick<AppContext, 'database' | 'now'>, quietMs: number): Promise<void> {
  await store.sweepRateWindows(ctx.database.db, ctx.now() - quietMs);
}
