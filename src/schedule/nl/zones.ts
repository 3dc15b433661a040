// Time zones written beside a time ("9am PST", "北京时间9点"). The schedule is read in the task's
// zone (/tz): a written zone that agrees with it at the reference instant is dropped from the
// task text; one that does not is refused, since reading the time in it would surprise as much
// as ignoring it.
import { offsetMinutes } from '../zone.ts';

// Only a zone next to the phrase counts ("9am PST standup", "9点(北京时间)"): elsewhere the word
// is the task's ("post the UTC logs", "发布北京时间新闻").
const ZONE_SRC = '(?<![a-z])(?:(?:utc|gmt)(?:\\s*[+-]\\s*\\d{1,2}(?::?\\d{2})?)?|pst|pdt|pt|est|edt|et|cst|cdt|ct|mst|mdt|mt|cet|cest|bst|ist|jst|kst|hkt|sgt|aest|aedt|(?:pacific|eastern|central|mountain|london|beijing|tokyo|india)\\s+time)(?![a-z])|(?:北京|东京|纽约|伦敦|美东|美西|太平洋|格林尼治|日本|美国|美国东部|美国西部|美国中部|东部|西部|中部|印度|欧洲|英国|新加坡|香港|台北|悉尼)时间';
export const ZONE = new RegExp(ZONE_SRC);
const ZONE_AFTER = new RegExp(`^\\s*[(（]?\\s*(${ZONE_SRC})\\s*[)）]?`);
const ZONE_BEFORE = new RegExp(`[(（]?\\s*(${ZONE_SRC})\\s*[)）]?\\s*$`);

/** The zone written next to the phrase at [start, end) of `s`: its text and the span to drop (brackets included). */
export function zoneNextTo(s: string, start: number, end: number): { word: string; from: number; to: number } | null {
  const after = ZONE_AFTER.exec(s.slice(end));
  if (after) return { word: after[1], from: end, to: end + after[0].length };
  const before = ZONE_BEFORE.exec(s.slice(0, start));
  if (before) return { word: before[1], from: before.index, to: before.index + before[0].length };
  return null;
}

const FIXED: Record<string, number[]> = {
  pst: [-480], pdt: [-420], mst: [-420], mdt: [-360], cdt: [-300], est: [-300], edt: [-240],
  cst: [480, -360], // China Standard Time or US Central: either may be meant
  cet: [60], cest: [120], bst: [60], jst: [540], kst: [540], hkt: [480], sgt: [480], aest: [600], aedt: [660],
};
const CITY: Record<string, string> = {
  pacifictime: 'America/Los_Angeles', easterntime: 'America/New_York', centraltime: 'America/Chicago', mountaintime: 'America/Denver',
  pt: 'America/Los_Angeles', et: 'America/New_York', ct: 'America/Chicago', mt: 'America/Denver',
  londontime: 'Europe/London', beijingtime: 'Asia/Shanghai', tokyotime: 'Asia/Tokyo', indiatime: 'Asia/Kolkata', ist: 'Asia/Kolkata',
  日本时间: 'Asia/Tokyo', 美国东部时间: 'America/New_York', 美国西部时间: 'America/Los_Angeles', 美国中部时间: 'America/Chicago',
  印度时间: 'Asia/Kolkata', 英国时间: 'Europe/London', 新加坡时间: 'Asia/Singapore', 香港时间: 'Asia/Hong_Kong', 台北时间: 'Asia/Taipei', 悉尼时间: 'Australia/Sydney',
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
