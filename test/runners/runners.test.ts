import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { startRunner, type RunnerProcess } from '../support/runner-process.ts';
import { addRunner } from '../../src/runners/index.ts';
import { runCli, startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

const API_TOKEN = 'runner-suite-admin-token-0123456789';

describe('remote runners, as real processes on loopback', { timeout: 90_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-runners-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, CHATCRON_CONFIG: path.join(dir, 'server.json'), CHATCRON_API_TOKEN: API_TOKEN };
  // The server defines no actions at all: everything runs on the runners.
  fs.writeFileSync(env.CHATCRON_CONFIG, JSON.stringify({ pollIntervalMs: 100, runners: { lapseMs: 1500 } }));
  const runnerConfig = (who: string) => {
    const file = path.join(dir, `${who}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        exec: { env: { WHO: who } },
        actions: {
          who: ['sh', '-c', 'echo ran-on-$WHO'],
          slow: ['sh', '-c', 'echo start-$WHO; sleep 4; echo end-$WHO'],
        },
      }),
    );
    return file;
  };
  let svc: ServiceProcess;
  let database: store.Database;
  const runners: Record<string, RunnerProcess> = {};
  const tokens: Record<string, string> = {};

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(svc.url + url, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as any };
  };
  const addTask = async (body: Record<string, unknown>) => {
    const r = await api('POST', '/api/tasks', { every: '1h', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  };
  const runNow = async (taskId: number) => (await api('POST', `/api/tasks/${taskId}/run`)).body.id as number;
  const finished = (runId: number) =>
    waitFor(async () => {
      const r = await store.findRun(database.db, runId);
      return r && ['succeeded', 'failed', 'timed_out', 'interrupted'].includes(r.status) ? r : undefined;
    }, 20_000, `run ${runId} to finish`);

  beforeAll(async () => {
    // One through the CLI (its JSON is the interface), the other through the same use case in-process:
    // each CLI start costs seconds on a loaded machine.
    const add = await runCli(['runners', 'add', 'r1', '--labels', 'east,shared', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const out = JSON.parse(add.stdout);
    expect(Object.keys(out).sort()).toEqual(['labels', 'name', 'token']);
    expect(out).toMatchObject({ name: 'r1', labels: ['east', 'shared'] });
    tokens.r1 = out.token;
    database = store.openDatabase(env.DATABASE_URL);
    tokens.r2 = (await addRunner(database, 'r2', ['west', 'shared'], Date.now())).token;
    svc = await startServe(env, 180_000);
    const started = await Promise.all(['r1', 'r2'].map((name) => startRunner({ server: svc.url, token: tokens[name], name, config: runnerConfig(name) }, 240_000)));
    runners.r1 = started[0];
    runners.r2 = started[1];
  }, 600_000);
  afterAll(async () => {
    for (const r of Object.values(runners)) r.child.kill('SIGKILL');
    svc?.child.kill('SIGKILL');
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists both runners online with their labels and version, and keeps only a hash of each token', async () => {
    const list = await runCli(['runners', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { name: string; state: string; labels: string[]; version: string; lastSeenAt: string }[];
    expect(rows.map((r) => [r.name, r.state, r.labels.join(',')])).toEqual([
      ['r1', 'online', 'east,shared'],
      ['r2', 'online', 'west,shared'],
    ]);
    expect(rows[0].version).toMatch(/^\d+\.\d+\.\d+/);
    const stored = await store.listRunners(database.db);
    for (const r of stored) expect(r.tokenHash).not.toContain(tokens[r.name].split('.')[2]);
  });

  it('routes each run to a runner carrying its label, which runs its own definition of the action', async () => {
    const east = await addTask({ name: 'east', action: 'who', runOn: 'east' });
    const west = await addTask({ name: 'west', action: 'who', runOn: 'west' });
    for (let i = 0; i < 2; i++) {
      const a = await finished(await runNow(east));
      const b = await finished(await runNow(west));
      expect([a.status, a.runner, a.output?.trim()]).toEqual(['succeeded', 'r1', 'ran-on-r1']);
      expect([b.status, b.runner, b.output?.trim()]).toEqual(['succeeded', 'r2', 'ran-on-r2']);
    }
  });

  it('a runner refuses an action its own configuration does not define, and says so in the run', async () => {
    // The server accepts an action it does not define itself because the task runs on a runner.
    const task = await addTask({ name: 'rogue', action: 'rm-everything', runOn: 'east' });
    const run = await finished(await runNow(task));
    expect(run.status).toBe('failed');
    expect(run.runner).toBe('r1');
    expect(run.error).toBe('r1 has no action named "rm-everything" in its configuration; refused');
  });

  it('the server refuses a command line for a runner at creation', async () => {
    const r = await api('POST', '/api/tasks', { every: '1h', command: ['rm', '-rf', '/'], runOn: 'east' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('runOn');
  });

  it('a runner killed mid-run has the run recorded interrupted and retried on the other runner', async () => {
    const task = await addTask({ name: 'slow', action: 'slow', runOn: 'shared', retries: 1, backoffMs: 0 });
    const runId = await runNow(task);
    const held = await waitFor(async () => {
      const r = await store.findRun(database.db, runId);
      return r?.runner && r.output?.includes('start-') ? r : undefined;
    }, 15_000, 'the slow run to start on a runner');
    const victim = held.runner!;
    const survivor = victim === 'r1' ? 'r2' : 'r1';
    // Live output reached the server while the command was still running.
    expect(held.output).toContain(`start-${victim}`);
    runners[victim].child.kill('SIGKILL');
    const killedAt = Date.now();
    const first = await finished(runId);
    expect(first.status).toBe('interrupted');
    expect(first.error).toContain(`runner ${victim} stopped answering`);
    // Within the documented bound: lapse (1.5 s) + poll interval + sweep (0.5 s).
    expect(first.finishedAt! - killedAt).toBeLessThan(1500 + 100 + 500 + 1000);
    const retry = await waitFor(async () => (await store.listRuns(database.db, task, 10)).find((r) => r.trigger === 'retry' && r.attempt === 2), 10_000, 'the retry');
    const second = await finished(retry.id);
    expect([second.status, second.runner, second.scheduledFor]).toEqual(['succeeded', survivor, first.scheduledFor]);
    expect(second.output).toContain(`end-${survivor}`);
    const list = (await api('GET', '/api/runners')).body.runners as { name: string; state: string }[];
    expect(list.find((r) => r.name === victim)!.state).toBe('offline');
  });

  it('a revoked token is refused at once and its runner stops', async () => {
    const alive = runners.r1.child.exitCode === null && runners.r1.child.signalCode === null ? 'r1' : 'r2';
    const revoke = await runCli(['runners', 'revoke', alive], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    const poll = await fetch(`${svc.url}/runner/poll`, { method: 'POST', headers: { authorization: `Bearer ${tokens[alive]}`, 'content-type': 'application/json' }, body: JSON.stringify({ waitMs: 0 }) });
    expect(poll.status).toBe(401);
    expect(await runners[alive].exited).toBe(2);
    expect(runners[alive].logs.join('')).toContain('the server refused this runner: unauthorized');
    const list = (await api('GET', '/api/runners')).body.runners as { name: string; state: string }[];
    expect(list.find((r) => r.name === alive)!.state).toBe('revoked');
  });

  it('refuses a token with a wrong secret, and labels a runner was not granted', async () => {
    const bad = tokens.r1.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const r = await fetch(`${svc.url}/runner/poll`, { method: 'POST', headers: { authorization: `Bearer ${bad}` }, body: '{}' });
    expect(r.status).toBe(401);
    const add = (await api('POST', '/api/runners', { name: 'r3', labels: ['east'] })).body as { token: string };
    const grab = await fetch(`${svc.url}/runner/poll`, { method: 'POST', headers: { authorization: `Bearer ${add.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ labels: ['west'], waitMs: 0 }) });
    expect(grab.status).toBe(403);
    expect(((await grab.json()) as { error: string }).error).toContain('not granted the label(s) west');
    // Nor may it touch a run it does not hold.
    const other = await fetch(`${svc.url}/runner/runs/1/result`, {
      method: 'POST',
      headers: { authorization: `Bearer ${add.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'succeeded', exitCode: 0, durationMs: 1, output: 'forged', error: null }),
    });
    expect(other.status).toBe(409);
    expect((await store.findRun(database.db, 1))!.output).not.toBe('forged');
    // A poll with nothing to take is held open (a long poll), not answered at once: here up to the
    // server's cap of half the lapse (750 ms), whatever longer wait the runner asks for.
    const t0 = Date.now();
    const idle = await fetch(`${svc.url}/runner/poll`, { method: 'POST', headers: { authorization: `Bearer ${add.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ waitMs: 5000 }) });
    expect(await idle.json()).toMatchObject({ job: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(740);
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});
