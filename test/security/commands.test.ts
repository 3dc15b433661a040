import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, waitFor } from '../http/service.ts';
import { isAlive } from '../support/process.ts';

// How a configured action runs, through the real service: argv without a shell, its own
// working directory, an environment built only from configuration, and the whole process tree
// killed at the timeout. The engine-level variant of the last is in test/engine/policies.test.ts
// ("kills the whole process tree at the timeout and records timed_out").
const NODE = process.execPath;
const HOSTILE_ARGS = ['; rm -rf /', '$(id)', '`id`', '&& echo pwned', '| cat /etc/passwd', '$HOME', '*', "'quoted'", '\\'];
const SERVICE_SECRET = 'service-own-secret-0123456789';

let h: Awaited<ReturnType<typeof startTestService>>;
let dir: string;
let workdir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-cmd-'));
  workdir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-cwd-')));
  // In the service's own environment: a command must not see it.
  process.env.CHATCRON_TEST_SERVICE_PASSWORD = SERVICE_SECRET;
  const grandchild = `require('fs').writeFileSync(process.argv[1], String(process.pid)); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`;
  h = await startTestService({
    config: {
      exec: { env: { DEPLOY_ENV: 'staging' }, outputLimitBytes: 60_000, defaultTimeoutMs: 60_000 },
      actions: {
        argv: [NODE, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...HOSTILE_ARGS],
        where: { argv: [NODE, '-e', 'console.log(process.cwd())'], cwd: workdir },
        env: { argv: [NODE, '-e', 'console.log(JSON.stringify(process.env))'], env: { ACTION_ONLY: 'yes' } },
        // A child that starts a grandchild which ignores SIGTERM, then waits for ever.
        tree: {
          argv: [NODE, '-e', `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}, ${JSON.stringify(path.join(dir, 'grandchild.pid'))}], { stdio: 'ignore' }); setInterval(() => {}, 1000)`],
          timeoutMs: 800,
        },
      },
    },
  });
});
afterAll(async () => {
  delete process.env.CHATCRON_TEST_SERVICE_PASSWORD;
  await h?.close();
  for (const d of [dir, workdir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** Creates a command task for the action, runs it now, and returns the finished run. */
async function runAction(action: string): Promise<{ status: string; output: string | null; error: string | null }> {
  const task = await h.call('POST', '/api/tasks', { body: { every: '1d', action, mode: 'command' } });
  expect(task.status).toBe(201);
  const run = await h.call('POST', `/api/tasks/${task.json.id}/run`);
  expect(run.status).toBe(202);
  return waitFor(async () => {
    const r = await h.call('GET', `/api/runs/${run.json.id}`);
    return ['succeeded', 'failed', 'timed_out'].includes(r.json.status) && r.json;
  }, 15_000, `the run of ${action}`);
}

describe('running a configured action', () => {
  it('passes every argument literally, without a shell to interpret it', async () => {
    const r = await runAction('argv');
    expect(r.status).toBe('succeeded');
    expect(JSON.parse(r.output!.trim())).toEqual(HOSTILE_ARGS);
  });

  it('runs in the working directory configured for the action', async () => {
    const r = await runAction('where');
    expect(r.output!.trim()).toBe(workdir);
  });

  it('gives the command only its configured environment, not the service\'s own secrets', async () => {
    expect(process.env.CHATCRON_TEST_SERVICE_PASSWORD).toBe(SERVICE_SECRET);
    const r = await runAction('env');
    const env = JSON.parse(r.output!.trim()) as Record<string, string>;
    expect(env).toMatchObject({ DEPLOY_ENV: 'staging', ACTION_ONLY: 'yes' });
    expect(env.CHATCRON_TEST_SERVICE_PASSWORD).toBeUndefined();
    expect(Object.keys(env).filter((k) => !/^(PATH|HOME|LANG|DEPLOY_ENV|ACTION_ONLY|CHATCRON_(TASK_ID|RUN_ID|SCHEDULED_FOR|ATTEMPT))$/.test(k))).toEqual([]);
    expect(r.output).not.toContain(SERVICE_SECRET);
  });

  it('kills the whole process tree at the timeout, a grandchild that ignores SIGTERM included', async () => {
    const r = await runAction('tree');
    expect(r.status).toBe('timed_out');
    const pid = Number(fs.readFileSync(path.join(dir, 'grandchild.pid'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    await waitFor(async () => !isAlive(pid), 5_000, `grandchild ${pid} to die`);
    expect(isAlive(pid)).toBe(false);
  });
});
