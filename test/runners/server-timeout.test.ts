import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRunner, RunnerAgent } from '../../src/runners/index.ts';
import * as store from '../../src/store/index.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// A runner is another machine: an old version, a hung host, or a command that escaped its kill
// may keep it heartbeating while the run never ends. The server holds the task's timeout itself:
// past it the run is recorded timed_out (and retried per policy), and the runner is told to stop.

const API_TOKEN = 'timeout-suite-api-token-0123456789';
const quiet = { info() {}, warn() {}, error() {} };

describe("the server's deadline on runs held by runners", () => {
  let h: Awaited<ReturnType<typeof startTestService>>;
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(h.svc.url + url, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as any };
  };
  const runner = (token: string) => async (path: string, body: unknown) => {
    const res = await fetch(h.svc.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    // Lapse 3 s: a runner heartbeating every 200 ms is never "silent".
    h = await startTestService({ CHATCRON_API_TOKEN: API_TOKEN }, { pollIntervalMs: 100, runners: { lapseMs: 3000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records a 3 s run timed_out shortly after 3 s although its runner keeps heartbeating, tells the runner to stop, and retries it', async () => {
    const { token } = await addRunner(h.svc.database, 'stuck', [], Date.now());
    const call = runner(token);
    const task = await api('POST', '/api/tasks', { name: 'stuck', every: '1h', action: 'hang', runOn: 'stuck', timeoutMs: 3000, retries: 1, backoffMs: 3_600_000 });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const runId = (await api('POST', `/api/tasks/${task.body.id}/run`)).body.id as number;
    const job = await waitFor(async () => (await call('/runner/poll', { waitMs: 200 })).body.job ?? undefined, 10_000, 'the job');
    expect([job.runId, job.timeoutMs]).toEqual([runId, 3000]);
    // The runner never reports, but says every 200 ms that it is alive and still running it.
    let stop: number[] = [];
    const beating = setInterval(() => {
      void call('/runner/heartbeat', { runs: [runId] }).then((r) => {
        if (r.body.stop?.length) stop = r.body.stop;
      });
    }, 200);
    try {
      const ended = await waitFor(async () => {
        const r = await store.findRun(h.svc.database.db, runId);
        return r && r.status !== 'running' ? r : undefined;
      }, 10_000, 'the run to end');
      expect(ended.status).toBe('timed_out');
      expect(ended.error).toContain('timed out after 3000 ms');
      expect(ended.error).toContain('stuck');
      const held = ended.finishedAt! - ended.startedAt!;
      expect(held).toBeGreaterThanOrEqual(3000);
      expect(held).toBeLessThan(3000 + 2000 + 1000); // the runner's grace to report its own timeout, then a sweep
      await waitFor(async () => (stop.length ? stop : undefined), 3_000, 'the runner to be told to stop');
      expect(stop).toEqual([runId]);
      // Its late output and result are refused: the run is no longer its own.
      expect((await call(`/runner/runs/${runId}/output`, { text: 'late' })).status).toBe(409);
      expect((await call(`/runner/runs/${runId}/result`, { status: 'succeeded', exitCode: 0, durationMs: 9000, output: 'late', error: null })).status).toBe(409);
      const retry = (await store.listRuns(h.svc.database.db, task.body.id, 10)).find((r) => r.trigger === 'retry');
      expect([retry?.status, retry?.attempt]).toEqual(['queued', 2]);
      const shown = (await api('GET', `/api/runs/${runId}`)).body;
      expect(shown.status).toBe('timed_out');
    } finally {
      clearInterval(beating);
    }
  }, 30_000);

  it("a runner told to stop kills the run's command at once", async () => {
    const { token } = await addRunner(h.svc.database, 'obedient', [], Date.now());
    const logs: string[] = [];
    const agent = new RunnerAgent({
      server: h.svc.url,
      token,
      name: 'obedient',
      actions: { long: { argv: [process.execPath, '-e', "console.log('begun'); setTimeout(() => console.log('finished'), 20000)"] } },
      env: {},
      outputLimitBytes: 10_000,
      secrets: [],
      concurrency: 1,
      version: 'test',
      log: { ...quiet, warn: (_o: object, m?: string) => void logs.push(m ?? '') },
      waitMs: 500,
      flushMs: 100,
    });
    const done = agent.run();
    try {
      const task = await api('POST', '/api/tasks', { name: 'long', every: '1h', action: 'long', runOn: 'obedient', timeoutMs: 60_000 });
      const runId = (await api('POST', `/api/tasks/${task.body.id}/run`)).body.id as number;
      await waitFor(async () => ((await store.findRun(h.svc.database.db, runId))?.output?.includes('begun') ? true : undefined), 10_000, 'the command to start');
      // Another replica's sweep ended it (here: directly in the database, as that replica would).
      await store.finishRuns(h.svc.database.db, [runId], { status: 'timed_out', finishedAt: Date.now(), exitCode: null, output: null, error: 'ended elsewhere' });
      const t0 = Date.now();
      await waitFor(async () => (logs.some((l) => /told to stop/.test(l)) ? true : undefined), 5_000, 'the runner to stop the command');
      expect(Date.now() - t0).toBeLessThan(4000);
      expect((await store.findRun(h.svc.database.db, runId))!.error).toBe('ended elsewhere');
      // The command is gone: the runner, asked to stop, has nothing left to wait for (it would wait 20 s).
      agent.stop();
      const t1 = Date.now();
      await done;
      expect(Date.now() - t1).toBeLessThan(3000);
    } finally {
      agent.stop();
      await done.catch(() => {});
    }
  }, 30_000);
});
