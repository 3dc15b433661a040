import type { Command } from 'commander';
import { fail } from './output.ts';

/** `chatcron runner`: runs on another host and executes the runs meant for its labels. */
export function registerRunnerCommand(program: Command): void {
  program
    .command('runner')
    .description("run work for a chatcron server on this host: only the actions of this runner's own configuration")
    .requiredOption('--server <url>', 'the chatcron server, e.g. https://chatcron.example.com')
    .option('--token <token>', 'this runner\'s token (from `chatcron runners add`); or CHATCRON_RUNNER_TOKEN')
    .option('--name <name>', 'the runner name the token belongs to (checked by the server)')
    .option('--labels <a,b>', 'serve only these of the granted labels', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--config <file>', 'this runner\'s configuration (same `actions` schema as the service\'s)')
    .option('--concurrency <n>', 'runs at once', (v) => Number(v), 1)
    .action(async (o) => {
      // Imported when the runner starts, not when the CLI registers its commands (see src/cli.ts).
      const [{ actionSpecs, loadConfig, secretValues }, { VERSION }, { createLogger }, { AgentRefused, RunnerAgent }] = await Promise.all([
        import('../config/index.ts'),
        import('../http/version.ts'),
        import('../logger.ts'),
        import('../runners/index.ts'),
      ]);
      let cfg;
      const token: string | undefined = o.token ?? process.env.CHATCRON_RUNNER_TOKEN;
      try {
        if (!token) throw new Error('give --token or CHATCRON_RUNNER_TOKEN');
        cfg = loadConfig(o.config ? { ...process.env, CHATCRON_CONFIG: o.config } : process.env);
      } catch (err) {
        fail(false, err);
        return;
      }
      const secrets = [...secretValues(cfg), token];
      const log = createLogger(cfg.logLevel, secrets);
      const agent = new RunnerAgent({
        server: o.server,
        token,
        name: o.name,
        labels: o.labels,
        actions: actionSpecs(cfg),
        env: cfg.exec.env,
        cwd: cfg.exec.cwd,
        outputLimitBytes: cfg.exec.outputLimitBytes,
        secrets,
        concurrency: Math.max(1, Math.min(64, o.concurrency || 1)),
        version: VERSION,
        log,
      });
      const stop = (signal: string) => {
        log.info({ signal }, `${signal}: taking no new work; finishing what runs`);
        agent.stop();
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      log.info({ server: o.server, name: o.name, labels: o.labels, actions: Object.keys(cfg.actions) }, `chatcron runner polling ${o.server}`);
      try {
        await agent.run();
        log.info({}, 'stopped');
      } catch (err) {
        log.flush?.();
        process.exitCode = err instanceof AgentRefused ? 2 : 1;
      }
    });
}
