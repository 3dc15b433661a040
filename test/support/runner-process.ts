import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_CLI } from './service-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A `chatcron runner` child process. */
export interface RunnerProcess {
  child: ChildProcess;
  logs: string[];
  exited: Promise<number | string>;
}

/** Starts `chatcron runner` against a server and waits until it polls. */
export async function startRunner(args: { server: string; token: string; name?: string; labels?: string[]; config: string; concurrency?: number }, timeoutMs = 20_000): Promise<RunnerProcess> {
  const argv = [...SOURCE_CLI, 'runner', '--server', args.server, '--config', args.config];
  if (args.name) argv.push('--name', args.name);
  if (args.labels) argv.push('--labels', args.labels.join(','));
  if (args.concurrency) argv.push('--concurrency', String(args.concurrency));
  // The token travels in the environment, as the systemd unit in docs/operators.md does it.
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', CHATCRON_RUNNER_TOKEN: args.token, CHATCRON_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  child.stdout!.on('data', (c: Buffer) => logs.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => logs.push(c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const deadline = Date.now() + timeoutMs;
  while (!/runner polling/.test(logs.join(''))) {
    if (Date.now() > deadline) throw new Error(`runner did not start:\n${logs.join('')}`);
    if (child.exitCode !== null) throw new Error(`runner exited with ${child.exitCode}:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, logs, exited };
}
