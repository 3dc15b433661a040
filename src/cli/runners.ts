import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { openAndMigrate } from '../main.ts';
import { addRunner, listRunners, revokeRunner } from '../runners/index.ts';
import { fail, print } from './output.ts';

async function withDatabase(json: boolean, fn: (database: Awaited<ReturnType<typeof openAndMigrate>>, lapseMs: number) => Promise<void>): Promise<void> {
  let database;
  try {
    const cfg = loadConfig();
    database = await openAndMigrate(cfg);
    await fn(database, cfg.runners.lapseMs);
  } catch (err) {
    fail(json, err);
  } finally {
    await database?.close();
  }
}

const labelList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** `chatcron runners add|revoke|list`: the operator's side of remote runners. */
export function registerRunnersCommands(program: Command): void {
  const runners = program.command('runners').description('remote runners: add (prints its token once), revoke, list');
  runners
    .command('add <name>')
    .description('create a runner and print its token (shown this once; only a hash is kept)')
    .option('--labels <a,b>', 'labels it serves, besides its own name', labelList, [])
    .option('--json', 'print JSON')
    .action(async (name, o) =>
      withDatabase(!!o.json, async (database) => {
        const r = await addRunner(database, name, o.labels, Date.now());
        print(!!o.json, r, () => `runner ${r.name} (labels: ${r.labels.join(', ') || '-'})\ntoken (shown once): ${r.token}`);
      }),
    );
  runners
    .command('revoke <name>')
    .description('revoke a runner: its token is refused at once and its running work is retried elsewhere')
    .option('--json', 'print JSON')
    .action(async (name, o) =>
      withDatabase(!!o.json, async (database) => {
        await revokeRunner(database, name, Date.now());
        print(!!o.json, { ok: true, name }, () => `revoked ${name}`);
      }),
    );
  runners
    .command('list')
    .description('runners with their state, labels, version and last heartbeat')
    .option('--json', 'print JSON')
    .action(async (o) =>
      withDatabase(!!o.json, async (database, lapseMs) => {
        const list = await listRunners(database, Date.now(), lapseMs);
        print(!!o.json, list, () => (list.length ? list.map((r) => `${r.name.padEnd(16)} ${r.state.padEnd(8)} ${r.labels.join(',').padEnd(20)} ${r.version ?? '-'}  last seen ${r.lastSeenAt ?? 'never'}`).join('\n') : 'no runners'));
      }),
    );
}
