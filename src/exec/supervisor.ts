import fs from 'node:fs';
import path from 'node:path';

/*
 * Why commands run under a supervisor. A command must die with the service that started it:
 * otherwise, after a SIGKILL (or OOM kill, or power-cut of the service alone), the command is
 * re-parented to PID 1 and goes on while a survivor retries the same occurrence, so the two
 * overlap. Node cannot run code when it is SIGKILLed, so the kernel has to do it:
 *
 * - `setpriv --pdeathsig` (util-linux, Essential on Debian, 2.38 here) asks the kernel to signal
 *   a process when its parent dies. It applies to the one process it execs, not to that
 *   process's children: a command such as `backup.sh` whose work is done by grandchildren would
 *   lose its shell and keep its work running (tried: the grandchild stays, re-parented to 1).
 * - So setpriv execs a four-line POSIX sh supervisor that is the leader of the command's own
 *   process group (detached) and gets SIGUSR1 when the service dies; its trap kills the whole
 *   group with SIGKILL, grandchildren included. It costs one fork of /bin/sh per command (~1 ms).
 *   The command runs as an asynchronous list of that sh, so it starts with SIGINT and SIGQUIT
 *   ignored (POSIX) and stdin from /dev/null (stdin is not used anyway).
 * - Belt and braces: the run row records the group id; an engine on the same host that takes
 *   over a dead instance's runs kills that group first (killOrphanGroup), which also covers the
 *   instant between fork and prctl and a host without setpriv.
 *
 * Timeouts and shutdown still signal the group (SIGTERM, then SIGKILL): the sh dies of SIGTERM
 * like its command, so the outcome reads "killed by SIGTERM" as before.
 */
const SCRIPT = [
  "trap 'kill -KILL 0' USR1",
  '"$@" &',
  'wait $!',
  's=$?',
  // A command killed by a signal: die of the same signal, so the service sees the signal, not 128+n.
  'if [ $s -gt 128 ] && [ $s -lt 160 ]; then trap - USR1; kill -$((s - 128)) $$; fi',
  'exit $s',
].join('\n');

let setprivPath: string | null | undefined;

/** Where setpriv is, or null when this host has none (then commands run without a supervisor). */
export function findSetpriv(envPath = process.env.PATH ?? '/usr/bin:/bin'): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  for (const dir of [...envPath.split(':'), '/usr/bin', '/bin']) {
    const p = path.join(dir || '.', 'setpriv');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      setprivPath = p;
      break;
    } catch {
      // not here
    }
  }
  return setprivPath;
}

/**
 * The argv that runs `argv` under the supervisor (or `argv` itself when setpriv is missing).
 * The shell exports PWD to what it starts; a command gets only its configured environment, so
 * PWD is unset again unless the configuration gives it (`env` is the command's whole environment).
 */
export function supervised(argv: string[], env: Record<string, string> = {}): string[] {
  const setpriv = process.platform === 'linux' ? findSetpriv() : null;
  if (!setpriv) return argv;
  const script = 'PWD' in env ? SCRIPT : `unset PWD\n${SCRIPT}`;
  return [setpriv, '--pdeathsig', 'USR1', '--', '/bin/sh', '-c', script, 'chatcron-run', ...argv];
}
