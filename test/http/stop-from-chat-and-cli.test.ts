import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/service-process.ts';
import { startTestService, waitFor } from './service.ts';

type Svc = Awaited<ReturnType<typeof startTestService>>;

const CHATTY = ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];
const CONSOLE_CHAT = { platform: 'web', chatId: 'status-page' };

describe('stopping runs from chat and the CLI', { timeout: 60_000 }, () => {
  let s: Svc;
  beforeAll(async () => {
    s = await startTestService({ config: { minInterval: '1s' } });
  });
  afterAll(async () => s?.close());

  async function runningRun(name: string): Promise<{ task: number; run: number }> {
    const r = await s.call('POST', '/api/tasks', { body: { name, every: '1d', command: CHATTY, timeoutMs: 300_000, chat: CONSOLE_CHAT } });
    if (r.status !== 201) throw new Error(r.text);
    const run = (await s.call('POST', `/api/tasks/${r.json.id}/run`)).json;
    await waitFor(async () => /tick 2\b/.test((await s.call('GET', `/api/runs/${run.id}/output`)).json.output ?? ''), 10_000, 'the command to print');
    return { task: r.json.id, run: run.id };
  }
  const ended = (run: number) =>
    waitFor(async () => {
      const r = (await s.call('GET', `/api/runs/${run}`)).json;
      return r.status !== 'running' ? r : null;
    }, 10_000, `run ${run} to end`);

  it('stops what a task runs with /stop N, and says who stopped it', async () => {
    const { task, run } = await runningRun('Chatty en');
    const reply = (await s.call('POST', '/api/chat', { body: { text: `/stop ${task}`, lang: 'en' } })).json.replies[0].text;
    expect(reply).toContain(`Task #${task}: stopping run #${run}`);
    const by = /stopped by (.+)\.$/.exec(reply)![1];
    const r = await ended(run);
    expect(r.status).toBe('stopped');
    expect(r.error).toBe(`stopped by ${by}`);
    const none = (await s.call('POST', '/api/chat', { body: { text: `/stop ${task}`, lang: 'en' } })).json.replies[0].text;
    expect(none).toContain(`task ${task} has no run in progress`);
  });

  it('stops it with /停止 N in Chinese', async () => {
    const { task, run } = await runningRun('Chatty zh');
    const reply = (await s.call('POST', '/api/chat', { body: { text: `/停止 ${task}`, lang: 'zh' } })).json.replies[0].text;
    expect(reply).toContain(`任务 #${task}：正在停止执行 #${run}`);
    expect((await ended(run)).status).toBe('stopped');
    const none = (await s.call('POST', '/api/chat', { body: { text: `/停止 ${task}`, lang: 'zh' } })).json.replies[0].text;
    expect(none).toContain(`任务 ${task} 没有正在执行的运行`);
  });

  it('stops a running run with `chatcron stop <run>`: the CLI writes the request, the service kills it', async () => {
    const { run } = await runningRun('Chatty cli');
    const out = await runCli(['stop', String(run)], { DATABASE_URL: s.dbUrl });
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`run ${run} is being stopped by console`);
    const r = await ended(run);
    expect(r.status).toBe('stopped');
    expect(r.error).toBe('stopped by console');
    const again = await runCli(['stop', String(run)], { DATABASE_URL: s.dbUrl });
    expect(again.code).toBe(1);
    expect(again.stderr + again.stdout).toContain(`run #${run} is not running (stopped)`);
  });

  it('ends a queued retry at once when it is stopped: nothing runs it later', async () => {
    const r = await s.call('POST', '/api/tasks', { body: { name: 'Fails', every: '1d', command: ['sh', '-c', 'exit 3'], retries: 2, backoffMs: 3_600_000 } });
    const first = (await s.call('POST', `/api/tasks/${r.json.id}/run`)).json;
    await ended(first.id);
    const queued = await waitFor(async () => (await s.call('GET', `/api/tasks/${r.json.id}/runs`)).json.runs.find((x: { status: string }) => x.status === 'queued'), 5_000, 'the retry to be queued');
    const stop = await s.call('POST', `/api/runs/${queued.id}/stop`);
    expect(stop.status).toBe(202);
    expect(stop.json.state).toBe('stopped');
    expect(stop.json.status).toBe('stopped');
    const runs = (await s.call('GET', `/api/tasks/${r.json.id}/runs`)).json.runs.map((x: { status: string }) => x.status);
    expect(runs).toEqual(['stopped', 'failed']);
  });
});
