// "Every word accounted for" (issue 21): after a reading, a word of the closed schedule
// vocabulary (vocabulary.ts) still in the task text means the reading missed part of the
// schedule, unless its neighbours rule the schedule sense out. Each rule below has a test in
// test/schedule/nl/guard.test.ts. Runs on normalized text with quotes already blanked out.
import { build } from './build.ts';
import { describeSchedule } from './describe.ts';
import { NlError } from './errors.ts';
import type { Spec } from './spec.ts';
import { cldrNames, EN_AMBIGUOUS, EN_MARKERS, EN_ORDINALS, ZH_MARKERS } from './vocabulary.ts';

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const alternation = (ws: string[]) => [...new Set(ws)].sort((a, b) => b.length - a.length).map(escape).join('|');

const ORDINAL = new Set(EN_ORDINALS);

// The patterns that name weekdays and months, built on the first check (cldrNames() says why).
function buildTables() {
  const { EN_WEEKDAYS, EN_MONTHS, ZH_WEEKDAYS, ZH_MONTHS } = cldrNames();
  const WEEKDAY = new Set(EN_WEEKDAYS);
  const MONTH = new Set(EN_MONTHS);
  const EN_WORD = new RegExp(`(?<![a-z0-9'])(?:${alternation([...EN_WEEKDAYS, ...EN_MONTHS, ...EN_ORDINALS, ...EN_MARKERS])})(?:s)?(?![a-z0-9])`, 'g');
  const ZH_WORD = new RegExp(alternation([...ZH_MARKERS, ...ZH_MONTHS, ...ZH_WEEKDAYS]), 'g');

  const DOW_OR_MONTH = `(?:${alternation([...EN_WEEKDAYS, ...EN_MONTHS])})s?`;
  // what a weekday or month name may stand next to in a schedule
  const NAME_BEFORE = new RegExp(`(?:(?<![a-z])(?:on|in|every|each|until|till|through|thru|from|next|this|of|only|and|or|&|to)|${DOW_OR_MONTH}|[,/&-])\\s*$`);
  const NAME_AFTER = new RegExp(`^(?:\\.|\\s*(?:\\d|the\\s+\\d|(?:and|or|through|thru|to|&)\\s+${DOW_OR_MONTH}(?![a-z])|[,/&-]\\s*${DOW_OR_MONTH}(?![a-z])|at\\s+\\d|morning|afternoon|evening|night))`);
  const ORDINAL_AFTER = new RegExp(`^\\s*(?:${DOW_OR_MONTH}(?![a-z])|day|week|weekday|workday|business\\s+day|working\\s+day|of\\s+(?:the|every|each)\\s+month)`);
  const ONLY_AFTER = new RegExp(`^\\s*(?:on|in|at|during|every|each|weekdays?|weekends?|workdays?|${DOW_OR_MONTH}(?![a-z])|\\d)`);
  const THROUGH_AROUND = [new RegExp(`(?:${DOW_OR_MONTH}|\\d|am|pm)\\s*$`), new RegExp(`^\\s*(?:${DOW_OR_MONTH}(?![a-z])|\\d)`)];
  const OF_MONTH_BEFORE = new RegExp(`(?:\\d|\\d(?:st|nd|rd|th)|(?<![a-z])(?:day|days|${alternation(EN_ORDINALS)}|weekday|workday|${DOW_OR_MONTH})|end|start|beginning)\\s*$`);
  return { WEEKDAY, MONTH, EN_WORD, ZH_WORD, NAME_BEFORE, NAME_AFTER, ORDINAL_AFTER, ONLY_AFTER, THROUGH_AROUND, OF_MONTH_BEFORE, ZH_MONTHS };
}
let built: ReturnType<typeof buildTables> | undefined;
const tables = () => (built ??= buildTables());

const BETWEEN_AFTER = /^\s*(?:\d|noon|midnight)/;
// "weekly report", "daily standup": a repetition word before a noun of the task is its adjective
const ADJECTIVE_AFTER = /^\s+[a-z]/;
// "tomorrow's agenda", "today's PRs": a possessive is the task's
const POSSESSIVE_AFTER = /^'s(?![a-z])/;

