import type { Lang } from '../domain/index.ts';
import { describeSchedule, wallTime } from '../schedule/index.ts';
import type { Task } from '../domain/index.ts';

/** Longest reply the router builds, in characters; adapters split further by their own limits. */
export const MAX_REPLY = 3500;

const EN_DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZH_DOW = ['日', '一', '二', '三', '四', '五', '六'];
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const p2 = (n: number) => String(n).padStart(2, '0');

/** zh when the text holds any CJK character, else en (the language the person wrote in). */
export function langOf(text: string): Lang {
  return CJK.test(text) ? 'zh' : 'en';
}

/** Picks the reader's variant. */
export function tr(lang: Lang, en: string, zh: string): string {
  return lang === 'zh' ? zh : en;
}

/** "Next: " / "下次：": a label with the colon of the reader's script. */
export function label(lang: Lang, en: string, zh: string): string {
  return lang === 'zh' ? `${zh}：` : `${en}: `;
}

/**
 * An instant as people read it in `tz`: "Mon 1 Dec 09:30" / "12月1日 周一 09:30"; the year is
 * added when it differs from the year of `now`.
 */
export function formatInstant(ms: number, tz: string, lang: Lang, now?: number): string {
  const t = wallTime(ms, tz);
  const year = now !== undefined && wallTime(now, tz).year !== t.year;
  const secs = t.second ? `:${p2(t.second)}` : '';
  if (lang === 'zh') return `${year ? `${t.year}年` : ''}${t.month}月${t.day}日 周${ZH_DOW[t.weekday]} ${p2(t.hour)}:${p2(t.minute)}${secs}`;
  return `${EN_DOW[t.weekday]} ${t.day} ${EN_MON[t.month - 1]}${year ? ` ${t.year}` : ''} ${p2(t.hour)}:${p2(t.minute)}${secs}`;
}

/** A span of time for people: "45 s", "12 min", "1 h 5 min" / "12 分钟". */
export function formatSpan(ms: number, lang: Lang): string {
  const u = lang === 'zh' ? { d: '天', h: '小时', m: '分钟', s: '秒' } : { d: 'd', h: 'h', m: 'min', s: 's' };
  const sep = lang === 'zh' ? '' : ' ';
  if (ms < 1000) return lang === 'zh' ? `${(ms / 1000).toFixed(1)}${u.s}` : `${(ms / 1000).toFixed(1)} s`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${s < 10 ? s.toFixed(1).replace(/\.0$/, '') : Math.round(s)}${sep}${u.s}`;
  }
  const mins = Math.round(ms / 60_000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}${sep}${u.d}`);
  if (h) parts.push(`${h}${sep}${u.h}`);
  if (m && !d) parts.push(`${m}${sep}${u.m}`);
  return parts.join(' ') || `0${sep}${u.m}`;
}

/** The schedule of a task described in the reader's language, always naming its timezone. */
export function describeTask(task: Pick<Task, 'schedule' | 'window'>, lang: Lang): string {
  const d = describeSchedule(task.schedule, task.window, lang);
  if (d.includes(task.schedule.tz)) return d;
  return lang === 'zh' ? `${d}（${task.schedule.tz}）` : `${d} (${task.schedule.tz})`;
}

/** A status word in the reader's language. */
export function statusWord(status: string, lang: Lang): string {
  const zh: Record<string, string> = {
    active: '运行中',
    paused: '已暂停',
    finished: '已结束',
    queued: '排队中',
    running: '执行中',
    succeeded: '成功',
    failed: '失败',
    timed_out: '超时',
    skipped: '已跳过',
    interrupted: '被中断',
    stopped: '已停止',
  };
  return lang === 'zh' ? (zh[status] ?? status) : status.replace('_', ' ');
}

/**
 * Joins lines into one reply under MAX_REPLY characters; the lines that do not fit are counted
 * in a closing "… and N more".
 */
export function fitLines(head: string[], items: string[], lang: Lang, max = MAX_REPLY): string {
  const more = (n: number) => tr(lang, `… and ${n} more`, `……还有 ${n} 条`);
  const reserve = 1 + more(items.length).length; // room kept for the closing line
  const out = [...head];
  let len = out.join('\n').length;
  for (let i = 0; i < items.length; i++) {
    const last = i === items.length - 1;
    if (len + 1 + items[i].length + (last ? 0 : reserve) > max) {
      out.push(more(items.length - i));
      break;
    }
    out.push(items[i]);
    len += 1 + items[i].length;
  }
  return out.join('\n');
}

/** Cuts text to at most `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
