import type { Tod } from './calendar.ts';
import type { Note } from './notes.ts';

/** Which day a one-shot phrase names. */
export type DayRef =
  | { k: 'rel'; days: number } // today 0, tomorrow 1, yesterday -1
  | { k: 'week'; dow: number; weeks: number } // this week's (0), next week's (1) … weekday; weeks start Monday
  | { k: 'dow'; dow: number } // a bare weekday: its next future occurrence
  | { k: 'date'; y?: number; yRel?: number; m: number; d: number } // yRel: 明年1月5号 (this year + 1)
  | { k: 'holiday'; key: string; yRel?: number; y?: number; said?: 'next' } // yRel: this year 0, next year 1; none: the next one ("next christmas" too, said back)
  | { k: 'month'; months: number; d: number | 'L' } // 下个月5号, 下个月底: months ahead, day of that month
  | { k: 'dom'; d: number }; // a bare day of the month

/** The n-th weekday of a month; k = 'L' for the last one. */
export interface Nth {
  dow: number;
  k: number | 'L';
}

/** A repetition as written. */
export type Rec =
  | { k: 'interval'; ms: number }
  | { k: 'days'; n: number; dows?: number[] }
  | { k: 'weeks'; n: number; dows?: number[] }
  // from: the first month of an n-month step (1–12); without it, the current month
  | { k: 'months'; n: number; doms?: Array<number | 'L' | 'LW' | '1W'>; nth?: Nth; from?: number }
  | { k: 'years'; m?: number; d?: number; nth?: Nth }
  | { k: 'cron'; expr: string };

/** Everything a schedule phrase said, before defaults are applied. Both grammars fill it. */
export interface Spec {
  rec?: Rec;
  /** weekdays that limit an hourly range ("every weekday from 9 to 17 every 2 hours"). */
  rangeDows?: number[];
  day?: DayRef;
  times?: Tod[];
  /** an evening word without am/pm ("tonight at 8"): hours below 12 move to the afternoon. */
  evening?: boolean;
  range?: { from: Tod; to: Tod };
  /** the time a part of the day stands for when no clock time is given ("tomorrow morning"). */
  partTod?: Tod;
  relMs?: number; // ms, elapsed
  relDays?: number; // calendar days, same wall time
  relMonths?: number; // calendar months, same day of the month (or its last day) and wall time
  at?: number; // ms, an exact instant (ISO with offset)
  until?: DayRef;
  /** how many of the times are the midnight that ends the day named (今晚12点) */
  lateMidnights?: number;
  maxRuns?: number;
  /** months a daily or weekly repetition is limited to ("every day in March"). */
  months?: number[];
  /** the first slot of an elapsed interval ("every 4 hours starting at 7pm"). */
  startTod?: Tod;
  /** what the grammar assumed, said back to the writer. */
  notes?: Note[];
}
