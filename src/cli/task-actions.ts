// What the task commands that change tasks do once parsed; loaded only when one of them runs
// (see tasks.ts). The read-only ones are in task-read.ts.
import * as app from '../app/index.ts';
import { OPERATOR } from '../app/index.ts';
import { UserError, type Chase } from '../domain/index.ts';
import { parseDuration, toZonedIso } from '../schedule/index.ts';
import { print } from './output.ts';
import { id, line, withApp } from './with-app.ts';

function runLine(r: ReturnType<typeof app.runJson>): string {
  const dur = r.durationMs != null ? `${r.durationMs}ms` : '';
  return `run ${r.id}  ${r.scheduledFor}  ${r.trigger}#${r.attempt}  ${r.status}${r.exitCode != null ? ` exit ${r.exitCode}` : ''} ${dur}${r.error ? `  ${r.error}` : ''}`;
}

function chaseJson(c: Chase) {
  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  return { reminders: c.count, openedAt: iso(c.openedAt), nextReminderAt: iso(c.nextChaseAt), closedAt: iso(c.closedAt), closedBy: c.closedBy, closeReason: c.closeReason };
}

/** "platform:rest" → [platform, rest]; the rest may hold colons (a Telegram chat id does not, a name may). */
function pair(text: string, field: string, example: string): [string, string] {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new UserError('bad_option', { en: `--${field} takes ${example}, not "${text}"`, zh: `--${field} 的格式是 ${example}，而不是“${text}”` }, field);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** The chase, owner and chat options of `add`, as task input. */
function chaseOptions(o: { chase?: string; chaseMax?: number; chaseUntil?: string; owner?: string; chat?: string }): Pick<app.TaskInput, 'chase' | 'owner' | 'chat'> {
  if (!o.chase && (o.chaseMax !== undefined || o.chaseUntil !== undefined)) {
    throw new UserError('bad_option', { en: '--chase-max and --chase-until go with --chase', zh: '--chase-max 与 --chase-until 需要与 --chase 一起使用' }, 'chase');
  }
  const out: Pick<app.TaskInput, 'chase' | 'owner' | 'chat'> = {};
  if (o.chase) out.chase = { every: o.chase, ...(o.chaseMax !== undefined ? { max: o.chaseMax } : {}), ...(o.chaseUntil !== undefined ? { until: o.chaseUntil } : {}) };
  if (o.owner) {
    const [id, name] = pair(o.owner, 'owner', 'id:name');
    out.owner = { id, name };
  }
  if (o.chat) {
    const [platform, chatId] = pair(o.chat, 'chat', 'platform:chatId');
    out.chat = { platform, chatId };
  }
  return out;
}

/** Options of `add` as commander parses them. */
export type AddFlags = Record<string, string | number | string[] | boolean | undefined>;

export async function add(o: AddFlags & { json?: boolean }, command: string[] | undefined): Promise<void> {
  const s = (k: string) => o[k] as string | undefined;
  const n = (k: string) => o[k] as number | undefined;
  await withApp(!!o.json, async (ctx) => {
    const input = app.parseTaskInput({
      name: s('name'),
      cron: s('cron'),
      every: s('every'),
      at: s('at'),
      text: s('text'),
      tz: s('tz'),
      content: s('message'),
      action: s('action'),
      command: command?.length ? command : undefined,
      startAt: s('start'),
      endAt: s('end'),
      maxRuns: n('maxRuns'),
      misfire: s('misfire'),
      misfireGraceMs: s('grace') ? parseDuration(s('grace')!, 'grace') : undefined,
      overlap: s('overlap'),
      overlapMax: n('maxParallel'),
      retries: n('retries'),
      backoffMs: s('backoff') ? parseDuration(s('backoff')!, 'backoff') : undefined,
      timeoutMs: s('timeout') ? parseDuration(s('timeout')!, 'timeout') : undefined,
      notifyUrls: o.notify as string[] | undefined,
      sql: s('sql'),
      connection: s('connection'),
      runOn: s('runOn'),
      jitter: s('jitter'),
      then: n('then'),
      onFailure: n('onFailure'),
      closers: s('closers'),
      ...chaseOptions({ chase: s('chase'), chaseMax: n('chaseMax'), chaseUntil: s('chaseUntil'), owner: s('owner'), chat: s('chat') }),
    });
    const t = app.taskJson(await app.createTask(ctx, OPERATOR, input));
    print(!!o.json, t, () => `added ${line(t)}`);
  });
}

/** Options of `edit`: only what is given changes; 0s / 0 / "server" remove jitter, a chain, a runner. */
export async function edit(
  taskId: string,
  o: { name?: string; message?: string; jitter?: string; then?: number; onFailure?: number; runOn?: string; sql?: string; connection?: string; closers?: string; json?: boolean },
): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const clear = <T>(v: T | undefined, none: T) => (v === undefined ? undefined : v === none ? null : v);
    const input = app.parseTaskInput(
      {
        name: o.name,
        content: o.message,
        jitter: clear(o.jitter, '0s'),
        then: clear(o.then, 0),
        onFailure: clear(o.onFailure, 0),
        runOn: clear(o.runOn, 'server'),
        sql: o.sql,
        connection: o.connection,
        closers: o.closers,
      },
      true,
    );
    const t = app.taskJson(await app.editTask(ctx, OPERATOR, id(taskId), input));
    print(!!o.json, t, () => `edited ${line(t)}`);
  });
}

