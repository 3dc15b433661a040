import { hasPlaceholders } from '../app/index.ts';
import type { AdapterLimits } from '../chat/index.ts';
import type { Chase, Run, Task } from '../domain/index.ts';
import { fromWallTime, wallTime } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import { enqueueChat } from './enqueue.ts';
import { taskLang, withButtons, type NoticeFormat } from './notices.ts';

/**
 * The instant a chase stops by its time of day: the first HH:MM (in the task's zone) at or
 * after the chase opened, so that "until 00:30" on a chase opened at 23:50 means the next night.
 */
export function chaseDeadline(until: string, openedAt: number, tz: string): number {
  const [h, m] = until.split(':').map(Number);
  const o = wallTime(openedAt, tz);
  const today = fromWallTime(tz, o.year, o.month, o.day, h, m);
  if (today >= openedAt) return today;
  // the next calendar day in the zone (noon + 24 h never skips or repeats a date across DST)
  const next = wallTime(fromWallTime(tz, o.year, o.month, o.day, 12) + 86_400_000, tz);
  return fromWallTime(tz, next.year, next.month, next.day, h, m);
}

/**
 * Sends chase (催单) reminders when they are due: each through the outbox, in the same
 * transaction that counts it, so a restart neither loses nor doubles one. Stops at the
 * maximum count or the time of day; a paused task's chase waits without reminding.
 */
export class ChaseDriver {
  readonly name = 'chases';
  constructor(
    private readonly database: store.Database,
    private readonly format: NoticeFormat,
    private readonly limitsOf: (platform: string) => AdapterLimits | undefined,
    private readonly hasFarSide: (platform: string) => boolean = () => true,
  ) {}

  nextDue(): Promise<number | null> {
    return store.earliestChase(this.database.db);
  }

  async runDue(now: number): Promise<void> {
    const db = this.database;
    await db.write(async (tx) => {
      const due = await store.lockDueChases(tx, now, 200, store.locksRows(db.dialect));
      const tasks = await store.findTasks(tx, [...new Set(due.map((c) => c.taskId))]);
      for (const chase of due) {
        const task = tasks.get(chase.taskId);
        if (!task || !task.chase) {
          await store.closeChase(tx, chase.id, now, 'done', null);
          continue;
        }
        const deadline = task.chase.until ? chaseDeadline(task.chase.until, chase.openedAt, task.schedule.tz) : Infinity;
        // The stop time passes for a paused task too.
        if (now >= deadline) {
          await store.closeChase(tx, chase.id, now, 'until', null);
          continue;
        }
        // Wake at the stop time rather than one interval past it, so the chase closes on time.
        const next = Math.min(now + task.chase.everyMs, deadline);
        if (task.status === 'paused') {
          await store.advanceChase(tx, chase.id, chase.count, next);
          continue;
        }
        const count = chase.count + 1;
        if (task.chat && this.hasFarSide(task.chat.platform)) {
          const lang = await taskLang(tx, task);
          const limits = this.limitsOf(task.chat.platform);
          const out = await withButtons(tx, this.format, limits, this.format.chaseReminder(task, count, lang, await occurrenceOf(tx, task, chase)), { task, chat: task.chat, kind: 'chase', chaseId: chase.id, runId: chase.runId }, lang, now);
          await enqueueChat(tx, task.chat, out, `chase:${chase.id}:${count}`, now, limits);
        }
        const last = task.chase.maxCount != null && count >= task.chase.maxCount;
        await store.advanceChase(tx, chase.id, count, last ? null : next);
        if (last) await store.closeChase(tx, chase.id, now, 'max', null);
      }
    });
  }
}

/**
 * The occurrence a reminder chases, read only when the task's content has placeholders: its
 * slot, its number (the task's count less the occurrences fired since) and its run.
 */
async function occurrenceOf(tx: store.Executor, task: Task, chase: Chase): Promise<{ at: number; number: number; run?: Run } | undefined> {
  if (!hasPlaceholders(task.content)) return undefined;
  const run = chase.runId == null ? undefined : await store.findRun(tx, chase.runId);
  const number = Math.max(1, task.runCount - (await store.occurrencesFiredAfter(tx, task.id, chase.scheduledFor)));
  return { at: chase.scheduledFor, number, ...(run ? { run } : {}) };
}
