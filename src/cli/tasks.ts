import type { Command } from 'commander';

// Registering a command costs nothing: what it does (the app layer, the database) is imported
// only when it runs, so `chatcron --help` and the other commands start without it.
const actions = () => import('./task-actions.ts');
// list and show change nothing and need neither the parser nor the input schemas.
const reads = () => import('./task-read.ts');

/** The argv after `--command` belongs to the command, not to us ("--command df -h"). */
export function splitCommandArgv(argv: string[]): { argv: string[]; command?: string[] } {
  const i = argv.indexOf('--command');
  if (i < 0 || argv[2] !== 'add') return { argv };
  return { argv: argv.slice(0, i), command: argv.slice(i + 1) };
}

/** add, edit, list, show, pause, resume, run, history, done, delete. */
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
    .option('--closers <who>', 'who may close an occurrence (Done / Snooze / Skip, /done): owner | admins | anyone')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  chatcron add --name disk --every 2s --command df -h\n  chatcron add --text "every weekday 17:30 submit the daily report" --chat telegram:-1001 --owner 7:Bob --chase 15m --chase-max 4')
    .action(async (o) => (await actions()).add(o, command));

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
    .option('--closers <who>', 'who may close an occurrence: owner | admins | anyone')
    .option('--json', 'print JSON')
    .action(async (taskId, o) => (await actions()).edit(taskId, o));

  program
    .command('list')
    .description('list tasks')
    .option('--status <status>', 'active | paused | finished')
    .option('--text <text>', 'name or content contains')
    .option('--json', 'print JSON')
    .action(async (o) => (await reads()).list(o));

  program
    .command('show <id>')
    .description('show one task')
    .option('--json', 'print JSON')
    .action(async (taskId, o) => (await reads()).show(taskId, o));

  const simple = [
    ['pause', 'pause a task'],
    ['resume', 'resume a paused task from its next slot'],
    ['delete', 'delete a task and its history'],
  ] as const;
  for (const [name, description] of simple) {
    program
      .command(`${name} <id>`)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (taskId, o) => (await actions()).change(name, taskId, o));
  }

  program
    .command('run <id>')
    .description('run a task now (the schedule does not move); the service picks it up')
    .option('--json', 'print JSON')
    .action(async (taskId, o) => (await actions()).runNow(taskId, o));

  program
    .command('stop <run>')
    .description('stop a running run (its process tree is killed; history says stopped, by whom)')
    .option('--json', 'print JSON')
    .action(async (runId, o) => (await actions()).stop(runId, o));

  program
    .command('done <id>')
    .description('close the open occurrence of a task (no more chase reminders), as the operator')
    .option('--json', 'print JSON')
    .action(async (taskId, o) => (await actions()).done(taskId, o));

  program
    .command('history <id>')
    .description("a task's runs, newest first")
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--json', 'print JSON')
    .action(async (taskId, o) => (await actions()).history(taskId, o));
}
