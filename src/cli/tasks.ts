import type { Command } from 'commander';
import * as app from '../app/index.ts';
import { OPERATOR } from '../app/index.ts';
import { loadConfig } from '../config/index.ts';
import { UserError, type Chase } from '../domain/index.ts';
import { openAndMigrate } from '../main.ts';
import { parseDuration, toZonedIso } from '../schedule/index.ts';
import { fail, print } from './output.ts';

/** Runs a CLI action against the configured database, printing errors the way the caller asked. */
async function withApp(json: boolean, fn: (ctx: app.AppContext) => Promise<void>): Promise<void> {
  let database;
  try {
    const cfg = loadConfig();
    database = await openAndMigrate(cfg);
    // The CLI is an operator's insert script: the running service notices within its poll interval.
    const ctx: app.AppContext = { database, now: () => Date.now(), defaultTz: cfg.tz, minIntervalMs: 0, actionNames: Object.keys(cfg.actions), notify: () => {}, sqlConnections: Object.keys(cfg.sql.connections) };
    await fn(ctx);
  } catch (err) {
    fail(json, err);
  } finally {
    await database?.close();
  }
}

function id(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UserError('bad_id', { en: `"${text}" is not a task id`, zh: `“${text}”不是任务编号` }, 'id');
  return n;
}

function line(t: ReturnType<typeof app.taskJson>): string {
  return `#${t.id}  ${t.status.padEnd(8)} ${t.schedule.text.padEnd(28)} next ${t.nextRunAt ?? '-'}  ${t.name}`;
}

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

/** The argv after `--command` belongs to the command, not to us ("--command df -h"). */
export function splitCommandArgv(argv: string[]): { argv: string[]; command?: string[] } {
  const i = argv.indexOf('--command');
  if (i < 0 || argv[2] !== 'add') return { argv };
  return { argv: argv.slice(0, i), command: argv.slice(i + 1) };
}

