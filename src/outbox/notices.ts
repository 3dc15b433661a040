import type { AdapterLimits, Outgoing } from '../chat/index.ts';
import type { Lang, Run, Task } from '../domain/index.ts';
import type { EngineHooks, FinishedRun } from '../engine/index.ts';
import * as store from '../store/index.ts';
import { usesPlaceholder } from '../app/index.ts';
import { enqueueChat, enqueueWebhook } from './enqueue.ts';

/** How notices read; the chat layer provides these (injected by the composition root). */
export interface NoticeFormat {
  runResult(task: Task, run: FinishedRun, lang: Lang): Outgoing;
  /** A reminder; with its occurrence (the slot, its number, its run), the task's placeholders are filled from it. */
  chaseReminder(task: Task, count: number, lang: Lang, occurrence?: { at: number; number: number; run?: Run }): Outgoing;
  /** Issues the buttons of one notice in the notice's transaction (platforms with buttons only). */
  buttons?(tx: store.Executor, target: { task: Task; chat: { platform: string; chatId: string }; kind: 'chase' | 'result'; chaseId: number | null; runId: number | null }, lang: Lang, now: number): Promise<Outgoing['buttons']>;
}

/** The notice with its buttons when the platform draws them. */
export async function withButtons(
  tx: store.Executor,
  format: NoticeFormat,
  limits: AdapterLimits | undefined,
  out: Outgoing,
  target: Parameters<NonNullable<NoticeFormat['buttons']>>[1],
  lang: Lang,
  now: number,
): Promise<Outgoing> {
  if (!format.buttons || !limits?.buttons) return out;
  const buttons = await format.buttons(tx, target, lang, now);
  return buttons ? { ...out, buttons } : out;
}

/** The language a task's notices are written in: the chat's, else the task's own words. */
export async function taskLang(db: store.Executor, task: Task): Promise<Lang> {
  if (task.chat) {
    const c = await store.getChat(db, task.chat.platform, task.chat.chatId);
    if (c.lang) return c.lang;
  }
  return /[\u3400-\u9fff]/.test(task.schedule.text + task.content) ? 'zh' : 'en';
}

const ROBOT_URL = /\/cgi-bin\/webhook\/send\?(?:.*&)?key=/;

/** The JSON a notify URL receives after each run. */
export function notifyPayload(task: Task, run: FinishedRun) {
  return {
    taskId: task.id,
    name: task.name,
    scheduledFor: new Date(run.scheduledFor).toISOString(),
    startedAt: run.startedAt == null ? null : new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt == null ? null : new Date(run.finishedAt).toISOString(),
    status: run.status,
    exitCode: run.exitCode,
    trigger: run.trigger,
    attempt: run.attempt,
    outputTail: run.output ? run.output.slice(-2000) : null,
    message: run.message,
  };
}

/**
 * The engine hooks that turn runs into notices, inside the run's own transactions: the result
 * goes to the task's chat and to each notify URL, and a firing occurrence opens its chase.
 */
export function noticeHooks(format: NoticeFormat, limitsOf: (platform: string) => AdapterLimits | undefined, hasFarSide: (platform: string) => boolean = () => true): EngineHooks {
  return {
    async onFire(tx, task: Task, run: Run, now: number) {
      if (!task.chase || run.trigger !== 'schedule' || run.status === 'skipped') return;
      if (task.chase.closeOnNext) await store.closeOpenChases(tx, task.id, now, 'next_occurrence');
      await store.openChase(tx, { taskId: task.id, runId: run.id, scheduledFor: run.scheduledFor, openedAt: now, nextChaseAt: now + task.chase.everyMs });
    },
    async onFinished(tx, task: Task, run: FinishedRun, _outcome, now: number) {
      // {run} counts this occurrence: the claim's copy of the task was read before the count advanced.
      if (usesPlaceholder(task.content, 'run')) task = (await store.findTask(tx, task.id)) ?? task;
      const lang = await taskLang(tx, task);
      if (task.chat && hasFarSide(task.chat.platform)) {
        const limits = limitsOf(task.chat.platform);
        // The chase this occurrence opened (onFire ran in an earlier transaction) gets Done / Snooze.
        const open = task.chase && limits?.buttons ? await store.findOpenChase(tx, task.id) : undefined;
        const chaseId = open && open.runId === run.id ? open.id : null;
        const out = await withButtons(tx, format, limits, format.runResult(task, run, lang), { task, chat: task.chat, kind: 'result', chaseId, runId: run.id }, lang, now);
        await enqueueChat(tx, task.chat, out, `run:${run.id}:result`, now, limits);
      }
      for (const [i, url] of task.notifyUrls.entries()) {
        if (ROBOT_URL.test(url)) {
          await enqueueChat(tx, { platform: 'wecom-robot', chatId: url }, format.runResult(task, run, lang), `run:${run.id}:notify:${i}`, now, limitsOf('wecom-robot'));
        } else {
          await enqueueWebhook(tx, url, notifyPayload(task, run), `run:${run.id}:notify:${i}`, now);
        }
      }
    },
  };
}
