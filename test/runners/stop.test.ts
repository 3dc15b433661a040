import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRunner } from '../../src/runners/index.ts';
import { startTestService, waitFor } from '../http/service.ts';
import { startRunner, type RunnerProcess } from '../support/runner-process.ts';
import { runCli } from '../support/service-process.ts';

type Svc = Awaited<ReturnType<typeof startTestService>>;

// lapseMs 1500 → the hub asks a busy runner for a heartbeat every 300 ms.
const LAPSE_MS = 1500;
// A stop reaches a live runner within a heartbeat (or the answer to its next output post), then
// the kill and the report: well under this on a loaded machine, far under the 600 s the commands run.
const STOP_BOUND_MS = 5_000;
const WEB = { platform: 'web', chatId: 'status-page' };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('stopping a run held by a remote runner (a real runner process on loopback)', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-runner-stop-'));
  let s: Svc;
  let runner: RunnerProcess;

  beforeAll(async () => {
    s = await startTestService({ config: { minInterval: '1s', runners: { lapseMs: LAPSE_MS } } });
    const token = (await addRunner(s.svc.database, 'r1', ['east'], Date.now())).token;
    const config = path.join(dir, 'r1.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        actions: {
          // Says the pid of a grandchild that would outlive a kill of the shell alone, then is silent.
          quiet: ['sh', '-c', 'sleep 600 & echo "child $!"; wait'],
          // Prints all the time: the stop comes back in the answer to an output post.
          chatty: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'],
        },
      }),
    );
    runner = await startRunner({ server: s.url, token, name: 'r1', config }, 240_000);
  }, 300_000);
  afterAll(async () => {
    runner?.child.kill('SIGKILL');
    await s?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runningOnRunner(name: string, action: string, extra: object = {}): Promise<{ task: number; run: number; output: string }> {
    const made = await s.call('POST', '/api/tasks', { body: { name, every: '1d', action, runOn: 'east', timeoutMs: 600_000, retries: 2, backoffMs: 0, ...extra } });
    expect(made.status, made.text).toBe(201);
    const run = (await s.call('POST', `/api/tasks/${made.json.id}/run`)).json;
    const seen = await waitFor(async () => {
      const r = (await s.call('GET', `/api/runs/${run.id}`)).json;
      return r.status === 'running' && r.runner === 'r1' && /child \d+|tick 2\b/.test(r.output ?? '') ? r : null;
    }, 20_000, `run ${run.id} to print on the runner`);
    return { task: made.json.id, run: run.id, output: seen.output };
  }
  const ended = (run: number, ms = 20_000) =>
    waitFor(async () => {
      const r = (await s.call('GET', `/api/runs/${run}`)).json;
      return r.status !== 'running' ? r : null;
    }, ms, `run ${run} to end`);
  const statuses = async (task: number) => (await s.call('GET', `/api/tasks/${task}/runs`)).json.runs.map((r: { status: string }) => r.status);

  it('POST /api/runs/:id/stop on a silent command: the runner is told at its heartbeat, kills the tree, and the run reads stopped by whom, not retried', async () => {
    const { task, run, output } = await runningOnRunner('quiet remote', 'quiet');
    const child = Number(/child (\d+)/.exec(output)![1]);
    expect(alive(child)).toBe(true);
    // The console's live log follows a remote run too.
    expect((await s.call('GET', `/api/runs/${run}/output`)).json).toMatchObject({ running: true, output: expect.stringContaining(`child ${child}`) });
    const asked = Date.now();
    const stop = await s.call('POST', `/api/runs/${run}/stop`);
    expect(stop.status, stop.text).toBe(202);
    expect(stop.json).toMatchObject({ state: 'stopping', stoppedBy: 'console', note: 'runner r1 is told to kill it (within 1 s)' });
    const r = await ended(run);
    expect(Date.now() - asked).toBeLessThan(STOP_BOUND_MS);
    expect(r).toMatchObject({ status: 'stopped', error: 'stopped by console', runner: 'r1' });
    expect(r.output).toContain(`child ${child}`);
    expect((await s.call('GET', `/api/runs/${run}/output`)).json).toMatchObject({ running: false, status: 'stopped', stopRequestedBy: 'console' });
    await waitFor(async () => !alive(child), 5_000, 'the grandchild to be killed');
    expect(await statuses(task)).toEqual(['stopped']);
  });

  it('/stop N in chat, in English and Chinese, on a command that prints: told in the answer to its output', async () => {
    for (const [text, lang, said] of [
      ['/stop', 'en', 'runner r1 is told to kill it'],
      ['/停止', 'zh', '已通知执行器 r1 结束它'],
    ] as const) {
      const { task, run } = await runningOnRunner(`chatty ${lang}`, 'chatty', { chat: WEB });
      const reply = (await s.call('POST', '/api/chat', { body: { text: `${text} ${task}`, lang } })).json.replies[0].text;
      expect(reply).toContain(lang === 'en' ? `Task #${task}: stopping run #${run}` : `任务 #${task}：正在停止执行 #${run}`);
      expect(reply).toContain(said);
      expect(await ended(run)).toMatchObject({ status: 'stopped', error: 'stopped by console' });
      expect(await statuses(task)).toEqual(['stopped']);
    }
  });

  it('`chatcron stop <run>` writes the request; the service tells the runner', async () => {
    const { task, run } = await runningOnRunner('quiet cli', 'quiet');
    const out = await runCli(['stop', String(run)], { DATABASE_URL: s.dbUrl, CHATCRON_RUNNER_LAPSE_MS: String(LAPSE_MS) });
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`run ${run} is being stopped by console; runner r1 is told to kill it`);
    expect(await ended(run)).toMatchObject({ status: 'stopped', error: 'stopped by console' });
    expect(await statuses(task)).toEqual(['stopped']);
  });

  it('ends a run still waiting for a runner at once when it is stopped: no runner gets it afterwards', async () => {
    const made = await s.call('POST', '/api/tasks', { body: { name: 'nobody serves west', every: '1d', action: 'quiet', runOn: 'west', timeoutMs: 600_000, retries: 2 } });
    const run = (await s.call('POST', `/api/tasks/${made.json.id}/run`)).json;
    await waitFor(async () => (await s.call('GET', `/api/runs/${run.id}`)).json.status === 'running', 10_000, 'the run to wait for a runner');
    const stop = await s.call('POST', `/api/runs/${run.id}/stop`);
    expect(stop.json).toMatchObject({ state: 'stopping', note: 'it was waiting for a runner with the label "west": it ends without running' });
    const r = await ended(run.id, 10_000);
    expect(r).toMatchObject({ status: 'stopped', error: 'stopped by console before a runner took it', runner: null });
    expect(await statuses(made.json.id)).toEqual(['stopped']);
  });

  it('says so when the runner is gone: the run is recorded stopped (not interrupted, not retried) when the lapse passes, and the runner kills it when it comes back', async () => {
    const { task, run, output } = await runningOnRunner('frozen runner', 'quiet');
    const child = Number(/child (\d+)/.exec(output)![1]);
    // Frozen, not dead: its command goes on, and it will wake up not knowing what happened.
    runner.child.kill('SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, 900)); // three heartbeats missed
      const stop = await s.call('POST', `/api/runs/${run}/stop?lang=zh`);
      expect(stop.status, stop.text).toBe(202);
      expect(stop.json.note).toMatch(/^执行器 r1 \d+ 秒没有响应，似乎已离线：若继续无响应，这次执行会在 \d+ 秒内记为已停止；执行器恢复后会被告知结束该命令$/);
      const en = await s.call('POST', `/api/runs/${run}/stop`);
      expect(en.json.note).toMatch(/^runner r1 has not answered for \d+ s and looks gone: the run is recorded stopped within \d+ s if it stays silent; if the runner comes back, it is told to kill the command$/);
      const r = await ended(run, 10_000);
      expect(r.status).toBe('stopped');
      expect(r.error).toBe('stopped by console (runner r1 was not answering: if it comes back, it is told to kill the command)');
      expect(await statuses(task)).toEqual(['stopped']);
      expect(alive(child)).toBe(true);
    } finally {
      runner.child.kill('SIGCONT');
    }
    // Back, it names the run in its heartbeat, is told to stop it, and kills it; its late result is refused.
    await waitFor(async () => !alive(child), 10_000, 'the runner to kill the command once it is back');
    expect((await s.call('GET', `/api/runs/${run}`)).json.status).toBe('stopped');
  });
});
