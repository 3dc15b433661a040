import { UserError } from '../domain/index.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+)(ms|s|m|h|d|w)/gy;

/** Parses "2m", "1h30m", "200s", "14d" into ms; throws UserError on anything else. */
export function parseDuration(text: string, field = 'every'): number {
  const s = text.trim().toLowerCase();
  let total = 0;
  PART.lastIndex = 0;
  let matched = 0;
  if (s.length > 0 && s.length <= 40) {
    for (let m = PART.exec(s); m; m = PART.exec(s)) {
      total += Number(m[1]) * UNITS[m[2]];
      matched = PART.lastIndex;
    }
  }
  if (matched !== s.length || s.length === 0) {
    throw new UserError(
      'bad_duration',
      { en: `"${text}" is not a duration; write it like 30s, 2m, 1h30m or 7d`, zh: `“${text}”不是有效的时长，请写成 30s、2m、1h30m 或 7d` },
      field,
    );
  }
  if (total <= 0) {
    throw new UserError('zero_interval', { en: 'the interval must be longer than zero', zh: '间隔必须大于零' }, field);
  }
  return total;
}

/** Formats ms as the shortest duration string parseDuration reads back ("90000" → "1m30s"). */
export function formatDuration(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out || '0s';
}
