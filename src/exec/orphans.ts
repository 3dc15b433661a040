import fs from 'node:fs';

/**
 * Kills what is left of a crashed service's command: every process in group `pgid`, provided
 * one of them still carries CHATCRON_RUN_ID=`runId` in its environment (a process group id can
 * be reused once the group is empty; the marker makes sure the group is still that run's).
 * Returns the number of processes found in the group. Linux only (/proc); elsewhere a no-op.
 */
export function killOrphanGroup(pgid: number, runId: number): number {
  if (!Number.isInteger(pgid) || pgid <= 1) return 0;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return 0;
  }
  const marker = `CHATCRON_RUN_ID=${runId}\0`;
  let members = 0;
  let ours = false;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      // Fields after the command name: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
      members++;
      if (!ours && fs.readFileSync(`/proc/${e}/environ`, 'latin1').includes(marker)) ours = true;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  if (members > 0 && ours) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return ours ? members : 0;
}
