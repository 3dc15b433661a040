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
const UNIT_RE = '(seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|w|fortnights|fortnight|months|month|quarters|quarter|years|year)';
const ORD_RE = '(\\d{1,2})(?:st|nd|rd|th)?|(first|second|third|fourth|fifth|last)';
const TIME_RE = '(\\d{1,2})(?:[:.](\\d{2}))?(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)?';
const MER_RE = '(am|pm|a\\.m\\.|p\\.m\\.)';
const HOUR_WORD_RE = '(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

// "once a week", "twice daily", "3 times per day": how often in a period
const OFTEN_RE = '(once|one\\s+time|twice|thrice|(\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\\s+times)';
const PER_RE = '(?:\\s+(?:a|an|per|each|every)\\s+(day|week|fortnight|month|quarter|year|hour)|\\s+(daily|weekly|fortnightly|monthly|quarterly|yearly|annually|hourly))';

const re = (src: string) => new RegExp(src, 'y');
export const R = {
  every: re(`(?:every|each)${B}`),
  negative: re(`-\\s*\\d`),
  num: re(`${NUM_RE}${B}`),
  // "2h", "30m", "1.5h": a count and its unit written together
  numUnit: re(`(\\d{1,4}(?:\\.\\d{1,3})?)${UNIT_RE}${B}`),
  // "an hour and a half", "2 and a half hours"
  andHalf: re(`and\\s+a\\s+half${B}`),
  unit: re(`${UNIT_RE}${B}`),
  halfHour: re(`half\\s+(?:an\\s+)?hour${B}`),
  fromNow: re(`from\\s+now${B}(?!\\s+on${B})`),
  ordDow: re(`(?:the\\s+)?(?:${ORD_RE})\\s+${DOW_RE}${B}`),
  lastDay: re(`(?:the\\s+)?last\\s+day${B}`),
  ofMonth: re(`of\\s+(?:the|every|each)\\s+month${B}`),
  ofYear: re(`of\\s+(?:the|every|each)\\s+year${B}`),
  ofEveryMonth: re(`of\\s+(?:every|each)\\s+month${B}`),
  ofTheMonth: re(`of\\s+the\\s+month${B}`),
  onThe: re(`(?:on\\s+)?(?:the\\s+)?`),
  // "at the end of every month", "the beginning of each month"
  monthSpan: re(`(?:at\\s+)?(?:the\\s+)?(end|start|beginning)\\s+of\\s+(?:every|each)\\s+month${B}`),
  weekday: re(`(?:weekdays?|working\\s+days?|business\\s+days?|workdays?)${B}(?:\\s*\\(\\s*mon(?:day)?\\s*(?:to|-|–|through)\\s*fri(?:day)?\\s*\\))?`),
  weekend: re(`weekends?${B}`),
  day: re(`day${B}`),
  morning: re(`(morning|evening|afternoon|night)s?${B}`),
  dow: re(`${DOW_RE}${B}`),
  listSep: re(`(?:,\\s*and|,|and|&)${B}?`),
  // "mon/wed/fri" as well as "mon, wed and fri"
  dowSep: re(`(?:,\\s*and|,|and|&|/)`),
  // "mon-fri", "monday to friday", "monday through friday": every day of the span
  dowTo: re(`(?:-|–|to|through|thru)\\s*${DOW_RE}${B}`),
  dowFirst: re(`(?:on\\s+)?${DOW_RE}${B}`),
  monthDay: re(`${MONTH_RE}\\s*(\\d{1,2})(?:st|nd|rd|th)?${B}(?:,?\\s*(\\d{4})${B})?`),
  dayMonth: re(`(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}${B}(?:,?\\s*(\\d{4})${B})?`),
  ordinal: re(`(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)${B}`),
  // "on the 15th", "the 5th": a day of the month, said without a month
  theOrdinal: re(`the\\s+(\\d{1,2})(?:st|nd|rd|th)${B}`),
  // "the first of every month", "the 15th of next month", "last of the month"
  domOf: re(`(?:on\\s+)?(?:the\\s+)?(?:(\\d{1,2})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|last))\\s+of\\s+(the|this|next|every|each)\\s+month${B}`),
  // "start of next month", "the end of this month": once
  monthSpanOnce: re(`(?:at\\s+|by\\s+)?(?:the\\s+)?(end|start|beginning)\\s+of\\s+(this|next)\\s+month${B}`),
  // "month end", "month-end": every month, or this month once?
  monthEnd: re(`month[\\s-]?end${B}`),
  // after "every month": "every month end", "every month's first day"
  monthTail: re(`(?:'s)?\\s*(end|start|beginning|first\\s+day|last\\s+day)${B}`),
  dayNumber: re(`(?:the\\s+)?(\\d{1,2})(?![0-9:])`),
  and: re(`(?:and|,)(?![a-z])`),
  freq: re(`(daily|weekly|bi-?weekly|fortnightly|monthly|quarterly|yearly|annually|hourly)${B}`),
  // only full names take a plural s: "thurs", "tues", "weds" are abbreviations of one day
  plainDows: re(`(?:on\\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)s${B}`),
  plainWeekdays: re(`(?:on\\s+)?(?:weekdays|working\\s+days|business\\s+days|workdays)${B}`),
  on: re(`on${B}`),
  at: re(`(?:at|@)${B}`),
  // a colon after a time ends it when no digit follows ("every monday 9am: standup")
  time: re(`${TIME_RE}(?![a-z0-9]|:\\d)`),
  // "12 noon", "12 midnight": one time, not 12:00 and a second one
  twelve: re(`(?:12|twelve)(?::00)?\\s+(noon|midnight)${B}`),
  // "nine", "nine o'clock", "nine pm": a number word as an hour, after "at"
  hourWord: re(`${HOUR_WORD_RE}(?:\\s+o'?clock)?(?:\\s*${MER_RE})?${B}`),
  // "half past nine", "a quarter to 10", "10 past 9": minutes only in these fixed forms ("ten to
  // five pages" stays task text; "half ten" and "5 to 9" mean different times to different readers)
  pastTo: re(`(?:a\\s+)?(?:(half|quarter|\\d{1,2})\\s+past|(quarter)\\s+to)\\s+(\\d{1,2}|${HOUR_WORD_RE.slice(1, -1)})(?:\\s*${MER_RE})?${B}`),
  noon: re(`(noon|midday|midnight)${B}`),
  range: re(`(?:from|between)${B}`),
  // "EOD", "by close of business": 17:00, said back
  eod: re(`(?:by\\s+)?(?:the\\s+)?(eod|cob|eob|end\\s+of\\s+(?:the\\s+)?(?:business\\s+|work\\s+)?day|close\\s+of\\s+business)${B}`),
  // "end of the week", "by the end of next week": that week's Friday
  weekEnd: re(`(?:by\\s+|at\\s+)?(?:the\\s+)?end\\s+of\\s+(?:the\\s+)?(this\\s+|next\\s+)?week${B}`),
  // "except weekends"; any other "except …" is refused
  exceptWeekends: re(`except\\s+(?:on\\s+)?(?:the\\s+)?(?:weekends?|saturdays?\\s+and\\s+sundays?)${B}`),
  except: re(`except(?:\\s+(?:on\\s+|for\\s+)?[a-z]+)?${B}`),
  // "2-3pm", "9-5": the dash of a range written without from
  dash: re(`\\s*[-–]\\s*`),
  // an hourly step after a range: "9-5 hourly", "9-5, every 2 hours"
  // "during business hours": 9 to 17 on working days
  businessHours: re(`(?:during|in|within)\\s+(?:business|office|working|work)\\s+hours${B}`),
  to: re(`(?:to|until|till|and|-)${B}?`),
  until: re(`(?:until|till|through|ending(?:\\s+on)?)${B}`),
  // "5 times" ends a repetition; "5 times a day" is how often, read by perPeriod
  times: re(`(?:for\\s+)?(-?\\d{1,4})\\s+times${B}(?!${PER_RE}${B})`),
  perPeriod: re(`${OFTEN_RE}${PER_RE}${B}`),
  // "once every two weeks", "once daily": the repetition after it says it all
  onceBefore: re(`once\\s+(?=(?:every|each|daily|weekly|monthly|yearly|annually|hourly)${B})`),
  // chat spellings of tomorrow and tonight ("tmrw", "2moro", "tonite") are read as the words
  today: re(`(today|tonight|tonite|2nite|tomorrow|tmrw|tmr|tmrow|tomorow|tommorow|tommorrow|tomorrw|2moro|2morrow|2morow|yesterday|(?:the\\s+)?day\\s+after\\s+tomorrow)${B}`),
  thisPart: re(`this\\s+(morning|afternoon|evening)${B}`),
  fortnight: re(`fortnight${B}`),
  quarter: re(`quarter${B}`),
  thisNext: re(`(this|next|on|coming)\\s+${DOW_RE}${B}`),
  nextWeek: re(`next\\s+week${B}`),
  // after a weekday: "friday next week", "thursday of next week", "monday after next"
  weekOf: re(`(?:of\\s+)?(this|next)\\s+week${B}|(after)\\s+next${B}`),
  // a week counted from a day, or no day at all: "two weeks from friday", "the week after next"
  weeksFrom: re(`(?:(?:a|one|two|three|four|\\d{1,2})\\s+weeks?\\s+(?:from|after)\\s+(?:next\\s+|this\\s+|on\\s+)?${DOW_RE}|(?:the\\s+)?week\\s+after\\s+next)${B}`),
  // the working day after today, counted ahead: depends on today's weekday and on holidays
  nextWorkday: re(`(?:the\\s+)?next\\s+(?:weekday|working\\s+day|business\\s+day|workday)${B}`),
  workdays: re(`(?:weekdays|working\\s+days|business\\s+days|workdays)${B}`),
  // which day of the weekend is not said: refused when a time comes with it
  theWeekend: re(`(?:on|this|next|over|at|during)\\s+(?:the\\s+)?weekend${B}`),
  plainWeekends: re(`(?:on\\s+)?weekends${B}`),
  // "monday mornings", "weekday evenings": a plural part of the day repeats
  dowParts: re(`(?:on\\s+)?(?:${DOW_RE}|(weekday|weekend))s?\\s+(morning|afternoon|evening|night)s${B}`),
  // "M-F", "MWF", "TTh", "tu/th": US shorthand for sets of weekdays
  dowShort: re(`(?:on\\s+)?(m\\s*-\\s*f|mwf|m/w/f|tth|t/th|tu/th)${B}`),
  // "M W F", "tu th", "m/w": one- or two-letter weekday initials, two or more of them (a lone T is
  // Tuesday or Thursday, so it is not among them)
  dowLetters: re(`(?:on\\s+)?((?:m|tu|w|th|r|f|sa|su)(?:(?:\\s*[,/]\\s*|\\s+)(?:m|tu|w|th|r|f|sa|su)){1,6})${B}`),
  // "mon. and thu.": the dot of an abbreviation
  dot: re('\\.'),
  // "saturday or sunday": both every week, or one of them once?
  orDow: re(`or\\s+${DOW_RE}${B}`),
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
  'in', 'during', 'from', 'between', 'at', 'noon', 'midday', 'midnight', 'today', 'tonight', 'tonite', 'tomor', 'tommor', 'tmr', 'yesterday',
  'day', 'starting', 'beginning', 'once', 'twice', 'thrice', 'one', 'two', 'three', 'four', 'five', 'six', 'seven',
  'eight', 'nine', 'ten', 'a week', 'week after', 'weekend', 'm-f', 'm -', 'mwf', 'm/w', 'tth', 't/th', 'tu/th', 'eod', 'eob', 'cob', 'close of', 'by ', 'except', 'biweekly', 'bi-weekly', 'fortnightly', 'quarterly', 'half', 'a quarter', 'quarter', 'twelve', 'end', 'start', 'second', 'third', 'fourth', 'fifth',
  // weekday initials before another one ("M W F"): a pattern, as OPENERS is a regex
  '(?:m|tu|w|th|r|f|sa|su)[\\s,/]+(?:m|tu|w|th|r|f|sa|su)(?![a-z])',
];

