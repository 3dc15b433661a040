// Time zones written beside a time ("9am PST", "北京时间9点"). The schedule is read in the task's
// zone (/tz): a written zone that agrees with it at the reference instant is dropped from the
// task text; one that does not is refused, since reading the time in it would surprise as much
// as ignoring it.
import { offsetMinutes } from '../zone.ts';

export const ZONE = /(?<![a-z])(?:(?:utc|gmt)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|pst|pdt|est|edt|cst|cdt|mst|mdt|cet|cest|bst|jst|kst|hkt|sgt|aest|aedt)(?![a-z])|(?:北京|东京|纽约|伦敦|美东|美西|太平洋|格林尼治)时间/;

const FIXED: Record<string, number[]> = {
  pst: [-480], pdt: [-420], mst: [-420], mdt: [-360], cdt: [-300], est: [-300], edt: [-240],
  cst: [480, -360], // China Standard Time or US Central: either may be meant
  cet: [60], cest: [120], bst: [60], jst: [540], kst: [540], hkt: [480], sgt: [480], aest: [600], aedt: [660],
};
const CITY: Record<string, string> = {
  北京时间: 'Asia/Shanghai', 东京时间: 'Asia/Tokyo', 纽约时间: 'America/New_York', 伦敦时间: 'Europe/London',
  美东时间: 'America/New_York', 美西时间: 'America/Los_Angeles', 太平洋时间: 'America/Los_Angeles', 格林尼治时间: 'UTC',
};

/** The UTC offsets, in minutes at `now`, a written zone may mean. */
function offsetsOf(word: string, now: number): number[] {
  const w = word.toLowerCase().replace(/\s+/g, '');
  if (w in CITY) return [offsetMinutes(now, CITY[w])];
  if (w in FIXED) return FIXED[w];
  const m = /^(?:utc|gmt)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(w);
  if (!m) return [];
  const mins = m[2] ? Number(m[2]) * 60 + Number(m[3] ?? 0) : 0;
  return [m[1] === '-' ? -mins : mins];
}

/** Whether `word` is a written time zone. */
export const isZone = (word: string): boolean => ZONE.test(word.toLowerCase());

/** Whether the written zone agrees with `tz` at `now`. */
export function sameZone(word: string, now: number, tz: string): boolean {
  return offsetsOf(word, now).includes(offsetMinutes(now, tz));
}
