// English words and patterns for the schedule grammar in en*.ts. Every pattern is sticky (y)
// and free of nested quantifiers, so matching is linear in the input.
export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

export const DOWS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
export const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, other: 2,
};
export const ORDINALS: Record<string, number | 'L'> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: 'L' };

export const B = '(?![a-z0-9])'; // word end
const DOW_RE = '(sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tues|tue|wed|thurs|thur|thu|fri|sat)s?';
const MONTH_RE = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
const NUM_RE = '(-?\\d{1,4}(?:\\.\\d{1,3})?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|other)';
const UNIT_RE = '(seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|w|months|month|years|year)';
const ORD_RE = '(\\d{1,2})(?:st|nd|rd|th)?|(first|second|third|fourth|fifth|last)';
const TIME_RE = '(\\d{1,2})(?:[:.](\\d{2}))?(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?';

// "once a week", "twice daily", "3 times per day": how often in a period
const OFTEN_RE = '(once|one\\s+time|twice|thrice|(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\\s+times)';
const PER_RE = '(?:\\s+(?:a|an|per|each|every)\\s+(day|week|fortnight|month|quarter|year|hour)|\\s+(daily|weekly|fortnightly|monthly|quarterly|yearly|annually|hourly))';

const re = (src: string) => new RegExp(src, 'y');
export const R = {
  every: re(`(?:every|each)${B}`),
  negative: re(`-\\s*\\d`),
  num: re(`${NUM_RE}${B}`),
  unit: re(`${UNIT_RE}${B}`),
  halfHour: re(`half\\s+(?:an\\s+)?hour${B}`),
  ordDow: re(`(?:the\\s+)?(?:${ORD_RE})\\s+${DOW_RE}${B}`),
  lastDay: re(`(?:the\\s+)?last\\s+day${B}`),
  ofMonth: re(`of\\s+(?:the|every|each)\\s+month${B}`),
  ofYear: re(`of\\s+(?:the|every|each)\\s+year${B}`),
  weekday: re(`(?:weekdays?|working\\s+days?|business\\s+days?|workdays?)${B}(?:\\s*\\(\\s*mon(?:day)?\\s*(?:to|-|–|through)\\s*fri(?:day)?\\s*\\))?`),
  weekend: re(`weekends?${B}`),
  day: re(`day${B}`),
  morning: re(`(morning|evening|afternoon|night)s?${B}`),
  dow: re(`${DOW_RE}${B}`),
  listSep: re(`(?:,\\s*and|,|and|&)${B}?`),
  monthDay: re(`${MONTH_RE}\\s*(\\d{1,2})(?:st|nd|rd|th)?${B}(?:,?\\s*(\\d{4})${B})?`),
  dayMonth: re(`(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}${B}(?:,?\\s*(\\d{4})${B})?`),
  ordinal: re(`(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)${B}`),
  dayNumber: re(`(?:the\\s+)?(\\d{1,2})(?![0-9:])`),
  and: re(`(?:and|,)(?![a-z])`),
  freq: re(`(daily|weekly|monthly|yearly|annually|hourly)${B}`),
  plainDows: re(`(?:on\\s+)?${DOW_RE.replace('s?', 's')}${B}`),
  plainWeekdays: re(`(?:on\\s+)?(?:weekdays|working\\s+days|business\\s+days|workdays)${B}`),
  on: re(`on${B}`),
  at: re(`(?:at|@)${B}`),
  time: re(`${TIME_RE}(?![a-z0-9:])`),
  noon: re(`(noon|midday|midnight)${B}`),
  range: re(`(?:from|between)${B}`),
  to: re(`(?:to|until|till|and|-)${B}?`),
  until: re(`(?:until|till|through|ending(?:\\s+on)?)${B}`),
  // "5 times" ends a repetition; "5 times a day" is how often, read by perPeriod
  times: re(`(?:for\\s+)?(-?\\d{1,4})\\s+times${B}(?!${PER_RE}${B})`),
  perPeriod: re(`${OFTEN_RE}${PER_RE}${B}`),
  // "once every two weeks", "once daily": the repetition after it says it all
  onceBefore: re(`once\\s+(?=(?:every|each|daily|weekly|monthly|yearly|annually|hourly)${B})`),
  today: re(`(today|tonight|tomorrow|yesterday|(?:the\\s+)?day\\s+after\\s+tomorrow)${B}`),
  thisNext: re(`(this|next|on|coming)\\s+${DOW_RE}${B}`),
  nextWeek: re(`next\\s+week${B}`),
  iso: re(`(\\d{4})-(\\d{2})-(\\d{2})(?:[t\\s](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,3})?)?)?(z|[+-]\\d{2}:?\\d{2})?(?![0-9])`),
  in: re(`in${B}`),
  partOfDay: re(`(?:in\\s+the\\s+)?(morning|afternoon|evening|night)${B}`),
  slash: re(`(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?(?![0-9/])`),
  starting: re(`(?:starting|beginning|from)(?:\\s+(?:at|from))?${B}`),
  inMonth: re(`(?:in|during)\\s+${MONTH_RE}${B}`),
  month: re(`${MONTH_RE}${B}`),
  monthEdge: re(`(?:on\\s+)?(?:the\\s+)?(last|first)\\s+(?:(working|business|week|work)\\s*day|day)(?:\\s+of\\s+(?:the|every|each)\\s+month${B}|(?=\\s*$))`),
  monthEdgeShort: re(`(last|first)\\s+(working|business|work)\\s*day${B}`),
  compactTime: re(`(\\d{1,2})(\\d{2})\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z0-9])`),
  compact24: re(`(0\\d|1\\d|2[0-3])([0-5]\\d)(?:\\s*(?:h|hrs|hours))?(?![0-9:a-z\\-/.])`),
  yearWord: re(`(this|next|every)\\s+year'?s?${B}`),
};

/**
 * The words an English clause can open with (holiday names aside), as prefixes: a month or
 * weekday name, a number, a preposition. A superset on purpose: it only spares the grammar the
 * word starts where no clause can match.
 */
export const OPENER_WORDS = [
  'every', 'each', 'for', 'until', 'till', 'through', 'ending', 'cron', 'on', 'the', 'last', 'first', 'this', 'next',
  'coming', 'daily', 'weekly', 'monthly', 'yearly', 'annually', 'hourly', 'weekday', 'work', 'business', 'sun', 'mon',
  'tue', 'wed', 'thu', 'fri', 'sat', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
  'in', 'during', 'from', 'between', 'at', 'noon', 'midday', 'midnight', 'today', 'tonight', 'tomorrow', 'yesterday',
  'day', 'starting', 'beginning', 'once', 'twice', 'thrice', 'one', 'two', 'three', 'four', 'five', 'six', 'seven',
  'eight', 'nine', 'ten',
];

export function num(text: string): number {
  return text in WORDS ? WORDS[text] : Number(text);
}

export function unitMs(u: string): { ms?: number; k?: 'days' | 'weeks' | 'months' | 'years' } {
  if (u.startsWith('s')) return { ms: SEC };
  if (u === 'm' || u.startsWith('mi')) return { ms: MIN };
  if (u.startsWith('h')) return { ms: HOUR };
  if (u.startsWith('d')) return { k: 'days' };
  if (u.startsWith('w')) return { k: 'weeks' };
  if (u.startsWith('mo')) return { k: 'months' };
  return { k: 'years' };
}

