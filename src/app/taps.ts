import { randomBytes } from 'node:crypto';
import type { Chase, Task } from '../domain/index.ts';
import { fromWallTime, nextInWindow, wallTime } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import type { AppContext } from './context.ts';

/** What a button does: d = Done, s15 / s60 = snooze 15 min / 1 h, stm = tomorrow 09:00, sp = one chase period, k = skip the next occurrence. */
export type TapChoice = 'd' | 's15' | 's60' | 'stm' | 'sp' | 'k';

/** Every choice a token may carry. */
export const TAP_CHOICES: readonly TapChoice[] = ['d', 's15', 's60', 'stm', 'sp', 'k'];

/** One tap on a button, as an adapter reports it after checking the platform's signature. */
export interface Tap {
  platform: string;
  chatId: string;
  userId: string;
  userName: string;
  token: string;
  choice: string;
  admin: boolean;
}

/** What a tap did, for the chat layer to word. */
export type TapResult =
  | { kind: 'done' | 'snoozed' | 'skipped'; task: Task; at: number; by: string; until?: number; skipped?: number }
  | { kind: 'already'; task: Task; at: number | null; by: string | null; choice: string }
  | { kind: 'gone' }
  | { kind: 'forged' }
  | { kind: 'not_allowed'; task: Task }
  | { kind: 'too_late'; task: Task };

/** Where a message's buttons act. */
export interface ButtonTarget {
  task: Task;
  chat: { platform: string; chatId: string };
  chaseId: number | null;
  runId: number | null;
  choices: TapChoice[];
}

/** Stores a fresh token for one message's buttons (in the caller's transaction) and returns it. */
export async function issueActionToken(tx: store.Executor, t: ButtonTarget, now: number): Promise<string> {
  // 16 random bytes, base64url: 22 characters, unguessable, and "cc1:<token>:<choice>" stays far below Telegram's 64 bytes.
  const token = randomBytes(16).toString('base64url');
  await store.insertActionToken(tx, { token, platform: t.chat.platform, chatId: t.chat.chatId, taskId: t.task.id, chaseId: t.chaseId, runId: t.runId, choices: t.choices, createdAt: now });
  return token;
}

/** Who the platform names: "Alice (telegram)", as history shows it; the console's operator is just "console", as a typed /done names them. */
export function tapperName(tap: Pick<Tap, 'userName' | 'platform'>): string {
  if (tap.platform === 'web') return tap.userName;
  return `${tap.userName} (${tap.platform})`;
}

/** May this person close occurrences of this task (closers: owner | admins | anyone)? */
export function mayClose(task: Task, who: { userId: string; admin: boolean; platform: string }): boolean {
  const closers = task.closers ?? 'anyone';
  if (closers === 'anyone' || who.admin) return true;
  if (closers === 'admins') return false;
  return task.owner != null && task.owner.id === who.userId && task.chat?.platform === who.platform;
}

/** The instant a snooze choice moves the next reminder to. */
export function snoozeUntil(choice: TapChoice, task: Task, now: number): number {
  if (choice === 's15') return now + 15 * 60_000;
  if (choice === 's60') return now + 3_600_000;
  if (choice === 'sp') return now + (task.chase?.everyMs ?? 3_600_000);
  // tomorrow 09:00 in the task's zone (noon + 24 h lands on the next date across DST)
  const tz = task.schedule.tz;
  const w = wallTime(now, tz);
  const next = wallTime(fromWallTime(tz, w.year, w.month, w.day, 12) + 86_400_000, tz);
  return fromWallTime(tz, next.year, next.month, next.day, 9, 0);
}

function alreadyFromChase(task: Task, chase: Chase | undefined): TapResult {
  return { kind: 'already', task, at: chase?.closedAt ?? null, by: chase?.closedBy ?? null, choice: 'd' };
}

