import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_CLI, waitFor } from '../support/service-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-lazy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const recordFile = (name: string) => path.join(dir, `imports-${name}.txt`);
const env = (record: string) => ({ PATH: process.env.PATH ?? '', HOME: dir, RECORD_IMPORTS: record, DATABASE_URL: `sqlite:${path.join(dir, 'lazy.db')}` });
const RECORD = ['--import', './test/support/record-imports-register.mjs'];

/** Runs the CLI from the sources and returns the packages whose modules it loaded. */
function packagesLoadedBy(args: string[]): Set<string> {
  const record = recordFile(args[0]);
  const r = spawnSync(process.execPath, [...RECORD, ...SOURCE_CLI, ...args], { cwd: ROOT, env: env(record), encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return packagesIn(record);
}

/** What the record says besides modules: `intl:<what>` for each Intl object or locale-aware compare made. */
function intlUsesIn(record: string): string[] {
  return fs.readFileSync(record, 'utf8').split('\n').filter((l) => l.startsWith('intl:'));
}

function packagesIn(record: string): Set<string> {
  const names = fs
    .readFileSync(record, 'utf8')
    .split('\n')
    .map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set(names);
}

// The HTTP server, the chat platforms' SDKs and the pretty-printer: none is any use to these commands.
const SERVICE_ONLY = ['koa', '@koa/router', 'prom-client', 'grammy', 'wechaty', '@wecom/crypto', 'fast-xml-parser', 'pino-pretty', 'execa'];

describe('the CLI loads only what a command needs', () => {
  it('shows --help with commander alone: no database, service or platform code', () => {
    const loaded = packagesLoadedBy(['--help']);
    expect(loaded.has('commander')).toBe(true);
    for (const name of [...SERVICE_ONLY, 'kysely', 'zod', 'pino', 'chrono-node', 'better-sqlite3']) expect(loaded.has(name), name).toBe(false);
    expect(intlUsesIn(recordFile('--help'))).toEqual([]);
  });

  it('lists tasks with the database layer but without the HTTP server or any chat platform', () => {
    packagesLoadedBy(['add', '--name', 'standup', '--every', '1h', '--message', 'hello']); // a task whose next run `list` formats
    const loaded = packagesLoadedBy(['list', '--json']);
    expect(loaded.has('kysely')).toBe(true);
    expect(loaded.has('better-sqlite3')).toBe(true);
    for (const name of SERVICE_ONLY) expect(loaded.has(name), name).toBe(false);
    // Listing parses nothing: neither the natural-language parser nor croner is loaded.
    for (const name of ['chrono-node', 'croner']) expect(loaded.has(name), name).toBe(false);
    // In UTC (the default zone) formatting an instant needs no Intl, and a migrated database no
    // Migrator (its locale-aware sort of names): ICU's data, +9 MB and 10-50 ms, stays unmapped.
    expect(intlUsesIn(recordFile('list'))).toEqual([]);
  }, 120_000);

  it('lists tasks in another zone through Intl, as before, and still refuses an unknown zone', () => {
    const record = recordFile('list-zone');
    const r = spawnSync(process.execPath, [...RECORD, ...SOURCE_CLI, 'list', '--json'], { cwd: ROOT, env: { ...env(record), CHATCRON_TZ: 'Asia/Shanghai' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(intlUsesIn(record)).toContain('intl:DateTimeFormat');
    const bad = spawnSync(process.execPath, [...SOURCE_CLI, 'list', '--json'], { cwd: ROOT, env: { ...env(recordFile('bad-zone')), CHATCRON_TZ: 'Mars/Olympus' }, encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, code: 'bad_config', error: expect.stringContaining('tz (from CHATCRON_TZ): unknown timezone "Mars/Olympus"') });
  }, 120_000);

  it('serves with no chat platform configured without loading any platform SDK', async () => {
    const record = recordFile('serve');
    const child = spawn(process.execPath, [...RECORD, ...SOURCE_CLI, 'serve'], { cwd: ROOT, env: { ...env(record), PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await waitFor(async () => out.includes('listening on'), 60_000, 'serve to listen');
    } finally {
      child.kill('SIGTERM');
    }
    const loaded = packagesIn(record);
    expect(loaded.has('koa')).toBe(true);
    for (const name of ['grammy', 'wechaty', '@wecom/crypto', 'fast-xml-parser', 'pino-pretty']) expect(loaded.has(name), name).toBe(false);
    // prom-client's four classes, not its index (push gateway, cluster aggregator, summary, default collectors).
    const lines = fs.readFileSync(record, 'utf8').split('\n');
    expect(lines.some((l) => l.endsWith('/node_modules/prom-client/lib/registry.js'))).toBe(true);
    expect(lines.filter((l) => /\/node_modules\/prom-client\/(index|lib\/(pushgateway|cluster|summary|defaultMetrics))\.js$/.test(l))).toEqual([]);
    // An idle service in UTC that has parsed nothing has not mapped ICU's data (the parser builds its weekday and month names on the first parse).
    expect(intlUsesIn(record)).toEqual([]);
  }, 90_000);
});
