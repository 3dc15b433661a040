import * as app from '../app/index.ts';
import type { Lang } from '../domain/index.ts';
import type { Database } from '../store/index.ts';
import { getChat } from '../store/index.ts';
import { parseButtonData } from './buttons.ts';
import type { ChatTap, TapAnswer } from './contract.ts';
import { formatInstant, tr } from './format.ts';
import { taskLang } from './messages.ts';

/** What answering taps needs. */
export interface TapDeps {
  app: app.AppContext;
  isAdmin(platform: string, userId: string): boolean;
}

async function chatLang(db: Database, tap: ChatTap, fallback: Lang | undefined): Promise<Lang> {
  const c = await getChat(db.db, tap.platform, tap.chatId);
  return c.lang ?? fallback ?? 'en';
}

/**
 * The handler adapters call for a verified tap: applies it (once) and words the answer in the
 * chat's language (else the task's). The tapper sees `toast`; `status` is what the message
 * shows in place of its buttons.
 */
export function createTapHandler(deps: TapDeps): (tap: ChatTap) => Promise<TapAnswer> {
  return async (tap) => {
    const parsed = parseButtonData(tap.data);
    const result: app.TapResult = parsed
      ? await app.applyTap(deps.app, { platform: tap.platform, chatId: tap.chatId, userId: tap.userId, userName: tap.userName, token: parsed.token, choice: parsed.choice, admin: deps.isAdmin(tap.platform, tap.userId) })
      : { kind: 'forged' };
    const lang = await chatLang(deps.app.database, tap, 'task' in result ? taskLang(result.task) : undefined);
    const at = (ms: number | null) => (ms == null ? '' : formatInstant(ms, 'task' in result ? result.task.schedule.tz : deps.app.defaultTz, lang, deps.app.now()));
    switch (result.kind) {
      case 'done': {
        const line = tr(lang, `✅ Closed by ${result.by} at ${at(result.at)}`, `✅ 已由 ${result.by} 于 ${at(result.at)} 结单`);
        return { toast: tr(lang, `Done: #${result.task.id} is closed`, `已结单：#${result.task.id}`), status: line, lang };
      }
      case 'snoozed': {
        const line = tr(lang, `⏰ Snoozed by ${result.by} until ${at(result.until!)}`, `⏰ ${result.by} 已推迟到 ${at(result.until!)} 再提醒`);
        return { toast: tr(lang, `Next reminder at ${at(result.until!)}`, `下次提醒：${at(result.until!)}`), status: line, lang };
      }
      case 'skipped': {
        const line = tr(lang, `⏭ ${result.by} skipped the run of ${at(result.skipped!)}`, `⏭ ${result.by} 跳过了 ${at(result.skipped!)} 那一次`);
        return { toast: tr(lang, `Skipped ${at(result.skipped!)}`, `已跳过 ${at(result.skipped!)}`), status: line, lang };
      }
      case 'already': {
        const by = result.by ?? tr(lang, 'someone', '他人');
        const what = result.choice === 'k' ? tr(lang, 'handled', '处理') : result.choice.startsWith('s') ? tr(lang, 'snoozed', '推迟') : tr(lang, 'closed', '结单');
        const when = result.at == null ? '' : tr(lang, ` at ${at(result.at)}`, `于 ${at(result.at)} `);
        return { toast: tr(lang, `Already ${what} by ${by}${when}`, `已由 ${by} ${when}${what}`), lang };
      }
      case 'gone':
        return { toast: tr(lang, 'This task no longer exists', '这个任务已不存在'), lang };
      case 'not_allowed': {
        const who = result.task.closers === 'admins' ? tr(lang, 'an admin', '管理员') : tr(lang, `its owner ${result.task.owner?.name ?? ''}`.trim(), `负责人 ${result.task.owner?.name ?? ''}`.trim());
        return { toast: tr(lang, `Sorry, only ${who} can close #${result.task.id}`, `抱歉，只有${who}可以处理 #${result.task.id}`), lang };
      }
      case 'too_late':
        return { toast: tr(lang, `#${result.task.id} has already fired; nothing was skipped`, `#${result.task.id} 已经执行，未跳过`), lang };
      case 'forged':
        return { toast: tr(lang, 'This button is not valid here', '这个按钮在这里无效'), lang };
    }
  };
}
