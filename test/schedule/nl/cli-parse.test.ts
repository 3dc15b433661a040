import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./fixtures/cli-entry.ts', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { input, encoding: 'utf8', timeout: 20_000, env: { ...process.env, CHATCRON_TZ: 'Asia/Shanghai' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('chatcron parse', () => {
  it('prints one JSON object with kind, expr, next, rest and description', () => {
    const r = run(['parse', 'every 2 minutes ping', '--now', '2026-03-04T10:15:00+08:00', '--tz', 'Asia/Shanghai', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      ok: true,
      kind: 'every',
      expr: '2m',
      next: ['2026-03-04T10:17:00+08:00', '2026-03-04T10:19:00+08:00', '2026-03-04T10:21:00+08:00'],
      rest: 'ping',
      description: 'every 2 minutes (Asia/Shanghai)',
      notes: [],
    });
  });

  it('adds what it assumed as notes, in the language of the text', () => {
    const en = JSON.parse(run(['parse', 'at 5 ping the team', '--now', '2026-03-04T10:15:00+08:00', '--tz', 'Asia/Shanghai', '--json']).out);
    expect(en).toMatchObject({ ok: true, next: ['2026-03-05T05:00:00+08:00'], rest: 'ping the team', notes: ['05:00, on the 24-hour clock; write 5pm for 17:00'] });
    const zh = JSON.parse(run(['parse', '每月31号 结账', '--now', '2026-03-04T10:15:00+08:00', '--tz', 'Asia/Shanghai', '--json']).out);
    expect(zh.notes).toEqual(['没有31号的月份跳过（与 cron 相同）；如需每月月底，请写“每月最后一天”']);
  });

  it('exits 1 with the error in the user language and a suggestion', () => {
    const r = run(['parse', '昨天下午5点', '--now', '2026-03-04T10:15:00+08:00', '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out) as { ok: boolean; error: string };
    expect(body.ok).toBe(false);
    expect(body.error).toContain('已经过去');
    expect(body.error).toContain('明天上午9点');
  });

  it('uses CHATCRON_TZ and honours --count', () => {
    const r = run(['parse', '每天早上9点', '--now', '2026-03-04T10:15:00+08:00', '--count', '2', '--json']);
    expect(JSON.parse(r.out).next).toEqual(['2026-03-05T09:00:00+08:00', '2026-03-06T09:00:00+08:00']);
  });

  it('prints a readable form without --json', () => {
    const r = run(['parse', 'every weekday at 9:30 standup', '--now', '2026-03-04T10:15:00-05:00', '--tz', 'America/New_York']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('every weekday at 09:30 (America/New_York)');
    expect(r.out).toContain('task: standup');
    expect(r.out).toContain('2026-03-05T09:30:00-05:00');
  });

  it('answers one line per JSON line with --jsonl', () => {
    const input = [
      JSON.stringify({ text: '30分钟后', now: '2026-03-04T10:15:00+08:00', tz: 'Asia/Shanghai', count: 1 }),
      JSON.stringify({ text: 'every 0 minutes', now: '2026-03-04T10:15:00+08:00' }),
      'not json',
    ].join('\n');
    const r = run(['parse', '--jsonl'], `${input}\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; next?: string[] });
    expect(lines.map((l) => l.ok)).toEqual([true, false, false]);
    expect(lines[0].next).toEqual(['2026-03-04T10:45:00+08:00']);
  });
});
