import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTask, editTask, OPERATOR, withChains } from '../../src/app/index.ts';
import { runResultText } from '../../src/chat/index.ts';
import type { FinishedRun } from '../../src/engine/index.ts';
import { jitterDelay } from '../../src/schedule/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';

const T0 = '2026-12-01T08:00:00Z';
const ms = (iso: string) => Date.parse(iso);

describe('jitter, chains, runner and SQL tasks through the engine', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('starts a jittered occurrence at slot + its derived delay, keeping the slot as its key', async () => {
    const h = await engineHarness({ start: T0 });
    close = h.close;
    const task = await createTask(h.ctx, OPERATOR, { name: 'spread', content: 'hello', cron: '0 9 * * *', jitter: '30s' });
    expect(task.jitterMs).toBe(30_000);
    const slot = ms('2026-12-01T09:00:00Z');
    const delay = jitterDelay(task.id, slot, 30_000);
    expect(delay).toBeGreaterThan(0);
    await h.at(slot);
    const [waiting] = await store.listRuns(h.database.db, task.id);
    expect([waiting.status, waiting.scheduledFor, waiting.dueAt]).toEqual(['queued', slot, slot + delay]);
    await h.at(slot + delay - 1);
    expect((await store.findRun(h.database.db, waiting.id))!.status).toBe('queued');
    await h.at(slot + delay);
    const ran = (await store.findRun(h.database.db, waiting.id))!;
    expect([ran.status, ran.startedAt]).toEqual(['succeeded', slot + delay]);
  });

  it('runs the next task of a chain after a success, recording its parent', async () => {
    const h = await engineHarness({ start: T0, hooks: withChains({}) });
    close = h.close;
    const next = await createTask(h.ctx, OPERATOR, { name: 'report', content: 'report', cron: '0 0 1 1 *' });
    const first = await createTask(h.ctx, OPERATOR, { name: 'load', content: 'load', cron: '0 9 * * *', then: next.id });
    await h.at('2026-12-01T09:00:00Z');
    await h.at(ms('2026-12-01T09:00:00Z') + 1);
    const [parent] = await store.listRuns(h.database.db, first.id);
    const [child] = await store.listRuns(h.database.db, next.id);
    expect([child.trigger, child.status, child.parentRunId]).toEqual(['chain', 'succeeded', parent.id]);
    // The loop back is refused when it is set.
    await expect(editTask(h.ctx, OPERATOR, next.id, { then: first.id })).rejects.toMatchObject({ code: 'chain_loop' });
  });

  it('claims a runner task\'s occurrence but leaves it for a runner instead of running it here', async () => {
    const h = await engineHarness({ start: T0 });
    close = h.close;
    // The server does not define "backup": the runner will.
    const task = await createTask(h.ctx, OPERATOR, { name: 'backup', cron: '0 9 * * *', action: 'backup', runOn: 'db-hosts' });
    await h.at('2026-12-01T09:00:00Z');
    const [run] = await store.listRuns(h.database.db, task.id);
    expect([run.status, run.runOn, run.runner, run.output, run.error]).toEqual(['running', 'db-hosts', null, null, null]);
    expect(h.engine.running).toBe(0);
  });

  it('runs a SQL task and posts the count and first rows to its chat', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-sqltask-'));
    const file = path.join(dir, 'app.db');
    const db = new Database(file);
    db.exec("create table users (id integer, name text); insert into users values (1, 'ann'), (2, 'bo'), (3, 'cy')");
    db.close();
    const posted: string[] = [];
    const h = await engineHarness({
      start: T0,
      sql: { connections: { app: { url: `sqlite:${file}`, write: false } }, maxRows: 100, chatRows: 2 },
      hooks: { onFinished: async (_tx, task, run: FinishedRun) => void posted.push(runResultText(task, run, 'en').text) },
    });
    close = async () => {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    h.ctx.sqlConnections = ['app'];
    await expect(createTask(h.ctx, OPERATOR, { cron: '0 9 * * *', sql: 'select 1', connection: 'other' })).rejects.toMatchObject({ code: 'unknown_connection' });
    const task = await createTask(h.ctx, OPERATOR, { name: 'users', cron: '0 9 * * *', sql: 'select id, name from users order by id', connection: 'app' });
    expect(task.action).toEqual({ sql: 'select id, name from users order by id', connection: 'app' });
    await h.at('2026-12-01T09:00:00Z');
    const [run] = await store.listRuns(h.database.db, task.id);
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe('3 row(s)\nid | name\n---+-----\n1  | ann\n2  | bo\n3  | cy');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('#' + task.id + ' SQL @ app');
    expect(posted[0]).toContain('3 row(s), first 2\nid | name\n---+-----\n1  | ann\n2  | bo');
    expect(posted[0]).not.toContain('cy');
  });
});
