/**
 * Buttons on reminders and results (issue 22): Done / 完成, Snooze / 稍后, Skip next / 跳过下次.
 *
 * Design
 * - Token. Each message that carries buttons gets one random token (16 bytes, base64url, 22
 *   characters), stored in `action_tokens` with the platform, chat, task, occurrence (chase)
 *   and run it acts on and the choices its buttons offer, in the same transaction that queues
 *   the message. A button's data is `cc1:<token>:<choice>` (at most 31 bytes: inside Telegram's
 *   64-byte callback_data, Slack's 2000-character value, Feishu's and WeCom's keys). A tap is
 *   looked up by token: a token that is unknown, belongs to another platform or chat, or does
 *   not offer the choice is refused as "not valid here", so no callback data can be turned onto
 *   another chat's occurrence, and nothing about that chat is revealed.
 * - Exactly once. The tap is applied in one transaction: the token row is read FOR UPDATE on
 *   MySQL / PostgreSQL (SQLite has one writer), then marked used by a conditional UPDATE
 *   (`used_at IS NULL`) and the effect (close the chase, move its next reminder, skip the next
 *   slot) is written alongside. Two replicas given the same tap, or a platform that redelivers
 *   it, see one winner; the others read what the winner did and answer "already closed by X at T".
 *   One token per message: after one button of a message is used, the message's other buttons
 *   are spent too (the message is updated and loses them).
 * - Who may tap: the task's `closers` option (owner | admins | anyone, default anyone). The
 *   owner is a platform user id; admins are the operator's per-platform list. A refusal changes
 *   nothing and leaves the token unused, so the owner can still tap.
 * - History: Done writes the chase's closed_by as "Name (platform)"; Skip writes a `skipped`
 *   run for the skipped slot with "skipped by Name (platform)"; every tap's person, platform,
 *   choice and instant stay on its token row.
 * - Answers: "already closed by X at T" for a second tap or a closed occurrence, "this task no
 *   longer exists" after a delete, in the language of the task's chat, as are the labels.
 * - Platforms draw `Outgoing.buttons` where `AdapterLimits.buttons` is set and report taps
 *   through `AdapterContext.onTap`; elsewhere the message keeps saying how to reply 完成/done.
 */
import * as app from '../app/index.ts';
import type { Lang, Task } from '../domain/index.ts';
import type { Executor } from '../store/index.ts';
import type { ActionButton } from './contract.ts';
import { formatSpan, tr } from './format.ts';

const DATA = /^cc1:([A-Za-z0-9_-]{22}):([a-z0-9]{1,4})$/;

/** A button's data for a token and a choice. */
export function buttonData(token: string, choice: app.TapChoice): string {
  return `cc1:${token}:${choice}`;
}

/** The token and choice in a button's data; undefined for anything that is not ours. */
export function parseButtonData(data: string): { token: string; choice: string } | undefined {
  const m = DATA.exec(data);
  return m ? { token: m[1], choice: m[2] } : undefined;
}

function label(choice: app.TapChoice, task: Task, lang: Lang): string {
  switch (choice) {
    case 'd':
      return tr(lang, '✅ Done', '✅ 完成');
    case 'k':
      return tr(lang, '⏭ Skip next', '⏭ 跳过下次');
    case 's15':
      return tr(lang, 'Snooze 15 min', '稍后 15分钟');
    case 's60':
      return tr(lang, 'Snooze 1 h', '稍后 1小时');
    case 'stm':
      return tr(lang, 'Tomorrow 09:00', '明天 09:00');
    case 'sp':
      return tr(lang, `Snooze ${formatSpan(task.chase?.everyMs ?? 0, lang)}`, `稍后 ${formatSpan(task.chase?.everyMs ?? 0, lang)}`);
  }
}

/** Which buttons a message gets: Done and the snoozes while its occurrence is chased, Skip next on a result of a repeating task. */
export function choicesFor(task: Task, kind: 'chase' | 'result', chaseOpen: boolean): app.TapChoice[] {
  const out: app.TapChoice[] = [];
  if (chaseOpen && task.chase) {
    out.push('d', 's15', 's60', 'stm');
    // The chase period itself, unless it is one of the fixed choices already.
    if (task.chase.everyMs !== 15 * 60_000 && task.chase.everyMs !== 3_600_000) out.push('sp');
  }
  if (kind === 'result' && task.schedule.kind !== 'once' && task.status === 'active' && task.nextRunAt != null) out.push('k');
  return out;
}

/**
 * Issues the token of one message and returns its rows of buttons (Done and Skip on the first
 * row, the snoozes on the second), or undefined when the message gets none.
 */
export async function issueButtons(tx: Executor, target: { task: Task; chat: { platform: string; chatId: string }; kind: 'chase' | 'result'; chaseId: number | null; runId: number | null }, lang: Lang, now: number): Promise<ActionButton[][] | undefined> {
  const choices = choicesFor(target.task, target.kind, target.chaseId != null);
  if (choices.length === 0) return undefined;
  const token = await app.issueActionToken(tx, { ...target, choices }, now);
  const button = (c: app.TapChoice): ActionButton => ({ label: label(c, target.task, lang), data: buttonData(token, c), ...(c === 'd' ? { primary: true } : {}) });
  const first = choices.filter((c) => c === 'd' || c === 'k').map(button);
  const snoozes = choices.filter((c) => c.startsWith('s')).map(button);
  return [first, snoozes].filter((row) => row.length > 0);
}
