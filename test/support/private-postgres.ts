import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

/** The folder holding initdb and postgres, if this machine has them. */
export function postgresBinaries(): string | undefined {
  return BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'postgres')));
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

async function accepts(port: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: `postgres://root@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

// PostgreSQL refuses to run as root: when the tests do, the server runs as the postgres account.
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root and there is no postgres account to run a private PostgreSQL as');
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A PostgreSQL server of the test's own (its own data folder and port), so that a test can stop
 * and start it without disturbing the shared server other suites use. Trust auth on loopback:
 * a throwaway instance.
 */
export async function privatePostgres(port: number) {
  const bin = postgresBinaries();
  if (!bin) throw new Error('no PostgreSQL server binaries on this machine');
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-postgres-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'root', '--auth=trust', '-E', 'UTF8', '--no-sync'], { encoding: 'utf8', ...user });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  let child: ChildProcess | undefined;
  const start = async () => {
    // fsync off and small buffers: a throwaway server on a shared machine.
    child = spawn(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'shared_buffers=16MB', '-c', 'max_connections=100'], { stdio: 'ignore', ...user });
    // The port opens before the server accepts sessions ("the database system is starting up").
    const deadline = Date.now() + 30_000;
    while (!(await portOpen(port)) || !(await accepts(port))) {
      if (Date.now() > deadline) throw new Error('private PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    const exited = new Promise((r) => c.once('exit', r));
    // SIGINT: "fast" shutdown, open connections are terminated (what a restart or failover does to them).
    c.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url: `postgres://root@127.0.0.1:${port}/chatcron`,
    adminUrl: `postgres://root@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