const simple = {
  pause: (ctx: app.AppContext, n: number) => app.pauseTask(ctx, OPERATOR, n),
  resume: (ctx: app.AppContext, n: number) => app.resumeTask(ctx, OPERATOR, n),
  delete: (ctx: app.AppContext, n: number) => app.deleteTask(ctx, OPERATOR, n),
};

/** pause, resume and delete: one task id in, the task as it now is out. */
export async function change(name: keyof typeof simple, taskId: string, o: { json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const t = app.taskJson((await simple[name](ctx, id(taskId))) as Parameters<typeof app.taskJson>[0]);
    print(!!o.json, t, () => `${name}: ${line(t)}`);
  });
}

export async function runNow(taskId: string, o: { json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const r = app.runJson(await app.runTaskNow(ctx, OPERATOR, id(taskId)));
    print(!!o.json, r, () => `queued run ${r.id} of task ${r.taskId}`);
  });
}

/** Stops a running run: the replica that runs it kills it within a second and records it `stopped`. */
export async function stop(runId: string, o: { json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const n = Number(runId);
    if (!Number.isSafeInteger(n) || n <= 0) throw new UserError('bad_id', { en: `"${runId}" is not a run id`, zh: `“${runId}”不是执行编号` }, 'id');
    const r = await app.stopRun(ctx, OPERATOR, n);
    const json = { ...app.runJson(r.run, false), state: r.state, stoppedBy: r.by, note: r.note?.en ?? null };
    const where = r.note ? r.note.en : 'its replica kills it within a second';
    print(!!o.json, json, () => (r.state === 'stopped' ? `run ${n} stopped (it had not started)` : `run ${n} is being stopped by ${r.by}; ${where}`));
  });
}

export async function done(taskId: string, o: { json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const r = await app.closeChase(ctx, OPERATOR, id(taskId));
    const json = {
      taskId: r.task.id,
      closedBy: r.closedBy,
      closedAt: new Date(r.chase.closedAt!).toISOString(),
      openForMs: r.openForMs,
      reminders: r.chase.count,
      scheduledFor: new Date(r.chase.scheduledFor).toISOString(),
    };
    print(!!o.json, json, () => `closed #${json.taskId} (due ${json.scheduledFor}) after ${Math.round(json.openForMs / 1000)}s and ${json.reminders} reminder(s)`);
  });
}

export async function history(taskId: string, o: { limit: number; json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const h = await app.taskHistory(ctx, OPERATOR, id(taskId), o.limit);
    // Each scheduled run carries the chase (催单) of its occurrence: reminders sent, who closed it and when.
    const chases = new Map((await app.taskChases(ctx, OPERATOR, h.task.id, o.limit + 10)).map((c) => [c.scheduledFor, c]));
    const runs = h.runs.map((r) => {
      const c = r.trigger === 'schedule' ? chases.get(r.scheduledFor) : undefined;
      return { ...app.runJson(r), ...(c ? { chase: chaseJson(c) } : {}) };
    });
    print(!!o.json, runs, () =>
      [
        `task #${h.task.id} ${h.task.name}: ${h.total} runs, next ${h.task.nextRunAt ? toZonedIso(h.task.nextRunAt, h.task.schedule.tz) : '-'}`,
        ...runs.map((r) => runLine(r) + (r.chase ? `\n    chase: ${r.chase.reminders} reminder(s), ${r.chase.closedAt ? `closed (${r.chase.closeReason}) by ${r.chase.closedBy ?? '-'} at ${r.chase.closedAt}` : 'open'}` : '')),
      ].join('\n'),
    );
  });
}
