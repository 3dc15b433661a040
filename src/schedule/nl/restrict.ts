// A repetition written as restrictions, one cron field per clause, comma-joined or not (issue 21):
// "At 09:30 AM, only on Monday", "on day 15 of the month", "January through March", the way
// cron describers (cRonstrue, in English and zh_CN) write them, and 限每月3号, 仅于二月份.
// Each language's clauses live in restrict-en.ts / restrict-zh.ts; this file joins them into
// one cron line, refusing a field written twice.
import { NlError } from './errors.ts';
import type { Spec } from './spec.ts';

/** The cron fields the clauses restricted so far; undefined is "not said". */
export interface Fields {
  sec?: number;
  min?: number;
  hours?: number[];
  /** "every 2 hours": the step over the hours (all day, or the range `hours` spans). */
  hourStep?: number;
  /** "between 9 and 17": a span of hours, read only with an hourly repetition. */
  hourRange?: [number, number];
  dom?: string;
  month?: string;
  monthStep?: number;
  dow?: string;
  /** how many clauses were read, and how many were restrictions ("only", "through", 限, 仅…). */
  clauses: number;
  markers: number;
}

/** A restriction reading at [start, end): its spec, or the question it asks. */
export type Restricted = { spec: Spec; start: number; end: number; error?: undefined } | { error: NlError; start: number; end: number; spec?: undefined };

/** One clause: a sticky pattern and what its match restricts; false when the match does not fit. */
export interface Clause {
  re: RegExp;
  /** every character the pattern can begin with (a superset): elsewhere it is not tried */
  first: string;
  marker?: boolean;
  apply(m: RegExpExecArray, f: Fields): boolean;
}

const WHITESPACE = /\s/;

/**
 * A language's clauses with, for each character, the clauses that can begin there: most
 * positions of a message can begin none, and a sticky pattern costs a call even where it fails.
 */
export class ClauseTable {
  private readonly ascii = new Uint32Array(128);
  private readonly other = new Map<number, number>();

  constructor(readonly clauses: Clause[]) {
    if (clauses.length > 32) throw new Error('at most 32 clauses');
    clauses.forEach((c, k) => {
      for (const ch of c.first) {
        const code = ch.charCodeAt(0);
        if (code < 128) this.ascii[code] |= 1 << k;
        else this.other.set(code, (this.other.get(code) ?? 0) | (1 << k));
      }
    });
  }

  /** The bits of the clauses that can begin with the character `code`; all of them at a space. */
  at(code: number): number {
    if (code < 128) return code === 0x20 ? -1 : this.ascii[code];
    return this.other.get(code) ?? (WHITESPACE.test(String.fromCharCode(code)) ? -1 : 0);
  }
}

/** Reads clauses from `start` of normalized `s`, separated by `sep`; the end of the last one. */
export function readClauses(s: string, start: number, table: ClauseTable, sep: RegExp): { f: Fields; end: number } | null {
  const f: Fields = { clauses: 0, markers: 0 };
  const clauses = table.clauses;
  let i = start;
  let end = start;
  for (let guard = 0; guard < 12; guard++) {
    if (f.clauses > 0) {
      sep.lastIndex = i;
      if (sep.exec(s)) i = sep.lastIndex;
    }
    if (i >= s.length) break;
    const may = table.at(s.charCodeAt(i));
    let hit = false;
    for (let k = 0; k < clauses.length; k++) {
      if ((may & (1 << k)) === 0) continue;
      const c = clauses[k];
      c.re.lastIndex = i;
      const m = c.re.exec(s);
      if (!m || m[0].length === 0) continue;
      if (!c.apply(m, f)) return null;
      f.clauses++;
      if (c.marker) f.markers++;
      i = c.re.lastIndex;
      end = i;
      hit = true;
      break;
    }
    if (!hit) break;
  }
  return f.clauses > 0 ? { f, end } : null;
}

/** Sets a field once: a second, different value is two readings of one field. */
export function once<K extends 'dom' | 'month' | 'dow'>(f: Fields, k: K, v: string): boolean {
  if (f[k] !== undefined && f[k] !== v) return false;
  f[k] = v;
  return true;
}

/** The writer's "between 9 and 17" with nothing repeating within it: once at 9, or every hour? */
export function askRange(written: string): NlError {
  return new NlError(
    'range_or_hourly',
    { en: `"${written}" reads two ways: every hour in that span, or once at its start`, zh: `“${written}”有两种读法：这段时间内每小时一次，或只在开始时一次` },
    { en: 'write "every hour between 9 and 17", or "at 9"', zh: '请写“9点到17点每小时”，或“9点”' },
  );
}

/** The spec of the cron line the fields make, or null when they make none (both day fields). */
export function toSpec(f: Fields, written: string): Spec | null {
  if (f.dom !== undefined && f.dow !== undefined) return null;
  let hour: string;
  let min = f.min ?? 0;
  if (f.hourStep !== undefined || (f.hours === undefined && f.hourRange && f.min === undefined)) {
    // "every hour, between 09:00 AM and 05:00 PM": the hours of the span, or of the day
    if (f.hours !== undefined && f.hourRange === undefined) return null;
    const step = f.hourStep ?? 1;
    const span = f.hourRange ? `${f.hourRange[0]}-${f.hourRange[1]}` : '*';
    if (f.hourStep === undefined) throw askRange(written);
    hour = step === 1 ? span : `${span}/${step}`;
  } else if (f.hourRange) {
    throw askRange(written);
  } else {
    hour = (f.hours ?? [9]).join(',');
    if (f.hours === undefined && f.min === undefined) min = 0; // the grammar's 09:00 when no time is said
  }
  let month = f.month ?? '*';
  if (f.monthStep !== undefined) month = month === '*' ? `*/${f.monthStep}` : month.includes('-') ? `${month}/${f.monthStep}` : '';
  if (month === '') return null;
  const fields = [`${min}`, hour, f.dom ?? '*', month, f.dow ?? '*'];
  if (f.sec !== undefined) fields.unshift(`${f.sec}`);
  return { rec: { k: 'cron', expr: fields.join(' ') } };
}