/**
 * Applies one tap, once. The token is read with a lock on server databases and used by a
 * conditional UPDATE inside the same transaction as its effect, so the same tap delivered to
 * two replicas (or twice to one) acts once; the loser reads what the winner did. Nothing
 * changes for a forged token, a token of another chat, a closed occurrence, a deleted task or
 * someone the task's `closers` leaves out.
 */
export async function applyTap(ctx: AppContext, tap: Tap): Promise<TapResult> {
  const now = ctx.now();
  const db = ctx.database;
  const result = await db.write(async (tx): Promise<TapResult> => {
    const row = await store.lockActionToken(tx, tap.token, db.dialect !== 'sqlite');
    // A token of another chat is as unknown as a made-up one: it says nothing about that chat.
    if (!row || row.platform !== tap.platform || row.chatId !== tap.chatId || !row.choices.includes(tap.choice)) return { kind: 'forged' };
    const task = await store.findTask(tx, row.taskId);
    if (!task) return { kind: 'gone' };
    if (row.used) return { kind: 'already', task, at: row.used.at, by: row.used.byName, choice: row.used.choice };
    const choice = tap.choice as TapChoice;
    const chase = row.chaseId == null ? undefined : (await store.listOpenChases(tx, task.id)).find((c) => c.id === row.chaseId);
    if (choice !== 'k' && !chase) return alreadyFromChase(task, (await store.listChases(tx, task.id, 50)).find((c) => c.id === row.chaseId));
    if (!mayClose(task, { userId: tap.userId, admin: tap.admin, platform: tap.platform })) return { kind: 'not_allowed', task };
    const by = tapperName(tap);
    const until = choice.startsWith('s') ? snoozeUntil(choice, task, now) : null;
    if (!(await store.useActionToken(tx, tap.token, { at: now, byId: tap.userId, byName: by, choice, until }))) {
      const again = await store.lockActionToken(tx, tap.token, false);
      return { kind: 'already', task, at: again?.used?.at ?? null, by: again?.used?.byName ?? null, choice: again?.used?.choice ?? choice };
    }
    if (choice === 'd') {
      if (!(await store.closeChase(tx, chase!.id, now, 'done', by))) throw new TapLost(task);
      return { kind: 'done', task, at: now, by };
    }
    if (until != null) {
      // Only the next reminder of this occurrence moves: the count and the schedule stay.
      await store.advanceChase(tx, chase!.id, chase!.count, until);
      return { kind: 'snoozed', task, at: now, by, until };
    }
    // Skip next: the slot the task waits for is recorded as skipped (by whom) and passed over.
    const slot = task.nextRunAt;
    if (slot == null || task.status !== 'active') throw new TapTooLate(task);
    const after = nextInWindow(task.schedule, task.window, slot);
    if (!(await store.skipNextSlot(tx, task.id, slot, after, now))) throw new TapTooLate(task);
    await store.insertRun(tx, { taskId: task.id, scheduledFor: slot, trigger: 'schedule', attempt: 1, status: 'skipped', dueAt: null, startedAt: null, finishedAt: now, instance: null, message: `skipped by ${by}` });
    return { kind: 'skipped', task, at: now, by, skipped: slot };
  }).catch((err: unknown) => {
    // The transaction rolled back: the token stays unused and nothing changed.
    if (err instanceof TapTooLate) return { kind: 'too_late' as const, task: err.task };
    if (err instanceof TapLost) return { kind: 'already' as const, task: err.task, at: null, by: null, choice: 'd' };
    throw err;
  });
  if (result.kind === 'done' || result.kind === 'snoozed' || result.kind === 'skipped') ctx.notify();
  return result;
}

class TapTooLate extends Error {
  constructor(readonly task: Task) {
    super('the occurrence fired meanwhile');
  }
}

// The chase was open when read and closed (by a typed /done, the next occurrence) before this
// transaction could close it: the tap is rolled back and answers "already closed".
class TapLost extends Error {
  constructor(readonly task: Task) {
    super('the occurrence was closed meanwhile');
  }
}
