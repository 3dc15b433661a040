import { describe, expect, it } from 'vitest';
import { actionInput, BLANK, fromTask, type State } from '../../web/src/form-state.ts';
import type { Task } from '../../web/src/types.ts';

/** A task as GET /api/tasks/{id} returns it, with the action given. */
function task(over: Partial<Task>): Task {
  return {
    id: 7,
    name: 'orders today',
    content: '',
    chat: { platform: 'web', chatId: 'status-page' },
    owner: null,
    mode: 'command',
    action: null,
    schedule: { kind: 'cron', expr: '0 18 * * *', tz: 'Asia/Shanghai', text: 'cron 0 18 * * *', anchor: null },
    window: { startAt: null, endAt: null, maxRuns: null },
    status: 'active',
    policies: { misfire: 'skip', misfireGraceMs: 60_000, overlap: 'skip', overlapMax: 1, retries: 0, backoffMs: 10_000, timeoutMs: 300_000 },
    notifyUrls: [],
    chase: null,
    nextRunAt: null,
    runCount: 0,
    version: 1,
    createdBy: 'operator',
    createdAt: '2026-01-01T00:00:00.000Z',
    description: { en: 'at 18:00', zh: '18:00' },
    runOn: null,
    jitterMs: 0,
    then: null,
    onFailure: null,
    ...over,
  };
}

const STATEMENT = 'select status, count(*) as n\nfrom orders\ngroup by status';

describe('the task form state', () => {
  it('opens a SQL task with its statement and connection, and no command or action', () => {
    const s = fromTask(task({ action: { sql: STATEMENT, connection: 'reports' } }));
    expect([s.actionKind, s.sql, s.connection, s.action, s.command, s.runOn]).toEqual(['sql', STATEMENT, 'reports', '', '', '']);
  });

  it('saves an unchanged SQL task with its statement and connection, and no runner label', () => {
    const s = fromTask(task({ mode: 'message+command', action: { sql: STATEMENT, connection: 'reports' } }));
    expect(actionInput(s, true)).toEqual({ sql: STATEMENT, connection: 'reports', runOn: null });
  });

  it('creates a SQL task with its statement and connection, leaving the runner label out', () => {
    const s: State = { ...BLANK, mode: 'command', actionKind: 'sql', sql: 'select 1', connection: 'local', runOn: 'db-hosts', action: 'disk', command: 'rm -rf /' };
    expect(actionInput(s, false)).toEqual({ sql: 'select 1', connection: 'local', runOn: undefined });
  });

  it('clears the runner label when a runner task becomes a SQL task', () => {
    const s = { ...fromTask(task({ action: { name: 'backup' }, runOn: 'db-hosts' })), actionKind: 'sql' as const, sql: 'select 1', connection: 'reports' };
    expect(actionInput(s, true)).toEqual({ sql: 'select 1', connection: 'reports', runOn: null });
  });

  it('sends a command line, not the statement, when a SQL task becomes a command task', () => {
    const s = { ...fromTask(task({ action: { sql: STATEMENT, connection: 'reports' } })), actionKind: 'command' as const, command: 'echo\nhello world' };
    expect(actionInput(s, true)).toEqual({ command: ['echo', 'hello world'], runOn: null });
    expect(actionInput({ ...s, action: 'disk' }, true)).toEqual({ action: 'disk', runOn: null });
  });

  it('opens command and action tasks as before, and sends no action for a message task', () => {
    expect(fromTask(task({ action: { argv: ['df', '-h'] } }))).toMatchObject({ actionKind: 'command', command: 'df\n-h', sql: '', connection: '' });
    expect(fromTask(task({ action: { name: 'backup' }, runOn: 'db-hosts' }))).toMatchObject({ actionKind: 'command', action: 'backup', runOn: 'db-hosts' });
    expect(actionInput(fromTask(task({ action: { name: 'backup' }, runOn: 'db-hosts' })), true)).toEqual({ action: 'backup', runOn: 'db-hosts' });
    const message = { ...fromTask(task({ action: { sql: STATEMENT, connection: 'reports' } })), mode: 'message' };
    expect(actionInput(message, true)).toEqual({ runOn: null });
  });
});