/** add, list, show, pause, resume, run, history, done, delete. */
export function registerTaskCommands(program: Command, command: string[] | undefined): void {
  program
    .command('add')
    .description('add a task: --cron, --every or --at, and a message or a command (--command must come last)')
    .option('--name <name>', 'task name')
    .option('--cron <expr>', 'cron expression, 5 or 6 fields (seconds first)')
    .option('--every <duration>', 'fixed interval: 30s, 2m, 1h, 1d')
    .option('--at <iso>', 'one instant, ISO 8601 with offset')
    .option('--text <text>', 'natural language ("every weekday at 9:30 standup")')
    .option('--tz <iana>', 'timezone of the schedule')
    .option('--message <text>', 'message to post')
    .option('--action <name>', 'named action from the configuration')
    .option('--start <iso>', 'first allowed instant')
    .option('--end <iso>', 'last allowed instant')
    .option('--max-runs <n>', 'stop after this many runs', (v) => Number(v))
    .option('--misfire <policy>', 'skip | once | all')
    .option('--grace <duration>', 'misfire grace time')
    .option('--overlap <policy>', 'skip | queue | parallel')
    .option('--max-parallel <n>', 'with --overlap parallel', (v) => Number(v))
    .option('--retries <n>', 'retries after a failure', (v) => Number(v))
    .option('--backoff <duration>', 'first retry delay, doubled each time')
    .option('--timeout <duration>', 'kill the command after this long')
    .option('--notify <url...>', 'notify URLs')
    .option('--chase <duration>', 'chase (催单) the owner every so often after each occurrence: 15m, 30s')
    .option('--chase-max <n>', 'with --chase: at most this many reminders', (v) => Number(v))
    .option('--chase-until <HH:MM>', 'with --chase: no reminder after this time of day')
    .option('--owner <id:name>', 'who is chased, as the chat platform knows them (id:name)')
    .option('--chat <platform:chatId>', 'the chat that gets the messages and reminders (telegram:-1001)')
    .option('--sql <statement>', 'a SQL task: the statement to run on --connection')
    .option('--connection <name>', 'with --sql: a connection named in the configuration (sql.connections)')
    .option('--run-on <label>', 'run the action on a remote runner with this label (the runner resolves the action)')
    .option('--jitter <duration>', 'start each occurrence up to this much later (30s); every replica agrees on the delay')
    .option('--then <id>', 'task to run when a run of this one succeeds', (v) => Number(v))
    .option('--on-failure <id>', 'task to run when a run of this one fails for good', (v) => Number(v))
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  chatcron add --name disk --every 2s --command df -h\n  chatcron add --text "every weekday 17:30 submit the daily report" --chat telegram:-1001 --owner 7:Bob --chase 15m --chase-max 4')
    .action(async (o) =>
      withApp(!!o.json, async (ctx) => {
        const input = app.parseTaskInput({
          name: o.name,
          cron: o.cron,
          every: o.every,
          at: o.at,
          text: o.text,
          tz: o.tz,
          content: o.message,
          action: o.action,
          command: command?.length ? command : undefined,
          startAt: o.start,
          endAt: o.end,
          maxRuns: o.maxRuns,
          misfire: o.misfire,
          misfireGraceMs: o.grace ? parseDuration(o.grace, 'grace') : undefined,
          overlap: o.overlap,
          overlapMax: o.maxParallel,
          retries: o.retries,
          backoffMs: o.backoff ? parseDuration(o.backoff, 'backoff') : undefined,
          timeoutMs: o.timeout ? parseDuration(o.timeout, 'timeout') : undefined,
          notifyUrls: o.notify,
          sql: o.sql,
          connection: o.connection,
          runOn: o.runOn,
          jitter: o.jitter,
          then: o.then,
          onFailure: o.onFailure,
          ...chaseOptions(o),
        });
        const t = app.taskJson(await app.createTask(ctx, OPERATOR, input));
        print(!!o.json, t, () => `added ${line(t)}`);
      }),
    );

  program
    .command('edit <id>')
    .description('change a task: jitter, chains, where it runs, its SQL, name or message')
    .option('--name <name>', 'task name')
    .option('--message <text>', 'message to post')
    .option('--jitter <duration>', 'start each occurrence up to this much later; 0s removes it')
    .option('--then <id>', 'task to run when a run succeeds; 0 removes it', (v) => Number(v))
    .option('--on-failure <id>', 'task to run when a run fails for good; 0 removes it', (v) => Number(v))
    .option('--run-on <label>', 'runner label; "server" runs it on the server again')
    .option('--sql <statement>', 'new statement of a SQL task')
    .option('--connection <name>', 'new connection of a SQL task')
    .option('--json', 'print JSON')
    .action(async (taskId, o) =>
      withApp(!!o.json, async (ctx) => {
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
          },
          true,
        );
        const t = app.taskJson(await app.editTask(ctx, OPERATOR, id(taskId), input));
        print(!!o.json, t, () => `edited ${line(t)}`);
      }),
    );

  program
    .command('list')
    .description('list tasks')
    .option('--status <status>', 'active | paused | finished')
    .option('--text <text>', 'name or content contains')
    .option('--json', 'print JSON')
    .action(async (o) =>
      withApp(!!o.json, async (ctx) => {
        const tasks = (await app.listTasks(ctx, OPERATOR, { status: o.status, text: o.text, limit: 1000 })).map(app.taskJson);
        print(!!o.json, tasks, () => (tasks.length ? tasks.map(line).join('\n') : 'no tasks'));
      }),
    );

  program
    .command('show <id>')
    .description('show one task')
    .option('--json', 'print JSON')
    .action(async (taskId, o) =>
      withApp(!!o.json, async (ctx) => {
        const t = app.taskJson(await app.getTask(ctx, OPERATOR, id(taskId)));
        print(!!o.json, t, () => JSON.stringify(t, null, 2));
      }),
    );

  const simple: [string, string, (ctx: app.AppContext, id: number) => Promise<unknown>][] = [
    ['pause', 'pause a task', (ctx, n) => app.pauseTask(ctx, OPERATOR, n)],
    ['resume', 'resume a paused task from its next slot', (ctx, n) => app.resumeTask(ctx, OPERATOR, n)],
    ['delete', 'delete a task and its history', (ctx, n) => app.deleteTask(ctx, OPERATOR, n)],
  ];
  for (const [name, description, fn] of simple) {
    program
      .command(`${name} <id>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (taskId, o) =>
        withApp(!!o.json, async (ctx) => {
          const t = app.taskJson((await fn(ctx, id(taskId))) as Parameters<typeof app.taskJson>[0]);
          print(!!o.json, t, () => `${name}: ${line(t)}`);
        }),
      );
  }

  program
    .command('run <id>')
    .description('run a task now (the schedule does not move); the service picks it up')
    .option('--json', 'print JSON')
    .action(async (taskId, o) =>
      withApp(!!o.json, async (ctx) => {
        const r = app.runJson(await app.runTaskNow(ctx, OPERATOR, id(taskId)));
        print(!!o.json, r, () => `queued run ${r.id} of task ${r.taskId}`);
      }),
    );

  program
    .command('done <id>')
    .description('close the open occurrence of a task (no more chase reminders), as the operator')
    .option('--json', 'print JSON')
    .action(async (taskId, o) =>
      withApp(!!o.json, async (ctx) => {
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
      }),
    );

  program
    .command('history <id>')
    .description("a task's runs, newest first")
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--json', 'print JSON')
    .action(async (taskId, o) =>
      withApp(!!o.json, async (ctx) => {
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
      }),
    );
}
