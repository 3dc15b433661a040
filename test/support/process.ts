import fs from 'node:fs';

/**
 * Whether a process is alive. A killed process whose parent is gone may linger as a zombie
 * when PID 1 does not reap (as in these containers): a zombie runs nothing, so it counts as dead.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}
