import type { Command } from 'commander';
import type { startService } from '../main.ts';
import { fail, print } from './output.ts';

/** Adapters present without any configuration (send-only). */
const ALWAYS_ON = ['wecom-robot'];

/** serve and migrate. */
export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the scheduler, the HTTP server and the chat adapters')
    .action(async () => {
      // The service's parts load when it starts, not with the CLI (see src/cli.ts).
      const [{ loadConfig, secretValues }, { createLogger }, { tokenHint }, main] = await Promise.all([
        import('../config/index.ts'),
        import('../logger.ts'),
        import('../http/index.ts'),
        import('../main.ts'),
      ]);
      let cfg;
      try {
        cfg = loadConfig();
      } catch (err) {
        fail(false, err);
        return;
      }
      const log = createLogger(cfg.logLevel, secretValues(cfg));
      // The handlers come before the start, not after "listening": a supervisor may stop the
      // process the moment it reads that line, and a SIGTERM with no handler yet killed it by
      // the signal (the fault checker saw 'exit SIGTERM' instead of a graceful 0). One that
      // arrives while starting stops the service as soon as it is up.
      let stop: ((signal: string) => Promise<void>) | undefined;
      let requested: string | undefined;
      const onSignal = (signal: string) => {
        if (stop) void stop(signal);
        else requested ??= signal;
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
      let service: Awaited<ReturnType<typeof startService>>;
      try {
        service = await main.startService(cfg, log);
      } catch (err) {
        fail(false, err);
        log.flush?.();
        // nothing may keep a failed start alive (a database pool's sockets did, for minutes)
        process.exit(process.exitCode ?? 1);
      }
      // The WeCom group robot is always there and needs no configuration (it only posts to the
      // robot keys tasks name): it is not a configured platform, and is named apart.
      const all = service.adapters.map((a) => a.platform);
      const adapters = all.filter((p) => !ALWAYS_ON.includes(p));
      const sendOnly = all.filter((p) => ALWAYS_ON.includes(p));
      log.info(
        { url: service.url, database: service.database.where, adapters, sendOnly, instance: service.engine.instanceId },
        `chatcron listening on ${service.url} (database ${service.database.where}; adapters: ${adapters.join(', ') || 'none'})`,
      );
      // The token itself is printed only on the start that generated it; afterwards, where it is kept.
      const hint = tokenHint(service.apiAccess, service.url, service.database.dialect);
      if (service.apiAccess.generated) log.warn({}, hint);
      else log.info({}, hint);
      let stopping = false;
      stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, `${signal}: no new runs; waiting up to ${cfg.shutdownGraceMs} ms for running ones`);
        await service.close(cfg.shutdownGraceMs);
        log.info({}, 'stopped');
        log.flush?.();
        process.exit(0);
      };
      if (requested) void stop(requested);
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'print JSON')
    .action(async (o) => {
      try {
        const [{ loadConfig, databaseOptions }, { openMigrated }] = await Promise.all([import('../config/index.ts'), import('../store/index.ts')]);
        const cfg = loadConfig();
        const database = await openMigrated(cfg.databaseUrl, databaseOptions(cfg));
        await database.close();
        print(!!o.json, { ok: true, database: database.where }, () => `migrations applied on ${database.where}`);
      } catch (err) {
        fail(!!o.json, err);
      }
    });
}
