import { nextRuns } from '../next.ts';
import { toZonedIso } from '../zone.ts';
import { parseSchedule } from './parse.ts';

/** The `chatcron parse --json` answer for one input; `now` is ISO, `tz` IANA, `count` ≥ 1. */
export function parseToJson(input: { text: string; now?: string; tz?: string; count?: number }): object {
  const tz = input.tz ?? process.env.CHATCRON_TZ ?? 'UTC';
  const now = input.now != null ? Date.parse(input.now) : Date.now();
  const count = input.count != null && Number.isInteger(input.count) && input.count > 0 ? Math.min(input.count, 1000) : 3;
  if (!Number.isFinite(now)) return { ok: false, error: `"${input.now}" is not an ISO date and time` };
  const r = parseSchedule(String(input.text ?? ''), { now, tz });
  if (!r.ok) return { ok: false, error: r.suggestion ? `${r.error}${r.lang === 'zh' ? '。' : '. '}${r.suggestion}` : r.error };
  const next = nextRuns(r.schedule, r.window, now, count).map((ms) => toZonedIso(ms, tz));
  return { ok: true, kind: r.schedule.kind, expr: r.schedule.expr, next, rest: r.rest, description: r.description, notes: r.notes };
}
