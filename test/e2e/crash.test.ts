import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { runCli, startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

describe('crash safety of the real service', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-crash-'));
  const effects = path.join(dir, 'effects.log');
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, CHATCRON_CONFIG: path.join(dir, 'chatcron.config.json') };
  // The command leaves one line per (occurrence, attempt) it starts: the side effect we count.
  const script = `require('fs').appendFileSync(${JSON.stringify(effects)}, process.env.CHATCRON_SCHEDULED_FOR + ' ' + process.env.CHATCRON_ATTEMPT + '\\n'); setTimeout(() => {}, 600)`;
  fs.writeFileSync(env.CHATCRON_CONFIG, JSON.stringify({ actions: { work: [process.execPath, '-e', script] } }));
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    svc?.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the run interrupted by kill -9, retries it, fires nothing twice and keeps the schedule after a restart', async () => {
    const add = await runCli(['add', '--name', 'work', '--every', '1s', '--action', 'work', '--retries', '1', '--backoff', '100ms', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const taskId = JSON.parse(add.stdout).id as number;

    svc = await startServe(env);
    const database = store.openDatabase(env.DATABASE_URL);
    try {
      // Kill it while a command runs: a running row whose command has left its side effect (a row
      // claimed ahead and not yet started is run, not interrupted, after the crash).
      const started = () => (fs.existsSync(effects) ? fs.readFileSync(effects, 'utf8') : '');
      const victim = await waitFor(async () => (await store.listRuns(database.db, taskId, 50)).find((r) => r.status === 'running' && started().includes(`${new Date(r.scheduledFor).toISOString()} 1\n`)), 15_000, 'a running command');
      svc.child.kill('SIGKILL');
      await svc.exited;
      const killedAt = Date.now();

      svc = await startServe(env);
      await waitFor(async () => {
        const runs = await store.listRuns(database.db, taskId, 200);
        return runs.filter((r) => r.status === 'succeeded' && r.scheduledFor > killedAt).length >= 2;
      }, 20_000, 'two successful runs after the restart');
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      svc = undefined;

      const runs = await store.listRuns(database.db, taskId, 500);
      const interrupted = runs.find((r) => r.id === victim.id)!;
      expect(interrupted.status).toBe('interrupted');
      const retry = runs.find((r) => r.trigger === 'retry' && r.scheduledFor === victim.scheduledFor);
      expect(retry?.attempt).toBe(2);
      expect(['succeeded', 'running'].includes(retry!.status) || retry!.status === 'interrupted').toBe(true);
      // No occurrence ran twice: one schedule row per instant, one side effect per (instant, attempt).
      const scheduled = runs.filter((r) => r.trigger === 'schedule').map((r) => r.scheduledFor);
      expect(new Set(scheduled).size).toBe(scheduled.length);
      const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
      expect(new Set(lines).size).toBe(lines.length);
      // The schedule kept going after the restart.
      const task = await store.findTask(database.db, taskId);
      expect(task!.status).toBe('active');
      expect(task!.nextRunAt!).toBeGreaterThan(killedAt);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('refuses a second service on the same SQLite file with a clear message', async () => {
    svc = await startServe(env);
    const second = await startServe(env).catch((e: Error) => e.message);
    expect(second).toContain('another chatcron process');
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(0);
    svc = undefined;
  }, 40_000);
});
