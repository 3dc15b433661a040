import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { startTestService, waitFor } from '../http/service.ts';
import { freshDatabaseUrl } from '../support/databases.ts';
import { runCli } from '../support/service-process.ts';
import { blocksUnder, shellWords, tableUnder, withoutRemark } from './readme.ts';

// The README's CLI examples, run through the real CLI (a child process, from the sources) against
// a temp SQLite file that a real service, in this process, runs: what the README says each
// prints is what a user sees. A new example without an expectation here fails the suite.

type Cli = Awaited<ReturnType<typeof runCli>>;

/** What each line of "Try it in a minute" must do (keyed by the line, `npx chatcron` and the remark removed). */
const TRY_IT: Record<string, (out: Cli) => void | Promise<void>> = {
  'add --name disk --every 2s --command df -h': (out) => {
    expect(out.stdout).toMatch(/^added #1 +active +every 2s .* disk$/m);
  },
  'history 1 --json': (out) => {
    const runs = JSON.parse(out.stdout) as { status: string; output: string; exitCode: number }[];
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[runs.length - 1]).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(runs[runs.length - 1].output).toMatch(/^Filesystem/m);
  },
  'parse "每周一三五上午10点 开周会" --tz Asia/Shanghai --json': (out) => {
    const p = JSON.parse(out.stdout);
    expect(p).toMatchObject({ ok: true, kind: 'cron', expr: '0 10 * * 1,3,5', rest: '开周会' });
    expect(p.next.length).toBeGreaterThanOrEqual(3);
    for (const at of p.next as string[]) {
      expect(at).toMatch(/T10:00:00(\.000)?\+08:00$/);
      expect([1, 3, 5]).toContain(new Date(Date.parse(at) + 8 * 3_600_000).getUTCDay());
    }
  },
  '--help': (out) => {
    for (const cmd of ['serve', 'migrate', 'parse', 'add', 'list', 'show', 'pause', 'resume', 'run', 'history', 'done', 'delete', 'stop', 'runners', 'runner']) {
      expect(out.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
  },
};

/** What each schedule example of the `add` row makes (the task as `--json` prints it). */
const ADD_FLAGS: Record<string, (t: { schedule: { kind: string; expr: string; tz: string; anchor: string | null }; nextRunAt: string; createdAt: string }) => void> = {
  '--cron "0 */2 * * * *"': (t) => expect(t.schedule).toMatchObject({ kind: 'cron', expr: '0 */2 * * * *' }),
  '--every 2m': (t) => {
    expect(t.schedule).toMatchObject({ kind: 'every', expr: '2m' });
    // The first fire is creation + 2 min (nextRunAt is printed to the second).
    expect(Math.abs(Date.parse(t.nextRunAt) - (Date.parse(t.createdAt) + 120_000))).toBeLessThan(1000);
  },
  // The README said 2026-12-01, a day already past when this was written: refused as "in the past".
  '--at 2030-12-01T09:00+08:00': (t) => {
    expect(t.schedule.kind).toBe('once');
    expect(Date.parse(t.nextRunAt)).toBe(Date.parse('2030-12-01T01:00:00Z'));
  },
  '--text "every weekday 9:30"': (t) => expect(t.schedule).toMatchObject({ kind: 'cron', expr: '30 9 * * 1-5' }),
};

describe('the README’s CLI examples, through the real CLI', { timeout: 240_000 }, () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabaseUrl('sqlite');
    drop = db.drop;
    env = { DATABASE_URL: db.url };
    // Migrated by the first CLI command as a user's first `add` would do it; the service starts after it.
    s = await startTestService({ url: db.url, config: { minInterval: '1s' } });
  });
  afterAll(async () => {
    await s?.close();
    await drop?.();
  });

  const tryIt = blocksUnder('Try it in a minute')[0].lines.map(withoutRemark).filter(Boolean);

  it('finds the examples, and knows what each must do', () => {
    expect(tryIt.length).toBeGreaterThanOrEqual(4);
    for (const line of tryIt) {
      expect(line.startsWith('npx chatcron '), line).toBe(true);
      expect(Object.keys(TRY_IT), `README example without an expectation: ${line}`).toContain(line.slice('npx chatcron '.length));
    }
  });

  it('runs "Try it in a minute" line by line: the task is added, the service runs df, history shows it, parse reads the Chinese schedule', async () => {
    for (const line of tryIt) {
      const args = line.slice('npx chatcron '.length);
      if (args.startsWith('history')) {
        // "the runs, as the service records them": the service runs the task every 2 s.
        await waitFor(async () => (await store.listRuns(s.svc.database.db, 1, 10)).some((r) => r.status === 'succeeded'), 20_000, 'df to have run');
      }
      const out = await runCli(shellWords(args), env);
      expect(out.code, `${line}\n${out.stderr}`).toBe(0);
      await TRY_IT[args](out);
    }
  });

  it('adds a task with each schedule example of the `add` row, and reads an --at without an offset in --tz', async () => {
    const row = tableUnder('Try it in a minute').find((r) => r[0] === '`add`');
    expect(row, 'the command table has an `add` row').toBeDefined();
    const examples = [...row![1].matchAll(/`(--(?:cron|every|at|text) [^`]+)`/g)].map((m) => m[1]);
    expect(examples.sort()).toEqual(Object.keys(ADD_FLAGS).sort());
    for (const [i, flag] of examples.entries()) {
      const out = await runCli(['add', '--name', `row ${i}`, '--message', 'hello', ...shellWords(flag), '--json'], env);
      expect(out.code, `${flag}\n${out.stderr}`).toBe(0);
      ADD_FLAGS[flag](JSON.parse(out.stdout));
    }
    expect(row![1]).toContain('(without an offset, the wall time in `--tz`)');
    const wall = await runCli(['add', '--name', 'wall time', '--message', 'hello', '--at', '2030-12-01T09:00', '--tz', 'Asia/Shanghai', '--json'], env);
    expect(wall.code, wall.stderr).toBe(0);
    expect(Date.parse(JSON.parse(wall.stdout).nextRunAt)).toBe(Date.parse('2030-12-01T01:00:00Z'));
  });
});