const DAY_OFFSET: Record<string, number> = { today: 0, tonight: 0, tonite: 0, '2nite': 0, yesterday: -1 };

/** The day a `today` match names, from today: 0 today or tonight, 1 tomorrow (any spelling), -1, 2. */
export function dayOffset(word: string): number {
  if (word in DAY_OFFSET) return DAY_OFFSET[word];
  return word.endsWith('tomorrow') && word.includes('after') ? 2 : 1;
}

/** True for "tonight" and its chat spellings. */
export const isTonight = (word: string): boolean => word === 'tonight' || word === 'tonite' || word === '2nite';

export function num(text: string): number {
  return text in WORDS ? WORDS[text] : Number(text);
}

/** A unit's length: `ms` for elapsed units, else the calendar unit and how many of it (a fortnight is 2 weeks). */
export function unitMs(u: string): { ms?: number; k?: 'days' | 'weeks' | 'months' | 'years'; per?: number } {
  if (u.startsWith('f')) return { k: 'weeks', per: 2 };
  if (u.startsWith('q')) return { k: 'months', per: 3 };
  if (u.startsWith('s')) return { ms: SEC };
  if (u === 'm' || u.startsWith('mi')) return { ms: MIN };
  if (u.startsWith('h')) return { ms: HOUR };
  if (u.startsWith('d')) return { k: 'days' };
  if (u.startsWith('w')) return { k: 'weeks' };
  if (u.startsWith('mo')) return { k: 'months' };
  return { k: 'years' };
}

