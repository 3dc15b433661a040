import { parseTaskInput, type TaskInput } from '../../app/index.ts';
import { UserError, type Lang } from '../../domain/index.ts';
import { parseSchedule, type ParseResult } from '../../schedule/index.ts';
import { takeAction } from '../action-phrase.ts';
import { takeExtras, type Extras } from '../extras-phrase.ts';
import { extractChase, type ChaseSpec } from '../chase-phrase.ts';
import type { Mention } from '../contract.ts';
import { spaceMentions, takeMentions } from '../mentions.ts';
import type { CommandContext } from './context.ts';

/** What a chat message asks of a task, before the app validates it. */
export interface Composed {
  /** The text the schedule is read from (the bot's mention and the chase phrase cut out); empty when none. */
  text: string;
  /** The parser's reading of `text`, when it holds a schedule. */
  parsed?: Extract<ParseResult, { ok: true }>;
  content: string;
  owner?: Mention;
  chase?: ChaseSpec | null;
  action?: string;
  /** Runner label, jitter, chains. */
  extras?: Extras;
}

/** The parser's refusal as a UserError in both languages (its reason and suggestion). */
function parseError(text: string, now: number, tz: string): UserError {
  const msg = (lang: Lang) => {
    const r = parseSchedule(text, { now, tz, lang });
    return r.ok ? '' : r.suggestion ? `${r.error}${lang === 'zh' ? '；' : '; '}${r.suggestion}` : r.error;
  };
  const code = (parseSchedule(text, { now, tz }) as { code?: string }).code ?? 'no_schedule';
  return new UserError(code, { en: `I could not read the schedule: ${msg('en')}. See /help.`, zh: `无法识别时间：${msg('zh')}。发送 /帮助 查看写法。` }, 'text');
}

/**
 * Takes a task message apart: mentioned owner, chase phrase, schedule, task text and a trailing
 * "run <action>". With `scheduleOptional`, text without any schedule is new task text (/edit).
 */
export function compose(c: CommandContext, raw: string, tz: string, scheduleOptional = false): Composed {
  const now = c.app.now();
  const m = takeMentions(raw, c.msg.mentions, c.botNames);
  const ch = extractChase(m.text);
  // Runner, jitter and chain phrases come off first, like the chase phrase: they are not task
  // text, and the parser refuses schedule-like words ("jitter 30s") left in the task text.
  const e = takeExtras(ch.text);
  const out: Composed = {
    text: '',
    content: '',
    ...(m.owner ? { owner: m.owner } : {}),
    ...(ch.chase !== undefined ? { chase: ch.chase } : {}),
    ...(Object.keys(e.extras).length ? { extras: e.extras } : {}),
  };
  if (!e.text) {
    if (!scheduleOptional) throw parseError(e.text, now, tz);
    return out;
  }
  const r = parseSchedule(e.text, { now, tz, lang: c.lang });
  let rest: string;
  if (r.ok) {
    out.text = e.text;
    out.parsed = r;
    rest = r.rest;
  } else if (scheduleOptional && r.code === 'no_schedule') {
    rest = e.text;
  } else {
    throw parseError(e.text, now, tz);
  }
  const a = takeAction(spaceMentions(rest, c.msg.mentions), c.app.actionNames);
  // mentions alone are an owner, not a text ("/edit 3 @bob", "@bob run report")
  out.content = takeMentions(a.content, c.msg.mentions, c.botNames).plain ? a.content : '';
  if (a.action) out.action = a.action;
  return out;
}

/**
 * The task input of a new task from a composed message; the author owns it unless someone is
 * mentioned. The operator (the console's box) owns nothing: a reminder never @-mentions them.
 */
export function newTaskInput(c: CommandContext, m: Composed): TaskInput {
  const owner = m.owner ?? (c.byOperator ? null : { id: c.msg.userId, name: c.msg.userName || c.msg.userId });
  return parseTaskInput({
    text: m.text,
    content: m.content,
    owner,
    ...(m.chase ? { chase: m.chase } : {}),
    ...(m.action ? { action: m.action, mode: m.content ? 'message+command' : 'command' } : {}),
    ...m.extras,
  });
}

// "/edit 3 改成每周二10点", "/edit 3 change to every tuesday at 10am": the verb says what the
// edit does; left as the task text, it replaced the task's own
const EDIT_VERB = /^\s*(?:改成|改为|改到|换成|调整为|调整到|change(?:d)?\s+(?:it\s+)?to|reschedule(?:d)?(?:\s+it)?(?:\s+(?:to|for))?|move(?:d)?\s+(?:it\s+)?to|make\s+it)(?:\s+|$|(?=[^\sa-z]))/i;

/** The partial task input of an edit; undefined fields stay as they are. A new schedule is read in `tz`. */
export function editInput(m: Composed, tz?: string): TaskInput {
  // the verb comes off the schedule text too: the service takes the text left by the schedule
  // as the task's new text
  const text = m.text ? m.text.replace(EDIT_VERB, '').trim() : m.text;
  const content = m.text ? m.content.replace(EDIT_VERB, '').trim() : m.content;
  return parseTaskInput(
    {
      ...(text ? { text, ...(tz ? { tz } : {}) } : {}),
      ...(content ? { content } : {}),
      ...(m.owner ? { owner: m.owner } : {}),
      ...(m.chase !== undefined ? { chase: m.chase } : {}),
      ...(m.action ? { action: m.action } : {}),
      ...m.extras,
    },
    true,
  );
}
