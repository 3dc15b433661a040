import type { Chase, ChaseCloseReason, Run, Task, TaskMode, TaskStatus } from '../domain/index.ts';
import type { Executor } from './database.ts';
import { findTasks } from './task-repository.ts';

/** The web console's task filters: every one optional, all of them combined with AND. */
export interface ConsoleTaskFilter {
  chat?: { platform: string; chatId: string };
  platform?: string;
  status?: TaskStatus;
  mode?: TaskMode;
  /** Owner's platform user id or display name, exactly. */
  owner?: string;
  /** Substring of the name or the content. */
  text?: string;
  limit: number;
  offset: number;
}

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/** One page of tasks that match, oldest first (as /list shows them), and how many match in all. */
export async function findConsoleTasks(db: Executor, f: ConsoleTaskFilter): Promise<{ tasks: Task[]; total: number }> {
  let q = db.selectFrom('tasks');
  if (f.chat) q = q.where('chatPlatform', '=', f.chat.platform).where('chatId', '=', f.chat.chatId);
  if (f.platform) q = f.platform === 'api' ? q.where('chatPlatform', 'is', null) : q.where('chatPlatform', '=', f.platform);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.mode) q = q.where('mode', '=', f.mode);
  if (f.owner) {
    const owner = f.owner;
    q = q.where((eb) => eb.or([eb('ownerId', '=', owner), eb('ownerName', '=', owner)]));
  }
  if (f.text) {
    const like = likeOf(f.text);
    q = q.where((eb) => eb.or([eb('name', 'like', like), eb('content', 'like', like)]));
  }
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select('id').orderBy('id').limit(f.limit).offset(f.offset).execute(),
  ]);
  const byId = await findTasks(db, rows.map((r) => r.id));
  return { tasks: rows.map((r) => byId.get(r.id)).filter((t): t is Task => t !== undefined), total: Number(count?.n ?? 0) };
}

/** What the console's filters can offer: the chats and owners that have tasks. */
export async function taskFacets(db: Executor): Promise<{ chats: { platform: string; chatId: string; tasks: number }[]; owners: { id: string; name: string }[] }> {
  const [chats, owners] = await Promise.all([
    db
      .selectFrom('tasks')
      .select(['chatPlatform', 'chatId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('chatPlatform', 'is not', null)
      .groupBy(['chatPlatform', 'chatId'])
      .orderBy('chatPlatform')
      .orderBy('chatId')
      .limit(500)
      .execute(),
    db.selectFrom('tasks').select(['ownerId', 'ownerName']).distinct().where('ownerId', 'is not', null).orderBy('ownerName').limit(500).execute(),
  ]);
  return {
    chats: chats.map((c) => ({ platform: c.chatPlatform!, chatId: c.chatId!, tasks: Number(c.n) })),
    owners: owners.map((o) => ({ id: o.ownerId!, name: o.ownerName ?? o.ownerId! })),
  };
}

/** Runs of a task by trigger: what the console and /show count. */
export async function countRunsByTrigger(db: Executor, taskId: number): Promise<Record<Run['trigger'], number>> {
  const rows = await db.selectFrom('runs').select(['trigger', (eb) => eb.fn.countAll<number>().as('n')]).where('taskId', '=', taskId).groupBy('trigger').execute();
  const out: Record<Run['trigger'], number> = { schedule: 0, manual: 0, retry: 0, chain: 0 };
  for (const r of rows) out[r.trigger as Run['trigger']] = Number(r.n);
  return out;
}

/** One page of a task's chases, newest first, and how many it has. */
export async function pageChases(db: Executor, taskId: number, limit: number, offset: number): Promise<{ chases: Chase[]; total: number }> {
  const n = (v: number | null) => (v == null ? null : Number(v));
  const [count, rows] = await Promise.all([
    db.selectFrom('chases').select((eb) => eb.fn.countAll<number>().as('n')).where('taskId', '=', taskId).executeTakeFirst(),
    db.selectFrom('chases').selectAll().where('taskId', '=', taskId).orderBy('id', 'desc').limit(limit).offset(offset).execute(),
  ]);
  const chases = rows.map((r) => ({
    id: r.id,
    taskId: r.taskId,
    runId: r.runId,
    scheduledFor: Number(r.scheduledFor),
    openedAt: Number(r.openedAt),
    nextChaseAt: n(r.nextChaseAt),
    count: r.count,
    closedAt: n(r.closedAt),
    closedBy: r.closedBy,
    closeReason: r.closeReason as ChaseCloseReason | null,
  }));
  return { chases, total: Number(count?.n ?? 0) };
}

/** One line of a chat as the outbox holds it. */
export interface ChatLine {
  id: number;
  /** The Outgoing JSON (or, for the web chat, what the person wrote). */
  body: string;
  dedupeKey: string;
  createdAt: number; // ms
}

/** Messages to one chat after a given outbox id, oldest first: the web chat's transcript. */
export async function chatLinesAfter(db: Executor, platform: string, chatId: string, afterId: number, limit: number): Promise<ChatLine[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'body', 'dedupeKey', 'createdAt'])
    .where('targetKind', '=', 'chat')
    .where('platform', '=', platform)
    .where('target', '=', chatId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, dedupeKey: r.dedupeKey, createdAt: Number(r.createdAt) }));
}

