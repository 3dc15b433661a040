import { UserError, type Lang } from '../domain/index.ts';
import { wallTime } from '../schedule/index.ts';

// A task's message may carry placeholders filled when it fires ("{日期} {星期} 日报" posts
// "3月20日 周五 日报"). Only `{word}` is a placeholder, so content with other braces (JSON,
// code) keeps reading as it always did; `{{` and `}}` write a literal brace.

/** The placeholders a message may use: each English name with its Chinese alias. */
export const PLACEHOLDERS = [
  { en: 'date', zh: '日期' },
  { en: 'time', zh: '时间' },
  { en: 'weekday', zh: '星期' },
  { en: 'week', zh: '周' },
  { en: 'month', zh: '月' },
  { en: 'run', zh: '次数' },
  { en: 'output', zh: '输出' },
  { en: 'status', zh: '状态' },
] as const;

/** A placeholder by its English name. */
export type Placeholder = (typeof PLACEHOLDERS)[number]['en'];

const BY_NAME = new Map<string, Placeholder>(PLACEHOLDERS.flatMap((p) => [[p.en, p.en] as const, [p.zh, p.en] as const]));
// `{{` / `}}` first, so that "{{date}}" is the literal text "{date}"; a word is letters, digits and underscores.
const TOKEN = /\{\{|\}\}|\{([\p{L}_][\p{L}\p{N}_]*)\}/gu;

const EN_DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZH_DOW = ['日', '一', '二', '三', '四', '五', '六'];
const EN_MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');
/** Output longer than this is cut to its last characters (a chat message has limits). */
const OUTPUT_CHARS = 1500;

/** The placeholders a template names, in order, unknown ones included (each once). */
export function placeholdersIn(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(TOKEN)) if (m[1] !== undefined) seen.add(m[1]);
  return [...seen];
}

/** True when the template names any placeholder (a reminder then needs its occurrence read). */
export function hasPlaceholders(template: string): boolean {
  return placeholdersIn(template).some((p) => BY_NAME.has(p));
}

/** True when the template names this placeholder (by either name). */
export function usesPlaceholder(template: string, name: Placeholder): boolean {
  return placeholdersIn(template).some((p) => BY_NAME.get(p) === name);
}

/** Refuses a message naming a placeholder that does not exist, listing those that do, in both languages. */
export function checkTemplate(template: string, field = 'content'): void {
  const unknown = placeholdersIn(template).filter((p) => !BY_NAME.has(p));
  if (unknown.length === 0) return;
  const en = PLACEHOLDERS.map((p) => `{${p.en}}`).join(' ');
  const zh = PLACEHOLDERS.map((p) => `{${p.zh}}`).join(' ');
  throw new UserError(
    'unknown_placeholder',
    {
      en: `${field}: unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}; known: ${en} (write {{ and }} for literal braces)`,
      zh: `内容：未知的占位符 ${unknown.map((u) => `{${u}}`).join('、')}；可用：${zh}（英文名 ${en} 亦可；字面花括号请写 {{ 和 }}）`,
    },
    field,
  );
}

/** What a run fills a template with. The instant is the occurrence's, read in `tz`. */
export interface TemplateValues {
  at: number;
  tz: string;
  lang: Lang;
  /** The occurrence number (the task's runs fired so far, this one included). */
  run: number;
  /** The command's or query's output, if it had one. */
  output?: string | null;
  /** The run's status as the reader says it ("succeeded", "成功"). */
  status?: string | null;
}

/** ISO 8601 week number of a calendar date (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow); // the Thursday of this week decides its year
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - jan1) / 86_400_000 / 7) + 1;
}

function value(name: Placeholder, v: TemplateValues): string {
  const t = wallTime(v.at, v.tz);
  const zh = v.lang === 'zh';
  switch (name) {
    case 'date':
      return zh ? `${t.month}月${t.day}日` : `${EN_MON[t.month - 1]} ${t.day}`;
    case 'time':
      return `${p2(t.hour)}:${p2(t.minute)}`;
    case 'weekday':
      return zh ? `周${ZH_DOW[t.weekday]}` : EN_DOW[t.weekday];
    case 'week':
      return String(isoWeek(t.year, t.month, t.day));
    case 'month':
      return zh ? `${t.month}月` : EN_MONTH[t.month - 1];
    case 'run':
      return String(v.run);
    case 'output': {
      const out = (v.output ?? '').replace(/\s+$/, '');
      return out.length > OUTPUT_CHARS ? `…${out.slice(-(OUTPUT_CHARS - 1))}` : out;
    }
    case 'status':
      return v.status ?? '';
  }
}

/** The template with its placeholders filled; an unknown one (a task older than the check) stays as written. */
export function renderTemplate(template: string, v: TemplateValues): string {
  return template.replace(TOKEN, (whole, word: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = BY_NAME.get(word!);
    return name ? value(name, v) : whole;
  });
}
