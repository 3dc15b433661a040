import type { AdapterLimits } from '../chat/index.ts';
import type { Chase, Task } from '../domain/index.ts';
import { wallTime } from '../schedule/index.ts';
import * as store from '../store/index.ts';
import { enqueueChat } from './enqueue.ts';
import { taskLang, type NoticeFormat } from './notices.ts';

/** True when the chase's stop time of day (HH:MM in the task's zone) has passed since it opened. */
function pastUntil(task: Task, chase: Chase, now: number): boolean {
  const until = task.chase?.until;
  if (!until) return false;
  const [h, m] = until.split(':').map(Number);
  const opened = wallTime(chase.openedAt, task.schedule.tz);
  const cur = wallTime(now, task.schedule.tz);
  const sameDay = opened.year === cur.year && opened.month === cur.month && opened.day === cur.day;
  if (!sameDay) return true;
  return cur.hour * 60 + cur.minute >= h * 60 + m;
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
      const due = await store.lockDueChases(tx, now, 200, db.dialect === 'mysql');
      const tasks = await store.findTasks(tx, [...new Set(due.map((c) => c.taskId))]);
      for (const chase of due) {
        const task = tasks.get(chase.taskId);
        if (!task || !task.chase) {
          await store.closeChase(tx, chase.id, now, 'done', null);
          continue;
        }
        if (task.status === 'paused') {
          await store.advanceChase(tx, chase.id, chase.count, now + task.chase.everyMs);
          continue;
        }
        if (pastUntil(task, chase, now)) {
          await store.closeChase(tx, chase.id, now, 'until', null);
          continue;
        }
        const count = chase.count + 1;
        if (task.chat && this.hasFarSide(task.chat.platform)) {
          const lang = await taskLang(tx, task);
          await enqueueChat(tx, task.chat, this.format.chaseReminder(task, count, lang), `chase:${chase.id}:${count}`, now, this.limitsOf(task.chat.platform));
        }
        const last = task.chase.maxCount != null && count >= task.chase.maxCount;
        await store.advanceChase(tx, chase.id, count, last ? null : now + task.chase.everyMs);
        if (last) await store.closeChase(tx, chase.id, now, 'max', null);
      }
    });
  }
}
