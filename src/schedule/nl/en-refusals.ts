// English phrases read as a schedule word only in part, refused with what to write instead:
// a day named after a weekday ("black friday"), a week counted from a day, a working day ahead.
import { NlError } from './errors.ts';

// Named days whose date is not a plain weekday: left to the holiday table, they would be read as
// "friday" with "black" in the task. Easter moves with the moon; Black Friday follows Thanksgiving.
const NAMED_BEFORE = /(?<![a-z])(black|cyber|good|holy|maundy|ash|palm|easter|whit|giving|super\s+bowl|small\s+business)\s+$/;

/** The name of a named day ("Black Friday") ending at `at` of `s` with the weekday after it, or null. */
export function namedDayBefore(s: string, at: number, dow: string): string | null {
  const m = NAMED_BEFORE.exec(s.slice(Math.max(0, at - 16), at));
  return m ? `${m[1]} ${dow}` : null;
}

/** "Black Friday", "Good Friday": a named day whose date is not computed. */
export function namedDay(written: string): NlError {
  return new NlError(
    'named_day',
    { en: `"${written}" is a named day whose date I do not compute`, zh: `“${written}”是特定节日，无法推算它的日期` },
    { en: 'write its date, e.g. "on November 27 at 9am"', zh: '请直接写日期，例如“11月27日上午9点”' },
  );
}

/** "two weeks from friday", "the week after next", "friday after next": which day is meant. */
export function whichWeek(written: string): NlError {
  return new NlError(
    'which_week',
    { en: `"${written}" does not name a day I can count to`, zh: `“${written}”无法确定是哪一天` },
    { en: 'write the date, e.g. "on March 16", or the day of next week, e.g. "friday next week"', zh: '请写日期，例如“3月16日”，或写“下周五”' },
  );
}

/** "next business day", "in 3 business days": working days counted ahead of today. */
export function workdayAhead(written: string): NlError {
  return new NlError(
    'working_day_ahead',
    { en: `"${written}" counts working days ahead, which I do not do`, zh: `“${written}”需要按工作日往后推算，暂不支持` },
    { en: 'name the day, e.g. "tomorrow at 9am" or "on Monday at 9am"', zh: '请写明哪一天，例如“明天上午9点”或“周一上午9点”' },
  );
}

/** "on the weekend at 10am": Saturday or Sunday? */
export function whichWeekendDay(written: string): NlError {
  return new NlError(
    'which_day',
    { en: `"${written}" does not say whether Saturday or Sunday is meant`, zh: `“${written}”没有说明是周六还是周日` },
    { en: 'name the day, e.g. "on Saturday at 10am", or write "every weekend at 10am" to repeat on both', zh: '请写明哪一天，例如“周六上午10点”；如需每周六日重复，请写“每周末上午10点”' },
  );
}

/** "except holidays", "except fridays": only "except weekends" is read. */
export function exceptOther(written: string): NlError {
  return new NlError(
    'except',
    { en: `"${written}" is not understood: only "except weekends" is`, zh: `无法识别“${written}”：只支持“except weekends”（周末除外）` },
    { en: 'name the days instead, e.g. "every Mon to Thu at 9am"; public holidays are not known', zh: '请直接写明星期几，例如“每周一到周四上午9点”；法定节假日暂不识别' },
  );
}

/** "saturday or sunday": both days every week, or one of them once. */
export function eitherDay(written: string): NlError {
  return new NlError(
    'either_day',
    { en: `"${written}" reads two ways: both days every week, or one of them once`, zh: `“${written}”有两种读法：每周这两天都提醒，或只在其中一天提醒一次` },
    { en: 'write "every Saturday and Sunday", or name one day', zh: '请写“每周六和周日”，或只写一天' },
  );
}
