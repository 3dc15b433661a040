import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where the MariaDB server binary is, if this machine has one. */
export function mariadbBinary(): string | undefined {
  for (const p of ['/usr/sbin/mariadbd', '/usr/sbin/mysqld', '/usr/bin/mariadbd']) if (fs.existsSync(p)) return p;
  return undefined;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * A MariaDB server of the test's own (its own data folder and port), so that a test can stop
 * and start it without disturbing the shared server other suites use. No grant tables: a
 * throwaway instance on loopback.
 */
export async function privateMariadb(port: number) {
  const bin = mariadbBinary();
  if (!bin) throw new Error('no mariadbd on this machine');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-mariadb-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const install = spawnSync('mariadb-install-db', [`--datadir=${data}`, '--user=mysql', '--skip-test-db', '--auth-root-authentication-method=normal'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(bin, [`--datadir=${data}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${path.join(dir, 'sock')}`, '--user=mysql', '--skip-grant-tables', '--skip-networking=0', `--pid-file=${path.join(dir, 'pid')}`, '--innodb-buffer-pool-size=32M'], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    while (!(await portOpen(port))) {
      if (Date.now() > deadline) throw new Error('private MariaDB did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}/chatcron`,
    start,
    stop,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
