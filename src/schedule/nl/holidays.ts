import type { Bilingual } from '../../domain/index.ts';
import type { Nth } from './spec.ts';

/** A holiday on a fixed date or the n-th weekday of a month: the same every year. */
export interface FixedHoliday {
  name: Bilingual;
  m: number;
  d?: number;
  nth?: Nth;
}

export const FIXED: Record<string, FixedHoliday> = {
  newyear: { name: { en: "New Year's Day", zh: '元旦' }, m: 1, d: 1 },
  valentine: { name: { en: "Valentine's Day", zh: '情人节' }, m: 2, d: 14 },
  women: { name: { en: "International Women's Day", zh: '妇女节' }, m: 3, d: 8 },
  arbor: { name: { en: 'Arbor Day', zh: '植树节' }, m: 3, d: 12 },
  labour: { name: { en: 'Labour Day', zh: '劳动节' }, m: 5, d: 1 },
  mother: { name: { en: "Mother's Day", zh: '母亲节' }, m: 5, nth: { dow: 0, k: 2 } },
  children: { name: { en: "Children's Day", zh: '儿童节' }, m: 6, d: 1 },
  father: { name: { en: "Father's Day", zh: '父亲节' }, m: 6, nth: { dow: 0, k: 3 } },
  teacher: { name: { en: "Teachers' Day", zh: '教师节' }, m: 9, d: 10 },
  national: { name: { en: 'National Day', zh: '国庆节' }, m: 10, d: 1 },
  halloween: { name: { en: 'Halloween', zh: '万圣节' }, m: 10, d: 31 },
  thanksgiving: { name: { en: 'Thanksgiving', zh: '感恩节' }, m: 11, nth: { dow: 4, k: 4 } },
  xmaseve: { name: { en: 'Christmas Eve', zh: '平安夜' }, m: 12, d: 24 },
  christmas: { name: { en: 'Christmas', zh: '圣诞节' }, m: 12, d: 25 },
  nye: { name: { en: "New Year's Eve", zh: '跨年夜' }, m: 12, d: 31 },
};

/**
 * Festivals of the Chinese lunar calendar: their Gregorian date moves every year, so each year
 * is listed. Dates as published for mainland China (GB/T 33661-2017, Beijing time), checked
 * against the Hong Kong Observatory's Gregorian–lunar conversion tables
 * (https://www.hko.gov.hk/en/gts/time/conversion.htm). Years outside the table are refused.
 */
export const LUNAR_YEARS = { from: 2024, to: 2035 };
const SPRING = ['02-10', '01-29', '02-17', '02-06', '01-26', '02-13', '02-03', '01-23', '02-11', '01-31', '02-19', '02-08'];
const DRAGON = ['06-10', '05-31', '06-19', '06-09', '05-28', '06-16', '06-05', '06-24', '06-12', '06-01', '06-20', '06-10'];
const MOON = ['09-17', '10-06', '09-25', '09-15', '10-03', '09-22', '09-12', '10-01', '09-19', '09-08', '09-27', '09-16'];

export const LUNAR: Record<string, { name: Bilingual; dates: string[]; shift?: number }> = {
  spring: { name: { en: 'Spring Festival', zh: '春节' }, dates: SPRING },
  eve: { name: { en: "Chinese New Year's Eve", zh: '除夕' }, dates: SPRING, shift: -1 },
  lantern: { name: { en: 'Lantern Festival', zh: '元宵节' }, dates: SPRING, shift: 14 },
  dragon: { name: { en: 'Dragon Boat Festival', zh: '端午节' }, dates: DRAGON },
  moon: { name: { en: 'Mid-Autumn Festival', zh: '中秋节' }, dates: MOON },
};

/** The names of a holiday of either table. */
export function holidayName(key: string): Bilingual {
  return FIXED[key]?.name ?? LUNAR[key]?.name ?? { en: key, zh: key };
}

/** The Gregorian date of a lunar festival in year `y`, or null outside the table. */
export function lunarDate(key: string, y: number): { y: number; m: number; d: number } | null {
  const h = LUNAR[key];
  if (!h || y < LUNAR_YEARS.from || y > LUNAR_YEARS.to) return null;
  const [m, d] = h.dates[y - LUNAR_YEARS.from].split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d) + (h.shift ?? 0) * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Chinese names of holidays → keys of FIXED or LUNAR. Longest names first in the pattern. */
export const ZH_HOLIDAYS: Record<string, string> = {
  元旦: 'newyear', 元旦节: 'newyear', 情人节: 'valentine', 妇女节: 'women', 三八节: 'women', 植树节: 'arbor', 劳动节: 'labour', 五一: 'labour', 五一节: 'labour',
  母亲节: 'mother', 儿童节: 'children', 六一: 'children', 六一节: 'children', 父亲节: 'father', 教师节: 'teacher', 国庆节: 'national', 国庆: 'national',
  万圣节: 'halloween', 感恩节: 'thanksgiving', 平安夜: 'xmaseve', 圣诞节: 'christmas', 圣诞: 'christmas',
  春节: 'spring', 过年: 'spring', 大年初一: 'spring', 除夕: 'eve', 大年三十: 'eve', 元宵节: 'lantern', 元宵: 'lantern',
  端午节: 'dragon', 端午: 'dragon', 中秋节: 'moon', 中秋: 'moon',
};

/** English names → keys. */
export const EN_HOLIDAYS: Record<string, string> = {
  "new year's day": 'newyear', 'new years day': 'newyear', "new year's": 'newyear', "valentine's day": 'valentine', 'valentines day': 'valentine',
  "mother's day": 'mother', 'mothers day': 'mother', "father's day": 'father', 'fathers day': 'father', 'labour day': 'labour',
  "new year's eve": 'nye', 'new years eve': 'nye',
  halloween: 'halloween', thanksgiving: 'thanksgiving', 'thanksgiving day': 'thanksgiving', 'christmas eve': 'xmaseve', 'christmas day': 'christmas', christmas: 'christmas', xmas: 'christmas',
  'chinese new year': 'spring', 'lunar new year': 'spring', 'spring festival': 'spring', "chinese new year's eve": 'eve',
  'lantern festival': 'lantern', 'dragon boat festival': 'dragon', 'mid-autumn festival': 'moon', 'mid autumn festival': 'moon',
};

const byLength = (names: string[]) => names.sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
/** Sticky patterns for the holiday names of each language. */
export const ZH_HOLIDAY_RE = new RegExp(`(${byLength(Object.keys(ZH_HOLIDAYS))})`, 'y');
export const EN_HOLIDAY_RE = new RegExp(`(${byLength(Object.keys(EN_HOLIDAYS))})(?![a-z])`, 'y');
