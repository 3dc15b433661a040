import os from 'node:os';
import { UserError } from '../domain/index.ts';
import * as store from '../store/index.ts';

const LEASE = 'engine-sqlite';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A SQLite file carries one engine: refuses clearly when another live process holds it. A lease
 * left by a process that is gone (kill -9) is taken over at once, so a restart never waits.
 */
export async function claimSqlite(database: store.Database, instanceId: string, now: number, ttlMs: number): Promise<void> {
  if (database.dialect !== 'sqlite') return;
  if (await store.acquireLease(database.db, LEASE, instanceId, now, ttlMs)) return;
  const held = await store.findLease(database.db, LEASE);
  const [host, pidText] = (held?.holder ?? '').split('/');
  const pid = Number(pidText);
  if (held && host === os.hostname() && Number.isInteger(pid) && !processAlive(pid)) {
    await store.releaseLease(database.db, LEASE, held.holder);
    if (await store.acquireLease(database.db, LEASE, instanceId, now, ttlMs)) return;
  }
  throw new UserError('sqlite_in_use', {
    en: `another chatcron process (${held?.holder ?? 'unknown'}) is running on ${database.where}; SQLite takes one service process. Stop it, or use MySQL (DATABASE_URL=mysql://…) to run several replicas.`,
    zh: `另一个 chatcron 进程（${held?.holder ?? '未知'}）正在使用 ${database.where}；SQLite 只能运行一个服务进程。请先停止它，或改用 MySQL 运行多个副本。`,
  });
}

/** Renews the SQLite lease (called with the heartbeat). */
export async function renewSqlite(database: store.Database, instanceId: string, now: number, ttlMs: number): Promise<boolean> {
  if (database.dialect !== 'sqlite') return true;
  return store.acquireLease(database.db, LEASE, instanceId, now, ttlMs);
}

/** Releases the SQLite lease at shutdown. */
export async function releaseSqlite(database: store.Database, instanceId: string): Promise<void> {
  if (database.dialect === 'sqlite') await store.releaseLease(database.db, LEASE, instanceId);
}
