// A brute-force cron matcher written apart from the engine (no croner, no src/schedule code): it
// walks real time minute by minute, reads the local clock from Intl itself, and applies the rules
// of DESIGN.md as prose: day of month OR day of week when both are restricted (AND with `+`);
// wall-time rule for every hour field but `*` (a repeated wall minute fires at its first
// occurrence only, a matching wall minute skipped by a gap fires once at the first instant after
// the gap); real-time rule for hour `*` (every instant whose local minute matches fires).

const NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
};

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  dow: number;
  key: number; // minutes since 1970 on the wall clock
}

type DayTest = (w: Wall) => boolean;

function value(s: string): number {
  const v = s.toLowerCase() in NAMES ? NAMES[s.toLowerCase()] : Number(s);
  if (!Number.isInteger(v)) throw new Error(`bad value ${s}`);
  return v;
}

// A set of allowed values for a plain field: *, ?, n, a-b, */s, a-b/s, lists.
function numberSet(field: string, lo: number, hi: number): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let a: number;
    let b: number;
    if (range === '*' || range === '?') [a, b] = [lo, hi];
    else if (range.includes('-')) [a, b] = range.split('-').map(value) as [number, number];
    else [a, b] = [value(range), stepText ? hi : value(range)];
    for (let v = a; v <= b; v += step) out.add(v);
  }
  return out;
}

const daysIn = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();
const dowOf = (y: number, mo: number, d: number) => new Date(Date.UTC(y, mo - 1, d)).getUTCDay();

function nearestWeekday(y: number, mo: number, day: number): number {
  const last = daysIn(y, mo);
  const d = Math.min(day, last);
  const dow = dowOf(y, mo, d);
  if (dow === 6) return d === 1 ? 3 : d - 1;
  if (dow === 0) return d === last ? d - 2 : d + 1;
  return d;
}

function domTest(field: string): DayTest {
  const tests: DayTest[] = field.split(',').map((part) => {
    if (part === 'L') return (w) => w.d === daysIn(w.y, w.mo);
    if (part === 'LW') {
      return (w) => {
        let d = daysIn(w.y, w.mo);
        while (dowOf(w.y, w.mo, d) === 0 || dowOf(w.y, w.mo, d) === 6) d--;
        return w.d === d;
      };
    }
    const nw = /^(\d+)W$/.exec(part);
    if (nw) return (w) => w.d === nearestWeekday(w.y, w.mo, Number(nw[1]));
    const set = numberSet(part, 1, 31);
    return (w) => set.has(w.d);
  });
  return (w) => tests.some((t) => t(w));
}

function dowTest(field: string): DayTest {
  const tests: DayTest[] = field.split(',').map((part) => {
    const nth = /^(\w+)#(\d)$/.exec(part);
    if (nth) return (w) => w.dow === value(nth[1]) % 7 && Math.ceil(w.d / 7) === Number(nth[2]);
    const last = /^(\w+)L$/.exec(part);
    if (last) return (w) => w.dow === value(last[1]) % 7 && w.d + 7 > daysIn(w.y, w.mo);
    const set = new Set([...numberSet(part, 0, 7)].map((v) => v % 7));
    return (w) => set.has(w.dow);
  });
  return (w) => tests.some((t) => t(w));
}

/** A compiled reference matcher: does wall time `w` match, and which DST rule applies. */
export interface RefCron {
  matches: (w: Wall) => boolean;
  realTime: boolean;
}

/** Compiles a 5-field expression for the reference matcher. */
export function refCompile(expr: string): RefCron {
  const [mi, h, domF, mo, dowRaw] = expr.trim().split(/\s+/);
  const and = dowRaw.startsWith('+');
  const dowF = and ? dowRaw.slice(1) : dowRaw;
  const mins = numberSet(mi, 0, 59);
  const hours = numberSet(h, 0, 23);
  const months = numberSet(mo, 1, 12);
  const domAny = domF === '*' || domF === '?';
  const dowAny = dowF === '*' || dowF === '?';
  const dom = domTest(domF);
  const dow = dowTest(dowF);
  const day: DayTest = and || domAny || dowAny ? (w) => dom(w) && dow(w) : (w) => dom(w) || dow(w);
  return {
    matches: (w) => mins.has(w.mi) && hours.has(w.h) && months.has(w.mo) && day(w),
    realTime: h === '*' || h === '*/1',
  };
}

/** The local wall clock of `tz` at every minute of [from, to] (UTC minute boundaries), read from Intl. */
export function timeline(tz: string, from: number, to: number): Array<{ t: number; w: Wall }> {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const out: Array<{ t: number; w: Wall }> = [];
  for (let t = from; t <= to; t += 60_000) {
    const m = /(\d+)\/(\d+)\/(\d+), (\d+):(\d+)/.exec(f.format(new Date(t)))!;
    const [d, mo, y, h, mi] = m.slice(1).map(Number);
    out.push({ t, w: { y, mo, d, h, mi, dow: dowOf(y, mo, d), key: Date.UTC(y, mo - 1, d, h, mi) / 60_000 } });
  }
  return out;
}

/** Every fire instant in (line[0].t, line[last].t] by the reference rules. */
export function refFires(c: RefCron, line: Array<{ t: number; w: Wall }>): number[] {
  const seen = new Set<number>([line[0].w.key]);
  const out: number[] = [];
  for (let i = 1; i < line.length; i++) {
    const { t, w } = line[i];
    const prev = line[i - 1].w.key;
    let fire = false;
    if (c.realTime) fire = c.matches(w);
    else {
      if (c.matches(w) && !seen.has(w.key)) fire = true;
      // wall minutes the clock jumped over
      for (let k = prev + 1; k < w.key && !fire; k++) {
        const d = new Date(k * 60_000);
        const skipped: Wall = { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), dow: d.getUTCDay(), key: k };
        if (!seen.has(k) && c.matches(skipped)) fire = true;
      }
    }
    seen.add(w.key);
    if (fire) out.push(t);
  }
  return out;
}
