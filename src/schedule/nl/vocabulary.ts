// The closed schedule vocabulary of each language (issue 21): every word that can carry a piece
// of a schedule. Derived, not collected from failures: weekday and month names in every width
// CLDR gives (through Intl, so every spelling Node ships) plus the spellings the grammar's own
// lexicon accepts, and the grammar's function words (only, through, o'clock, of the month…).
import { DOWS, MONTHS, ORDINALS } from './en-lexicon.ts';

const SUNDAY = Date.UTC(2026, 0, 4); // a Sunday: weekday i is SUNDAY + i days

function names(locale: string, field: 'weekday' | 'month', widths: Array<'long' | 'short' | 'narrow'>): string[][] {
  const formats = widths.map((w) => new Intl.DateTimeFormat(locale, { [field]: w, timeZone: 'UTC' }));
  const out: string[][] = [];
  for (let i = 0; i < (field === 'weekday' ? 7 : 12); i++) {
    const at = field === 'weekday' ? new Date(SUNDAY + i * 86_400_000) : new Date(Date.UTC(2026, i, 15));
    out.push(formats.map((f) => f.format(at).toLowerCase()));
  }
  return out;
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Ordinal words the grammar reads before a weekday or a day ("the third saturday"). */
export const EN_ORDINALS: string[] = Object.keys(ORDINALS);
/** English function words of a schedule, each with the neighbour rule in guard.ts that may rule it out. */
export const EN_MARKERS: string[] = [
  'only', "o'clock", 'oclock', 'through', 'thru', 'from now', 'between',
  'of the month', 'of every month', 'of each month', 'today', 'tomorrow', 'tonight',
  'daily', 'weekly', 'monthly', 'yearly', 'annually', 'hourly', 'biweekly', 'fortnightly',
];

// English names that are also ordinary words ("march in the parade", "may I", "sat down",
// "sun hat", "wed in june"): schedule words only where their neighbours say so (guard.ts).
export const EN_AMBIGUOUS = new Set(['may', 'march', 'mar', 'sun', 'sat', 'wed', 'second']);

/** Chinese function words of a schedule: 仅 / 限 (a restriction), 整 after a clock time, 之间 after a span. */
export const ZH_MARKERS: string[] = ['仅', '限', '整', '之间'];

/** The names Intl gives, per language and width (CLDR), read on first use. */
export interface CldrNames {
  /** English weekday names: CLDR long and short ("monday", "mon") and the lexicon's ("tues", "thurs"). */
  EN_WEEKDAYS: string[];
  /** English month names: CLDR long and short and the lexicon's ("sept"). */
  EN_MONTHS: string[];
  /** Chinese weekday names: CLDR long and short (星期一, 周一) and 礼拜一 as the lexicon reads it. */
  ZH_WEEKDAYS: string[];
  /** Chinese month names: CLDR long and short (一月, 1月), with 份 (二月份). */
  ZH_MONTHS: string[];
}

let cldr: CldrNames | undefined;

/**
 * The Intl-derived part of the vocabulary, built on the first parse rather than at import: the
 * first Intl.DateTimeFormat of a process maps ICU's data (+9 MB RSS, 10-50 ms), which a service
 * that parses nothing yet, or a CLI command that never parses, need not pay
 * (docs/benchmarks.md, "CLI start-up and the idle service").
 */
export function cldrNames(): CldrNames {
  return (cldr ??= {
    EN_WEEKDAYS: uniq([...names('en', 'weekday', ['long', 'short']).flat(), ...Object.keys(DOWS)]),
    EN_MONTHS: uniq([...names('en', 'month', ['long', 'short']).flat(), ...Object.keys(MONTHS)]),
    ZH_WEEKDAYS: uniq([
      ...names('zh', 'weekday', ['long', 'short']).flat(),
      ...names('zh', 'weekday', ['narrow']).flat().map((d) => `礼拜${d}`),
      '星期天', '周天', '礼拜天',
    ]),
    ZH_MONTHS: uniq(names('zh', 'month', ['long', 'short']).flatMap(([a, b]) => [a, b, `${a}份`, `${b}份`])),
  });
}
