import fs from 'node:fs';
import path from 'node:path';
import { supervised } from './supervisor.ts';
import { TailBuffer } from './tail-buffer.ts';

/** How to run one command. */
export interface CommandSpec {
  argv: string[];
  cwd?: string;
  /** The whole environment of the child: the service's own variables are not inherited. */
  env: Record<string, string>;
  timeoutMs: number;
  outputLimitBytes: number;
  /** ms between SIGTERM and SIGKILL of the process group at timeout. */
  killGraceMs?: number;
  /** Sees output as it comes (remote runners stream it back). */
  onOutput?: (chunk: Buffer) => void;
  /** Called with the process group id once the command is spawned. */
  onSpawn?: (pgid: number) => void;
}

/** What came of running a command. */
export interface CommandResult {
  status: 'succeeded' | 'failed' | 'timed_out';
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The tail of stdout and stderr, interleaved, at most outputLimitBytes. */
  output: string;
  outputBytes: number;
  error: string | null;
}

/**
 * Runs argv without a shell in its own process group, so that a timeout kills the whole tree
 * (grandchildren included), and keeps only the tail of the output.
 */
export async function runCommand(spec: CommandSpec, signal?: AbortSignal): Promise<CommandResult> {
  // Loaded with the first command, not at start-up: a service that only posts messages never needs it.
  const { execa } = await import('execa');
  const started = performance.now();
  const tail = new TailBuffer(spec.outputLimitBytes);
  let timedOut = false;
  let child;
  // Under the supervisor a missing program would read "exit code 127": say what it is, as before.
  if (!findProgram(spec.argv[0], spec.env.PATH, spec.cwd)) {
    return { status: 'failed', exitCode: null, signal: null, durationMs: 0, output: '', outputBytes: 0, error: `command not found: ${spec.argv[0]}` };
  }
  const argv = supervised(spec.argv, spec.env);
  try {
    child = execa(argv[0], argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env,
      extendEnv: false,
      shell: false,
      detached: true,
      buffer: false,
      stdin: 'ignore',
      reject: false,
      windowsHide: true,
    });
  } catch (err) {
    return { status: 'failed', exitCode: null, signal: null, durationMs: 0, output: '', outputBytes: 0, error: (err as Error).message };
  }
  if (child.pid !== undefined) spec.onSpawn?.(child.pid); // detached: the child leads its own group
  const onData = spec.onOutput ? (c: Buffer) => (tail.write(c), spec.onOutput!(c)) : (c: Buffer) => tail.write(c);
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const killTree = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // the group is gone already
    }
  };
  let hardKill: NodeJS.Timeout | undefined;
  const stop = () => {
    killTree('SIGTERM');
    hardKill = setTimeout(() => killTree('SIGKILL'), spec.killGraceMs ?? 2000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, spec.timeoutMs);
  const onAbort = () => stop();
  // A stop asked for while execa was still loading (the first command of a process) counts too.
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  // When the command itself exits, what it left in its group goes too, at once: a background
  // grandchild holding stdout open would otherwise keep the run "running" (and a shutdown
  // waiting its whole grace) long after the command finished.
  child.once('exit', () => killTree('SIGKILL'));
  const r = await child;
  clearTimeout(timer);
  signal?.removeEventListener('abort', onAbort);
  // The leader is gone; make sure nothing it started outlives it.
  killTree('SIGKILL');
  if (hardKill) clearTimeout(hardKill);
  const durationMs = Math.round(performance.now() - started);
  const exitCode = typeof r.exitCode === 'number' ? r.exitCode : null;
  const sig = r.signal ?? null;
  if (timedOut) {
    return { status: 'timed_out', exitCode, signal: sig, durationMs, output: tail.text(), outputBytes: tail.total, error: `timed out after ${spec.timeoutMs} ms; the process tree was killed` };
  }
  if (r.failed && exitCode === null) {
    const msg = (r as { code?: string }).code === 'ENOENT' ? `command not found: ${spec.argv[0]}` : (r.shortMessage ?? 'the command failed to start');
    return { status: 'failed', exitCode, signal: sig, durationMs, output: tail.text(), outputBytes: tail.total, error: msg };
  }
  return {
    status: exitCode === 0 ? 'succeeded' : 'failed',
    exitCode,
    signal: sig,
    durationMs,
    output: tail.text(),
    outputBytes: tail.total,
    error: exitCode === 0 ? null : sig ? `killed by ${sig}` : `exit code ${exitCode}`,
  };
}

/** Whether `program` names an executable file (a path, or a name found on `envPath`). */
function findProgram(program: string, envPath: string | undefined, cwd: string | undefined): boolean {
  const executable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return executable(path.resolve(cwd ?? process.cwd(), program));
  return (envPath ?? '').split(':').some((dir) => dir !== '' && executable(path.join(dir, program)));
}
