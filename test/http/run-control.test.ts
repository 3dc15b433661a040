import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/databases.ts';
import { READER, startTestService, waitFor } from './service.ts';

type Svc = Awaited<ReturnType<typeof startTestService>>;

// A command that keeps printing, leaves a grandchild that would outlive a kill of the leader
// alone, and says its grandchild's pid, so that the test can see the whole tree die.
const CHATTY = ['sh', '-c', 'sleep 600 & echo "child $!"; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function makeTask(s: Svc, name: string, command: string[], extra: object = {}): Promise<number> {
  const r = await s.call('POST', '/api/tasks', { body: { name, every: '1d', command, ...extra } });
  if (r.status !== 201) throw new Error(r.text);
  return r.json.id as number;
}

describe('stopping a run and following its live log (two replicas on one MariaDB)', { timeout: 60_000 }, () => {
  let a: Svc;
  let b: Svc;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabaseUrl('mysql');
    drop = db.drop;
    a = await startTestService({ url: db.url, config: { minInterval: '1s' } });
    b = await startTestService({ url: db.url, config: { minInterval: '1s' } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('streams a running command’s output through the replica that does not run it, then stops it there: the tree dies and the run reads stopped by whom', async () => {
    const id = await makeTask(a, 'Chatty', CHATTY, { timeoutMs: 300_000 });
    const started = (await a.call('POST', `/api/tasks/${id}/run`)).json;
    const running = await waitFor(async () => {
      const r = (await a.call('GET', `/api/runs/${started.id}`)).json;
      return r.status === 'running' && r.instance ? r : null;
    }, 10_000, 'the run to start');
    // Whichever replica claimed it, the other one answers the reader and takes the stop.
    expect([a.svc.engine.instanceId, b.svc.engine.instanceId]).toContain(running.instance);
    const other = running.instance === a.svc.engine.instanceId ? b : a;
    const live = await waitFor(async () => {
      const o = (await other.call('GET', `/api/runs/${started.id}/output`)).json;
      return o.running && /tick 3\b/.test(o.output ?? '') ? o : null;
    }, 10_000, 'the live log to show three ticks');
    const child = Number(/child (\d+)/.exec(live.output)![1]);
    expect(alive(child)).toBe(true);
    // It grows while it runs.
    await waitFor(async () => /tick 8\b/.test((await other.call('GET', `/api/runs/${started.id}/output`)).json.output ?? ''), 10_000, 'more ticks');

    const stop = await other.call('POST', `/api/runs/${started.id}/stop`);
    expect(stop.status).toBe(202);
    expect(stop.json.state).toBe('stopping');
    const done = await waitFor(async () => {
      const r = (await other.call('GET', `/api/runs/${started.id}`)).json;
      return r.status !== 'running' ? r : null;
    }, 10_000, 'the run to end');
    expect(done.status).toBe('stopped');
    expect(done.error).toMatch(/^stopped by /);
    expect(done.output).toMatch(/tick 8\b/);
    // The live copy goes once the result is written: the recorded output is the one kept.
    const row = await a.svc.database.db.selectFrom('runs').select('liveOutput').where('id', '=', started.id).executeTakeFirst();
    expect(row?.liveOutput ?? null).toBeNull();
    await waitFor(async () => !alive(child), 5_000, 'the grandchild to be killed');
    // History shows it, and a stopped run is not retried.
    const hist = (await other.call('GET', `/api/tasks/${id}/runs`)).json;
    expect(hist.runs.map((r: { status: string }) => r.status)).toEqual(['stopped']);
    // Stopping it again says it is not running.
    const again = await other.call('POST', `/api/runs/${started.id}/stop`);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatch(/not running \(stopped\)/);
  });

  it('refuses a stop from a read-only token', async () => {
    const id = await makeTask(a, 'Chatty too', CHATTY, { timeoutMs: 300_000 });
    const started = (await a.call('POST', `/api/tasks/${id}/run`)).json;
    await waitFor(async () => (await a.call('GET', `/api/runs/${started.id}`)).json.status === 'running', 10_000, 'the run to start');
    const refused = await a.call('POST', `/api/runs/${started.id}/stop`, { token: READER });
    expect(refused.status).toBe(403);
    expect((await a.call('POST', `/api/runs/${started.id}/stop`)).status).toBe(202);
    await waitFor(async () => (await a.call('GET', `/api/runs/${started.id}`)).json.status === 'stopped', 10_000, 'the run to be stopped');
  });

  it('gives a task’s success rate and durations over its latest runs in the summary, and a paused task no fire times', async () => {
    const ok = await makeTask(a, 'Sometimes fails', ['node', '-e', 'process.exit(Number(process.env.CHATCRON_RUN_ID) % 2)']);
    const ran: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = (await a.call('POST', `/api/tasks/${ok}/run`)).json;
      await waitFor(async () => (await a.call('GET', `/api/runs/${r.id}`)).json.finishedAt, 10_000, 'a run to finish');
      ran.push(r.id);
    }
    const sum = (await a.call('GET', `/api/tasks/${ok}/summary`)).json;
    const succeeded = ran.filter((r) => r % 2 === 0).length;
    expect(sum.stats.finished).toBe(4);
    expect(sum.stats.succeeded).toBe(succeeded);
    expect(sum.stats.successRate).toBeCloseTo(succeeded / 4);
    expect(sum.stats.points.map((p: { id: number }) => p.id)).toEqual(ran);
    expect(sum.stats.points.every((p: { durationMs: number }) => p.durationMs >= 0)).toBe(true);
    expect(sum.stats.avgDurationMs).toBeGreaterThanOrEqual(0);
    expect(sum.upcoming.length).toBe(5);
    await a.call('POST', `/api/tasks/${ok}/pause`);
    expect((await a.call('GET', `/api/tasks/${ok}/summary`)).json.upcoming).toEqual([]);
  });
});