/** The newest outbox id of one chat (0: none): where a transcript that shows only the latest lines starts. */
export async function lastChatLineId(db: Executor, platform: string, chatId: string, skip: number): Promise<number> {
  const r = await db
    .selectFrom('outbox')
    .select('id')
    .where('targetKind', '=', 'chat')
    .where('platform', '=', platform)
    .where('target', '=', chatId)
    .orderBy('id', 'desc')
    .limit(1)
    .offset(skip)
    .executeTakeFirst();
  return r?.id ?? 0;
}

/** One line of a chat by its outbox id. */
export async function chatLineById(db: Executor, platform: string, chatId: string, id: number): Promise<ChatLine | undefined> {
  const r = await db.selectFrom('outbox').select(['id', 'body', 'dedupeKey', 'createdAt']).where('id', '=', id).where('platform', '=', platform).where('target', '=', chatId).executeTakeFirst();
  return r ? { id: r.id, body: r.body, dedupeKey: r.dedupeKey, createdAt: Number(r.createdAt) } : undefined;
}

/** The newest reminder or run result posted to a chat: what a plain "done" there answers. */
export async function lastNoticeLine(db: Executor, platform: string, chatId: string): Promise<ChatLine | undefined> {
  const r = await db
    .selectFrom('outbox')
    .select(['id', 'body', 'dedupeKey', 'createdAt'])
    .where('targetKind', '=', 'chat')
    .where('platform', '=', platform)
    .where('target', '=', chatId)
    .where((eb) => eb.or([eb('dedupeKey', 'like', 'chase:%'), eb('dedupeKey', 'like', 'run:%')]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { id: r.id, body: r.body, dedupeKey: r.dedupeKey, createdAt: Number(r.createdAt) } : undefined;
}

/** Rewrites one web chat line's body (a tapped message: its status line, no buttons); false when it is not there. */
export async function updateChatLine(db: Executor, platform: string, chatId: string, id: number, body: string): Promise<boolean> {
  const r = await db.updateTable('outbox').set({ body }).where('id', '=', id).where('platform', '=', platform).where('target', '=', chatId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Records a line of the web chat as already delivered: that chat's far side is its transcript,
 * so what the person typed and the bot's direct answers need no relay (nor its per-chat pacing).
 */
export async function recordChatLine(db: Executor, m: { platform: string; chatId: string; body: string; dedupeKey: string; now: number }): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ targetKind: 'chat', platform: m.platform, target: m.chatId, body: m.body, dedupeKey: m.dedupeKey.slice(0, 191), status: 'sent', attempts: 0, nextAttemptAt: null, claimedUntil: null, claimedBy: null, lastError: null, createdAt: m.now, sentAt: m.now, platformMessageId: null })
    .execute();
}

/** Tasks whose `then` or `on failure` names this one: what starts it besides its own schedule. */
export async function tasksChainingTo(db: Executor, taskId: number): Promise<{ id: number; name: string; on: 'then' | 'onFailure' }[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'name', 'thenTaskId', 'onFailureTaskId'])
    .where((eb) => eb.or([eb('thenTaskId', '=', taskId), eb('onFailureTaskId', '=', taskId)]))
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.flatMap((r) => [
    ...(r.thenTaskId === taskId ? [{ id: r.id, name: r.name, on: 'then' as const }] : []),
    ...(r.onFailureTaskId === taskId ? [{ id: r.id, name: r.name, on: 'onFailure' as const }] : []),
  ]);
}

/** The task of each given run id (runs that no longer exist are left out). */
export async function taskIdsOfRuns(db: Executor, runIds: number[]): Promise<Map<number, number>> {
  if (runIds.length === 0) return new Map();
  const rows = await db.selectFrom('runs').select(['id', 'taskId']).where('id', 'in', [...new Set(runIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.taskId]));
}

/** One finished run as the task page's chart draws it. */
export interface FinishedRunPoint {
  id: number;
  /** ms: when it started (when it was due, for runs that never started). */
  at: number;
  status: Run['status'];
  durationMs: number | null;
}

/** A task's latest `limit` finished runs, oldest first. */
export async function recentFinishedRuns(db: Executor, taskId: number, limit: number): Promise<FinishedRunPoint[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['id', 'status', 'scheduledFor', 'startedAt', 'finishedAt'])
    .where('taskId', '=', taskId)
    .where('status', 'in', ['succeeded', 'failed', 'timed_out', 'skipped', 'interrupted', 'stopped'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({
    id: r.id,
    at: Number(r.startedAt ?? r.scheduledFor),
    status: r.status as Run['status'],
    durationMs: r.startedAt != null && r.finishedAt != null ? Number(r.finishedAt) - Number(r.startedAt) : null,
  }));
}
