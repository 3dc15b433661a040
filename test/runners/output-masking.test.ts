import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRunner, RunnerAgent } from '../../src/runners/index.ts';
import * as store from '../../src/store/index.ts';
import { FakeDingtalkServer } from '../fakes/dingtalk-server.ts';
import { startTestService } from '../support/service.ts';
import { waitFor } from '../support/service-process.ts';

// A runner is another machine, with its own configuration: it cannot know the server's secrets
// (API token, connection passwords, platform secrets). Whatever it prints, the server masks what
// it knows before the output is stored or posted, as it does for its own commands.

const API_TOKEN = 'masking-suite-api-token-0123456789';
const DB_PASSWORD = 'pw-of-the-reports-db-77';
const ROBOT_SECRET = 'SECmasking-robot-secret-42';
const ENV_SECRET = 'value-of-a-service-secret-env-9';
const quiet = { info() {}, warn() {}, error() {} };

describe("a remote runner's output", () => {
  let fake: FakeDingtalkServer;
  let h: Awaited<ReturnType<typeof startTestService>>;
  let agent: RunnerAgent;
  let done: Promise<void>;
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(h.svc.url + url, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    process.env.CHATCRON_TEST_MASKING_SECRET = ENV_SECRET;
    fake = await new FakeDingtalkServer().start();
    fake.robots.set('at-ops', ROBOT_SECRET);
    h = await startTestService(
      { CHATCRON_API_TOKEN: API_TOKEN },
      {
        pollIntervalMs: 100,
        runners: { lapseMs: 3000 },
        sql: { connections: { reports: { url: `mysql://reader:${DB_PASSWORD}@127.0.0.1:3306/reports` } } },
        dingtalk: { robots: { ops: { webhook: `${fake.url}/robot/send?access_token=at-ops`, secret: ROBOT_SECRET } } },
      },
    );
    const { token } = await addRunner(h.svc.database, 'leaky', [], Date.now());
    // The runner's own configuration knows none of the server's secrets, and names them innocently.
    const print = `console.log('token=' + process.env.A); setTimeout(() => console.log('password=' + process.env.B + ' robot=' + process.env.C + ' env=' + process.env.D), 700)`;
    agent = new RunnerAgent({
      server: h.svc.url,
      token,
      name: 'leaky',
      actions: { leak: { argv: [process.execPath, '-e', print], env: { A: API_TOKEN, B: DB_PASSWORD, C: ROBOT_SECRET, D: ENV_SECRET } } },
      env: {},
      outputLimitBytes: 10_000,
      secrets: [],
      concurrency: 1,
      version: 'test',
      log: quiet,
      waitMs: 500,
      flushMs: 100,
    });
    done = agent.run();
  });
  afterAll(async () => {
    agent?.stop();
    await done?.catch(() => {});
    await h?.close();
    await fake?.close();
    delete process.env.CHATCRON_TEST_MASKING_SECRET;
  });

  it('is masked in the live output, in GET /api/runs/:id and in the chat post', async () => {
    const task = await api('POST', '/api/tasks', { name: 'leak', every: '1h', action: 'leak', runOn: 'leaky', chat: { platform: 'dingtalk-robot', chatId: 'ops' } });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const runId = (await api('POST', `/api/tasks/${task.body.id}/run`)).body.id as number;
    // While the command still runs, its first line is stored already.
    const live = await waitFor(async () => {
      const r = await store.findRun(h.svc.database.db, runId);
      return r?.status === 'running' && r.output?.includes('token=') ? r : undefined;
    }, 15_000, 'the live output');
    expect(live.output).toContain('token=***');
    expect(live.output).not.toContain(API_TOKEN);
    const run = await waitFor(async () => {
      const r = await api('GET', `/api/runs/${runId}`);
      return r.body.status === 'succeeded' ? r.body : undefined;
    }, 15_000, 'the run to succeed');
    const shown = JSON.stringify(run);
    expect(shown).toContain('token=***');
    expect(shown).toContain('password=*** robot=*** env=***');
    for (const s of [API_TOKEN, DB_PASSWORD, ROBOT_SECRET, ENV_SECRET]) expect(shown).not.toContain(s);
    const post = await waitFor(async () => fake.sentTo('robot:at-ops').find((p) => p.text.includes('password=')), 15_000, 'the chat post');
    expect(post.text).toContain('password=*** robot=*** env=***');
    for (const s of [API_TOKEN, DB_PASSWORD, ROBOT_SECRET, ENV_SECRET]) expect(post.text).not.toContain(s);
  }, 30_000);
});
