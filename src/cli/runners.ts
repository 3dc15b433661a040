import type { Command } from 'commander';
import type { Database } from '../store/index.ts';
import { fail, print } from './output.ts';

// Registering costs nothing: the configuration, the database and the runners' use cases are
// imported only when a command runs (see src/cli.ts).
const runnersApi = () => import('../runners/index.ts');

async function withDatabase(json: boolean, fn: (database: Database, lapseMs: number) => Promise<void>): Promise<void> {
  let database: Database | undefined;
  try {
    const [{ loadConfig, databaseOptions }, { openMigrated }] = await Promise.all([import('../config/index.ts'), import('../store/index.ts')]);
    const cfg = loadConfig();
    database = await openMigrated(cfg.databaseUrl, databaseOptions(cfg));
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
        const r = await (await runnersApi()).addRunner(database, name, o.labels, Date.now());
        print(!!o.json, r, () => `runner ${r.name} (labels: ${r.labels.join(', ') || '-'})\ntoken (shown once): ${r.token}`);
      }),
    );
  runners
    .command('revoke <name>')
    .description('revoke a runner: its token is refused at once and its running work is retried elsewhere')
    .option('--json', 'print JSON')
    .action(async (name, o) =>
      withDatabase(!!o.json, async (database) => {
        await (await runnersApi()).revokeRunner(database, name, Date.now());
        print(!!o.json, { ok: true, name }, () => `revoked ${name}`);
      }),
    );
  runners
    .command('list')
    .description('runners with their state, labels, version and last heartbeat')
    .option('--json', 'print JSON')
    .action(async (o) =>
      withDatabase(!!o.json, async (database, lapseMs) => {
        const list = await (await runnersApi()).listRunners(database, Date.now(), lapseMs);
        print(!!o.json, list, () => (list.length ? list.map((r) => `${r.name.padEnd(16)} ${r.state.padEnd(8)} ${r.labels.join(',').padEnd(20)} ${r.version ?? '-'}  last seen ${r.lastSeenAt ?? 'never'}`).join('\n') : 'no runners'));
      }),
    );
}
