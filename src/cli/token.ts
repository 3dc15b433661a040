import type { Command } from 'commander';
import { fail, print } from './output.ts';

/** token: prints the API token kept in the database (generating it if no start has yet). */
export function registerToken(program: Command): void {
  program
    .command('token')
    .description('print the API bearer token kept in the database (generated at first start when none is configured)')
    .option('--json', 'print JSON')
    .action(async (o) => {
      let database;
      try {
        const [{ loadConfig, databaseOptions }, { openMigrated }, { resolveApiAccess }] = await Promise.all([import('../config/index.ts'), import('../store/index.ts'), import('../http/tokens.ts')]);
        const cfg = loadConfig();
        database = await openMigrated(cfg.databaseUrl, databaseOptions(cfg));
        const access = await resolveApiAccess(database, cfg);
        if (access.source === 'config') {
          // Configured tokens are the operator's own secrets: say where they are, never echo them.
          print(!!o.json, { ok: true, source: 'config', count: access.tokens.length }, () => 'the API tokens come from the configuration (apiToken / apiTokens / CHATCRON_API_TOKEN); nothing is stored in the database');
        } else {
          const token = access.tokens[0].token;
          print(!!o.json, { ok: true, source: 'database', token }, () => token);
        }
      } catch (err) {
        fail(!!o.json, err);
      } finally {
        await database?.close();
      }
    });
}