function ruledOut(word: string, before: string, after: string): boolean {
  const { WEEKDAY, MONTH, NAME_BEFORE, NAME_AFTER, ORDINAL_AFTER, ONLY_AFTER, THROUGH_AROUND, OF_MONTH_BEFORE } = tables();
  const w = word.replace(/\s+/g, ' ');
  const base = WEEKDAY.has(w) || MONTH.has(w) || ORDINAL.has(w) || EN_MARKERS.includes(w) ? w : w.replace(/s$/, '');
  if (EN_AMBIGUOUS.has(base)) return !NAME_BEFORE.test(before) && !NAME_AFTER.test(after);
  if (ORDINAL.has(base)) return !ORDINAL_AFTER.test(after);
  switch (base) {
    case 'only':
      return !ONLY_AFTER.test(after);
    case 'through':
    case 'thru':
      return !(THROUGH_AROUND[0].test(before) && THROUGH_AROUND[1].test(after));
    case 'between':
      return !BETWEEN_AFTER.test(after);
    case 'from now':
      return /^\s+on(?![a-z])/.test(after);
    case 'of the month':
    case 'of every month':
    case 'of each month':
      return !OF_MONTH_BEFORE.test(before);
    case 'today':
    case 'tomorrow':
    case 'tonight':
      return POSSESSIVE_AFTER.test(after);
    case 'daily':
    case 'weekly':
    case 'monthly':
    case 'yearly':
    case 'annually':
    case 'hourly':
    case 'biweekly':
    case 'fortnightly':
      return ADJECTIVE_AFTER.test(after);
    default:
      return false;
  }
}

// 仅 / 限 restrict a schedule only before what a schedule restricts to: 仅限内部 is the task's
const ZH_RESTRICT_AFTER = /^\s*(?:于|在)?\s*(?:每|星期|周|礼拜|工作日|[0-9零〇一二两三四五六七八九十]{1,3}\s*(?:月|号|日))/;
// a month name alone is the task's (整理三月报表) unless a restriction or a range names it
const ZH_MONTH_BEFORE = /(?:仅|限|于|每年|至|到|和|、)\s*$/;
const ZH_MONTH_AFTER = /^\s*(?:至|到|和|、|每)/;
// 整 only right after the clock time that was read (9点整)
const ZH_SHARP_BEFORE = /[点时]\s*$/;

function zhRuledOut(word: string, before: string, after: string, cutBefore: boolean): boolean {
  if (word === '仅' || word === '限') return !ZH_RESTRICT_AFTER.test(after);
  if (word === '整') return !(cutBefore && ZH_SHARP_BEFORE.test(before));
  // 之间 only right after the span that was read (9点到17点之间), not in 部门之间
  if (word === '之间') return !cutBefore;
  if (tables().ZH_MONTHS.includes(word)) return !ZH_MONTH_BEFORE.test(before) && !ZH_MONTH_AFTER.test(after);
  // weekday names in task text are judged by the older leftover check (每周三 二组开会…)
  return true;
}

/**
 * The schedule words of the task text around the phrase read at [start, end) of normalized `s`,
 * as [from, to) spans, in order; each is one the reading should have consumed.
 */
export function unreadWords(s: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const { EN_WORD, ZH_WORD } = tables();
  // the phrase is cut out: neighbours are looked for in the task text on each side of it
  const sides: Array<[number, number]> = [
    [0, start],
    [end, s.length],
  ];
  for (const [from, to] of sides) {
    const text = s.slice(from, to);
    // neighbours are read across the cut: "限" before 每月3号 restricts it even if it was not read
    EN_WORD.lastIndex = 0;
    for (let m = EN_WORD.exec(text); m; m = EN_WORD.exec(text)) {
      const a = from + m.index;
      const b = a + m[0].length;
      if (!ruledOut(m[0], s.slice(0, a), s.slice(b))) out.push([a, b]);
    }
    if (!/[\u3400-\u9fff]/.test(text)) continue;
    ZH_WORD.lastIndex = 0;
    for (let m = ZH_WORD.exec(text); m; m = ZH_WORD.exec(text)) {
      const a = from + m.index;
      const b = a + m[0].length;
      if (!zhRuledOut(m[0], s.slice(0, a), s.slice(b), a === end)) out.push([a, b]);
    }
  }
  return out;
}

/** The refusal naming the schedule words the reading left unread, in the writer's language. */
export function unreadRefusal(words: string[], spec: Spec, now: number, tz: string): NlError {
  let read: { en: string; zh: string } | null = null;
  try {
    const b = build(spec, now, tz);
    read = { en: describeSchedule(b.schedule, b.window, 'en'), zh: describeSchedule(b.schedule, b.window, 'zh') };
  } catch {
    // the partial reading does not even build: name only the words
  }
  const en = words.map((w) => `"${w}"`).join(', ');
  const zh = words.map((w) => `“${w}”`).join('、');
  return new NlError(
    'unread_words',
    {
      en: `I did not understand ${en} as part of the schedule${read ? `; I read only "${read.en}"` : ''}`,
      zh: `没有看懂时间里的${zh}${read ? `；我只识别出“${read.zh}”` : ''}`,
    },
    {
      en: 'write the schedule another way (e.g. "every Monday at 9:30"), or put text that only mentions a time in quotes',
      zh: '请换一种写法（例如“每周一上午9点半”），或把只是提到时间的内容放进引号',
    },
  );
}
