import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as app from '../../src/app/index.ts';
import { OPERATOR } from '../../src/app/index.ts';
import * as store from '../../src/store/index.ts';
import { isAlive } from '../support/process.ts';
import { startServe, waitFor, type ServiceProcess } from '../support/service-process.ts';

// The real service under SIGTERM and SIGKILL, on SQLite: a clean stop records what it had to stop
// as interrupted (not failed) and exits 0 at once; commands never outlive a killed service.
describe('stopping the real service', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-stop-'));
  let pids = '';
  // Writes its pid and a grandchild's (which keeps stdout open), then works for `SECONDS`.
  const script = `const {spawn}=require('child_process');const g=spawn(process.execPath,['-e','setTimeout(()=>{},60000)'],{stdio:['ignore','inherit','inherit']});require('fs').appendFileSync(process.env.PIDS, process.env.CHATCRON_RUN_ID+' '+process.pid+' '+g.pid+'\\n');setTimeout(()=>process.exit(0), Number(process.env.SECONDS)*1000)`;
  let n = 0;
  let svc: ServiceProcess | undefined;
  const setup = (seconds: number, extra: Record<string, string> = {}) => {
    const d = path.join(dir, String(++n));
    fs.mkdirSync(d);
    const env = { DATABASE_URL: `sqlite:${path.join(d, 'db.sqlite')}`, CHATCRON_CONFIG: path.join(d, 'chatcron.config.json'), CHATCRON_POLL_INTERVAL_MS: '100', ...extra };
    pids = path.join(d, 'pids'); // one file per service: run ids start at 1 in each database
    fs.writeFileSync(env.CHATCRON_CONFIG, JSON.stringify({ actions: { work: { argv: [process.execPath, '-e', script], env: { SECONDS: String(seconds), PIDS: pids } } } }));
    return env;
  };
  const started = (runId: number) => {
    const line = (fs.existsSync(pids) ? fs.readFileSync(pids, 'utf8') : '').split('\n').find((l) => l.startsWith(`${runId} `));
    return line ? { pid: Number(line.split(' ')[1]), grandchild: Number(line.split(' ')[2]) } : undefined;
  };
  afterEach(() => {
    svc?.child.kill('SIGKILL');
    svc = undefined;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function runningCommand(env: Record<string, string>, retries: number) {
    const database = store.openDatabase(env.DATABASE_URL);
    await store.migrateToLatest(database);
    const ctx: app.AppContext = { database, now: () => Date.now(), defaultTz: 'UTC', minIntervalMs: 0, actionNames: ['work'], notify: () => {} };
    const taskId = (await app.createTask(ctx, OPERATOR, { name: 'work', every: '1h', action: 'work', retries, backoffMs: 100 })).id;
    svc = await startServe(env, 60_000);
    await app.runTaskNow(ctx, OPERATOR, taskId);
    const r = await waitFor(async () => (await store.listRuns(database.db, taskId, 10)).find((x) => x.status === 'running' && started(x.id)), 15_000, 'a running command');
    return { taskId, run: r, proc: started(r.id)!, database };
  }

  it('exits 0 as soon as a running command finishes within the grace time, recording it succeeded', async () => {
    const env = setup(2, { CHATCRON_SHUTDOWN_GRACE_MS: '20000' });
    const { run, proc, database } = await runningCommand(env, 0);
    svc!.child.kill('SIGTERM');
    expect(await svc!.exited).toBe(0);
    const done = (await store.findRun(database.db, run.id))!;
    expect(done.status).toBe('succeeded');
    // The command finished 2 s after it started (its background child does not count): the
    // service left then, not at the end of the 20 s grace.
    expect(done.finishedAt! - done.startedAt!).toBeLessThan(5000);
    expect(Date.now() - done.finishedAt!, 'stopped when the command finished').toBeLessThan(5000);
    expect(isAlive(proc.grandchild)).toBe(false);
    await database.close();
  }, 90_000);

  it('records a command stopped after the grace time interrupted, posts no failure, exits 0 and retries it at the next start', async () => {
    const env = setup(30, { CHATCRON_SHUTDOWN_GRACE_MS: '500' });
    const { taskId, run, proc, database } = await runningCommand(env, 1);
    const t = Date.now();
    svc!.child.kill('SIGTERM');
    expect(await svc!.exited).toBe(0);
    expect(Date.now() - t).toBeLessThan(8000);
    const stopped = (await store.findRun(database.db, run.id))!;
    expect(stopped.status).toBe('interrupted');
    expect(stopped.error).toContain('shutdown');
    expect(isAlive(proc.pid)).toBe(false);
    expect(isAlive(proc.grandchild)).toBe(false);
    // Nothing was queued for the chat or notify URLs as a failure.
    expect(await store.listOutbox(database.db)).toEqual([]);
    // The next start retries it (attempt 2).
    fs.writeFileSync(pids, '');
    svc = await startServe(env, 60_000);
    const retry = await waitFor(async () => (await store.listRuns(database.db, taskId, 10)).find((x) => x.trigger === 'retry' && x.status === 'running'), 15_000, 'the retry');
    expect(retry).toMatchObject({ attempt: 2, scheduledFor: run.scheduledFor });
    await database.close();
  }, 90_000);

  it('kills a command and its children when the service is killed with SIGKILL', async () => {
    const env = setup(60);
    const { proc, database } = await runningCommand(env, 0);
    svc!.child.kill('SIGKILL');
    await svc!.exited;
    svc = undefined;
    await waitFor(async () => !isAlive(proc.pid) && !isAlive(proc.grandchild), 2000, 'the command and its child to die with the service');
    await database.close();
  }, 90_000);
});
