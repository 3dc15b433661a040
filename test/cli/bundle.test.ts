import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramServer, textUpdate } from '../fakes/telegram-server.ts';
import { waitFor } from '../support/service-process.ts';

// The installed CLI runs the esbuild bundle (scripts/bundle-cli.mjs → dist/cli): built here into a
// folder of its own inside the package, and run as a user runs it.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, '.tmp', `cli-bundle-${process.pid}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-bundle-'));
const env = { PATH: process.env.PATH ?? '', HOME: work, DATABASE_URL: `sqlite:${path.join(work, 'db.sqlite')}` };
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(OUT, 'chatcron.js'), ...args], { cwd: work, env, encoding: 'utf8', timeout: 60_000 });

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.mjs'), OUT], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('shows --help with every command', () => {
    const r = cli('--help');
    expect(r.status, r.stderr).toBe(0);
    for (const c of ['serve', 'migrate', 'parse', 'add', 'list', 'show', 'history', 'done', 'delete']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('adds a task and lists it as JSON, and parses natural language', () => {
    const add = cli('add', '--name', 'standup', '--every', '1h', '--message', '{date} standup', '--json');
    expect(add.status, add.stderr).toBe(0);
    const list = cli('list', '--json');
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: 1, name: 'standup', content: '{date} standup', status: 'active' }]);
    const parse = cli('parse', '每个工作日早上9点半 站会', '--now', '2027-03-19T08:00:00+08:00', '--tz', 'Asia/Shanghai', '--count', '2', '--json');
    expect(parse.status, parse.stderr).toBe(0);
    expect(JSON.parse(parse.stdout)).toMatchObject({ ok: true, next: ['2027-03-19T09:30:00+08:00', '2027-03-22T09:30:00+08:00'], rest: '站会' });
  });

  /** `chatcron serve` from the bundle; `use` gets its URL; then SIGTERM, and its exit code and output. */
  async function serving(more: Record<string, string>, use: (url: string) => Promise<void>): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, [path.join(OUT, 'chatcron.js'), 'serve'], { cwd: work, env: { ...env, PORT: '0', HOST: '127.0.0.1', CHATCRON_API_TOKEN: 'bundle-token-0123456789abcdef', ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      await use(await waitFor(async () => /listening on (http:\/\/\S+)/.exec(out)?.[1], 60_000, 'serve to listen'));
    } finally {
      child.kill('SIGTERM');
    }
    return { code: await exited, out };
  }

  it('serves: answers /healthz and the API with the package version, and stops on SIGTERM with 0', async () => {
    const { code, out } = await serving({}, async (url) => {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const tasks = await fetch(`${url}/api/tasks`, { headers: { authorization: 'Bearer bundle-token-0123456789abcdef' } });
      expect(tasks.status).toBe(200);
      expect(((await tasks.json()) as { tasks: { name: string }[] }).tasks.map((t) => t.name)).toEqual(['standup']);
      const spec = await fetch(`${url}/api/openapi.json`, { headers: { authorization: 'Bearer bundle-token-0123456789abcdef' } });
      expect(((await spec.json()) as { info: { version: string } }).info.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    });
    expect(code, out).toBe(0);
  }, 90_000);

  it('loads a configured platform from its own chunk: a Telegram group gets its answer', async () => {
    const token = '123456:BUNDLE-token-for-the-fake';
    const fake = await FakeTelegramServer.start({ token });
    try {
      const { code, out } = await serving({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: 'bundle-secret_1' }, async (url) => {
        const res = await fetch(`${url}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'bundle-secret_1' },
          body: JSON.stringify(textUpdate({ updateId: 1, messageId: 1, chat: { id: -1001, type: 'supergroup' }, from: { id: 7, first_name: 'Bob' }, text: '/list' })),
        });
        expect(res.status).toBe(200);
        await waitFor(async () => fake.deliveredTo('-1001').some((m) => m.text.startsWith('No tasks in this chat yet')), 30_000, 'the answer in the group');
      });
      expect(code, out).toBe(0);
    } finally {
      await fake.close();
    }
  }, 90_000);
});
