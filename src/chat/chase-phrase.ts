import { formatDuration } from '../schedule/index.ts';

/** A chase (催单) as a chat message asks for it, in the shape the task input takes. */
export interface ChaseSpec {
  every: string;
  max?: number;
  /** "HH:MM" local time of day after which no reminder goes out. */
  until?: string;
}

/** The text with the chase phrase cut out; chase is undefined when none was written, null for "chase off". */
export interface ChasePhrase {
  text: string;
  chase?: ChaseSpec | null;
}

const ZH_DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "15", "十五", "二十", "两" → number; NaN when it is none of these. */
function num(s: string | undefined): number {
  if (s === undefined || s === '') return 1;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^an?$|^one$/i.test(s)) return 1;
  if (s === '半') return 0.5;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || (!m[1] && !m[2] && !m[3])) return NaN;
  if (!m[2]) return ZH_DIGIT[m[1] ?? m[3]];
  return (m[1] ? ZH_DIGIT[m[1]] : 1) * 10 + (m[3] ? ZH_DIGIT[m[3]] : 0);
}

const UNIT_MS: Array<[RegExp, number]> = [
  [/^(s|secs?|seconds?|秒钟?)$/i, 1000],
  [/^(m|mins?|minutes?|分钟?)$/i, 60_000],
  [/^(h|hrs?|hours?|个?小时|个?钟头)$/i, 3_600_000],
];

function duration(n: string | undefined, unit: string): string | null {
  const u = UNIT_MS.find(([re]) => re.test(unit.trim()));
  const k = num(n);
  if (!u || !Number.isFinite(k) || k <= 0) return null;
  return formatDuration(Math.round(k * u[1]));
}

function clock(h: number, m: number, ampm?: string): string | null {
  let hour = h;
  if (ampm) {
    const pm = /^(pm|下午|晚上)$/i.test(ampm);
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  }
  if (hour > 23 || m > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const EN_NUM = '(\\d+(?:\\.\\d+)?|an?|one)';
const EN_UNIT = '(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)';
const ZH_NUM = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十]+|半)';
const ZH_UNIT = '(秒钟?|分钟?|个?小时|个?钟头)';

const MAIN: RegExp[] = [
  new RegExp(`(?:,\\s*|\\band\\s+)?\\bchas(?:e|ing)(?:\\s+(?:them|him|her|it))?(?:\\s+(?:every|each))?\\s*${EN_NUM}?\\s*${EN_UNIT}\\b`, 'i'),
  new RegExp(`(?:催单|催办|催促)\\s*[:：]?\\s*(?:每隔|每)?\\s*${ZH_NUM}?\\s*${ZH_UNIT}(?:\\s*一次)?`),
  new RegExp(`每隔?\\s*${ZH_NUM}?\\s*${ZH_UNIT}\\s*催(?:单|办|促)?(?:\\s*一次)?`),
];
const OFF: RegExp[] = [
  /(?:,\s*)?\b(?:chase\s+(?:off|none|never|no)|no\s+chas(?:e|ing)|stop\s+chasing|don'?t\s+chase)\b/i,
  /(?:催单|催办)\s*[:：]?\s*(?:关闭|关掉|关|取消|停止|无)|(?:关闭|取消|停止|不要|不)\s*催(?:单|办)?/,
];
const MAX: RegExp[] = [/\b(?:at\s+most|up\s+to|max(?:imum)?(?:\s+of)?)\s+(\d+)(?:\s*(?:times|reminders|x))?\b/i, /最多\s*(?:催)?\s*(\d+|[一二两三四五六七八九十]+)\s*(?:次|遍)/];
const UNTIL_DONE: RegExp[] = [/\buntil\s+(?:it\s+is\s+|it'?s\s+)?(?:done|closed|finished|someone\s+(?:marks\s+it\s+|says\s+)?done)\b/i, /(?:直到|到)\s*(?:完成|结单|处理完|搞定)\s*(?:为止)?/];
const UNTIL_EN = /\buntil\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/i;
const UNTIL_ZH = /(?:(?:直到|截止到?|截至)\s*(上午|早上|下午|晚上)?\s*(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?)\s*(?:为止|止)?|到\s*(上午|早上|下午|晚上)?\s*(\d{1,2})(?:[:：](\d{2})|点(半|(\d{1,2})分?)?)\s*为止)/;

/** Removes [start, end) from s. */
function cut(s: string, start: number, end: number): string {
  return `${s.slice(0, start)} ${s.slice(end)}`;
}

/** Collapses what cutting left behind: doubled spaces, dangling commas and "and". */
export function tidy(s: string): string {
  return s
    .replace(/[\u2005\s]+/g, ' ')
    .replace(/\s+([,，。.;；!！])/g, '$1')
    .replace(/([,，;；])\s*(?=[,，;；])/g, '')
    .replace(/^[\s,，;；:：\-—]+|[\s,，;；:：\-—]+$/g, '')
    .replace(/\s+and$/i, '')
    .trim();
}

/**
 * Finds "chase every 15m", "催单30分钟", "催单每15分钟", "chase off" / "催单 关闭" and the limits
 * written after it ("at most 3 times", "最多4次", "until 18:00", "到18:00为止", "until done"),
 * and cuts them out of the text. Limits count only after a chase phrase, so that a schedule's
 * own "until" or "N times" stays with the schedule.
 */
export function extractChase(text: string): ChasePhrase {
  for (const re of OFF) {
    const m = re.exec(text);
    if (m) return { text: tidy(cut(text, m.index, m.index + m[0].length)), chase: null };
  }
  let found: { m: RegExpExecArray; every: string } | null = null;
  for (const re of MAIN) {
    const m = re.exec(text);
    if (!m) continue;
    const every = duration(m[1], m[2]);
    if (every && (!found || m.index < found.m.index)) found = { m, every };
  }
  if (!found) return { text };
  const before = text.slice(0, found.m.index);
  let after = text.slice(found.m.index + found.m[0].length);
  const chase: ChaseSpec = { every: found.every };
  for (const re of MAX) {
    const m = re.exec(after);
    if (m) {
      const n = num(m[1]);
      if (Number.isInteger(n) && n > 0) chase.max = n;
      after = cut(after, m.index, m.index + m[0].length);
      break;
    }
  }
  for (const re of UNTIL_DONE) {
    const m = re.exec(after);
    if (m) after = cut(after, m.index, m.index + m[0].length);
  }
  const en = UNTIL_EN.exec(after);
  if (en && (en[2] !== undefined || en[3] !== undefined)) {
    const at = clock(Number(en[1]), Number(en[2] ?? 0), en[3]);
    if (at) {
      chase.until = at;
      after = cut(after, en.index, en.index + en[0].length);
    }
  } else {
    const zh = UNTIL_ZH.exec(after);
    if (zh) {
      const g = zh[2] !== undefined ? zh.slice(1, 6) : zh.slice(6, 11);
      const [part, h, mm, half, mins] = g;
      const minute = mm !== undefined ? Number(mm) : half === '半' ? 30 : mins !== undefined ? Number(mins) : 0;
      const at = clock(Number(h), minute, part && /下午|晚上/.test(part) && Number(h) < 12 ? 'pm' : undefined);
      if (at) {
        chase.until = at;
        after = cut(after, zh.index, zh.index + zh[0].length);
      }
    }
  }
  return { text: tidy(`${before} ${after}`), chase };
}
