import type { Lang, Schedule, Window } from '../../domain/index.ts';
import { UserError } from '../../domain/index.ts';
import { isValidTimezone } from '../zone.ts';
import { build } from './build.ts';
import { chronoEnglish } from './chrono-en.ts';
import { describeSchedule } from './describe.ts';
import { parseEnglishAt } from './en.ts';
import { fail, NlError } from './errors.ts';
import type { Spec } from './spec.ts';
import { detectLang, MAX_LENGTH, normalize, restOf, starts } from './text.ts';
import { parseChineseAt } from './zh.ts';


/** Where and how to read a phrase: the reference instant (ms) and the IANA timezone. */
export interface ParseOptions {
  now: number;
  tz: string;
  lang?: Lang;
}

/** A schedule read from text, or the reason it could not be. */
export type ParseResult =
  | { ok: true; lang: Lang; schedule: Schedule; window: Window; rest: string; description: string }
  | { ok: false; lang: Lang; error: string; suggestion?: string; code: string };

type Found = { spec: Spec; start: number; end: number };

function find(s: string, lang: Lang): Found | null {
  const grammars = lang === 'zh' ? [(i: number) => parseChineseAt(s, i), (i: number) => parseEnglishAt(s, i)] : [(i: number) => parseEnglishAt(s, i)];
  for (const [k, g] of grammars.entries()) {
    for (const i of starts(s, lang === 'zh' && k === 0)) {
      const r = g(i);
      if (r) return { spec: r.spec, start: i, end: r.end };
    }
  }
  return null;
}

function isPlainOneShot(spec: Spec): boolean {
  return !spec.rec && spec.relMs == null && spec.relDays == null && spec.at == null && spec.until == null && spec.maxRuns == null;
}

/** Reads a schedule and the task text from what a person wrote. Never throws. */
export function parseSchedule(text: string, opts: ParseOptions): ParseResult {
  const input = typeof text === 'string' ? text : '';
  const lang = opts.lang ?? detectLang(input.slice(0, MAX_LENGTH));
  try {
    if (!isValidTimezone(opts.tz)) {
      throw new NlError('bad_timezone', { en: `unknown timezone "${opts.tz}"`, zh: `未知时区“${opts.tz}”` });
    }
    if (!Number.isFinite(opts.now)) throw new NlError('bad_now', { en: 'the reference time is not a valid instant', zh: '参考时间无效' });
    if (input.length > MAX_LENGTH) throw fail('too_long');
    if (input.trim().length === 0) throw fail('empty');
    const s = normalize(input);
    let found = find(s, detectLang(input));
    if (detectLang(input) === 'en' && (!found || isPlainOneShot(found.spec))) {
      // chrono knows more ways to write a single date; take its reading when it covers more.
      const c = chronoEnglish(input, opts.now, opts.tz);
      if (c && (!found || (c.start <= found.start && c.end >= found.end && c.end - c.start > found.end - found.start))) found = c;
    }
    if (!found) throw fail('no_schedule');
    const { schedule, window } = build(found.spec, opts.now, opts.tz);
    return { ok: true, lang, schedule, window, rest: restOf(input, found.start, found.end), description: describeSchedule(schedule, window, lang) };
  } catch (err) {
    if (err instanceof NlError) {
      return { ok: false, lang, code: err.code, error: err.text[lang], ...(err.suggestion ? { suggestion: err.suggestion[lang] } : {}) };
    }
    if (err instanceof UserError) return { ok: false, lang, code: err.code, error: err.in(lang) };
    const e = { en: 'I could not read this schedule', zh: '无法识别这个时间' };
    return { ok: false, lang, code: 'internal', error: e[lang] };
  }
}
