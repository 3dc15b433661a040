// How a corpus phrase fares, as a user would see it: read as meant, refused, or misread
// (accepted with other fire times or other task text, or accepted where a refusal was expected).
import { Cron } from 'croner';
import { nextRuns, toZonedIso } from '../../../src/schedule/index.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';
import type { CorpusCase } from './corpus.ts';

/** What happened to one phrase. */
export type Outcome = 'meant' | 'refused' | 'misread';

const COUNT = 3;

function expectedNext(c: CorpusCase): string[] {
  if (c.at) return c.at.map((iso) => toZonedIso(Date.parse(iso), c.tz));
  const pattern = new Cron(c.cron as string, { paused: true, timezone: c.tz });
  return pattern.nextRuns(COUNT, new Date(c.now)).map((d) => toZonedIso(d.getTime(), c.tz));
}

/** The outcome of `c`: a refusal expected and given (whatever its code) is as meant. */
export function outcome(c: CorpusCase): Outcome {
  const now = Date.parse(c.now);
  const r = parseSchedule(c.text, { now, tz: c.tz });
  if (!r.ok) return c.error ? 'meant' : 'refused';
  if (c.error) return 'misread';
  if (c.kind && r.schedule.kind !== c.kind) return 'misread';
  const got = nextRuns(r.schedule, r.window, now, COUNT).map((ms) => toZonedIso(ms, c.tz));
  const want = expectedNext(c);
  if (got.length !== want.length || got.some((g, i) => g !== want[i])) return 'misread';
  if (c.rest !== undefined && r.rest !== c.rest) return 'misread';
  return 'meant';
}

/** Counts of each outcome over `cases`, with the phrases that were not read as meant. */
export interface Score {
  total: number;
  meant: number;
  refused: number;
  misread: number;
  misses: Array<{ text: string; outcome: Outcome; source: string }>;
}

/** Scores `cases`. */
export function score(cases: readonly CorpusCase[]): Score {
  const s: Score = { total: cases.length, meant: 0, refused: 0, misread: 0, misses: [] };
  for (const c of cases) {
    const o = outcome(c);
    s[o]++;
    if (o !== 'meant') s.misses.push({ text: c.text, outcome: o, source: c.source });
  }
  return s;
}

/** "412/420 meant (98.1 %), 6 refused, 2 misread". */
export function formatScore(s: Score): string {
  const pct = s.total ? ((100 * s.meant) / s.total).toFixed(1) : '0.0';
  return `${s.meant}/${s.total} meant (${pct} %), ${s.refused} refused, ${s.misread} misread`;
}
