import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/tz-child.ts', import.meta.url));

interface ChildOut {
  processTz: string;
  parsed: Array<{ ok: boolean; next?: string[] }>;
  chrono: unknown[];
}

function runUnder(processTz: string, phrases: string[], now: string, tz: string): ChildOut {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', child, JSON.stringify({ phrases, now, tz })], {
    env: { ...process.env, TZ: processTz },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(stdout) as ChildOut;
}

const PROCESS_ZONES = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];

describe('chrono-node timezone traps', () => {
  it('reads English one-shots the same whatever the process timezone, in the task timezone', () => {
    const phrases = ['the 3rd of April at 5pm', 'tomorrow at 9am', 'next friday at 3pm', 'in 30 minutes', 'Sat, Mar 7 at 10am'];
    const now = '2026-03-04T23:30:00+08:00'; // already Wednesday in Shanghai, still Wednesday morning in UTC
    const runs = PROCESS_ZONES.map((z) => runUnder(z, phrases, now, 'Asia/Shanghai'));
    expect(runs.map((r) => r.processTz)).toEqual(PROCESS_ZONES);
    for (const r of runs.slice(1)) expect(r).toEqual({ ...runs[0], processTz: r.processTz });
    expect(runs[0].parsed.map((p) => p.next?.[0])).toEqual([
      '2026-04-03T17:00:00+08:00',
      '2026-03-05T09:00:00+08:00',
      '2026-03-13T15:00:00+08:00',
      '2026-03-05T00:00:00+08:00',
      '2026-03-07T10:00:00+08:00',
    ]);
  });

  it('passes chrono the offset of the task timezone so its implied day is the local one', () => {
    // 23:30 in Shanghai is 15:30 UTC: "April 3rd" must stay 3 April local, "5pm" 17:00 local
    const r = runUnder('UTC', ['the 3rd of April at 5pm'], '2026-03-04T23:30:00+08:00', 'Asia/Shanghai');
    expect(r.chrono[0]).toEqual({ day: { k: 'date', m: 4, d: 3 }, times: [{ h: 17, m: 0 }] });
  });

  it('reads Chinese relative phrases as exact elapsed time whatever the process timezone', () => {
    const phrases = ['30分钟后', '1个半小时后', '5秒之后出门', '明天上午9点', '今晚8点'];
    const now = '2026-03-04T10:15:00+08:00';
    const runs = PROCESS_ZONES.map((z) => runUnder(z, phrases, now, 'Asia/Shanghai'));
    for (const r of runs.slice(1)) expect(r.parsed).toEqual(runs[0].parsed);
    expect(runs[0].parsed.map((p) => p.next?.[0])).toEqual([
      '2026-03-04T10:45:00+08:00',
      '2026-03-04T11:45:00+08:00',
      '2026-03-04T10:15:05+08:00',
      '2026-03-05T09:00:00+08:00',
      '2026-03-04T20:00:00+08:00',
    ]);
  });

  it('reads a New York phrase the same from a Shanghai process across the DST change', () => {
    const phrases = ['tomorrow at 2:30am', 'every day at 9am', '明天凌晨2点半'];
    const now = '2026-03-07T12:00:00-05:00';
    const [a, b] = ['Asia/Shanghai', 'UTC'].map((z) => runUnder(z, phrases, now, 'America/New_York'));
    expect(a.parsed).toEqual(b.parsed);
    expect(a.parsed.map((p) => p.next?.[0])).toEqual(['2026-03-08T03:00:00-04:00', '2026-03-08T09:00:00-04:00', '2026-03-08T03:00:00-04:00']);
  });
});
