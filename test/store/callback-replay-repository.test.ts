import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../src/store/index.ts';
import { DIALECTS, freshDatabase, mysqlAvailable } from '../support/databases.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;

describe.each(DIALECTS)('the shared callback replay memory on %s', async (dialect) => {
  const usable = dialect === 'sqlite' || (await mysqlAvailable());
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });
  const open = async () => {
    const d = await freshDatabase(dialect);
    drop = async () => {
      await d.database.close();
      await d.drop();
    };
    return d.database;
  };

  it.runIf(usable)('says new once, same for the same content, other for other content', async () => {
    const db = (await open()).db;
    expect(await store.rememberCallback(db, 'k', 'a'.repeat(64), NOW + HOUR, NOW)).toBe('new');
    expect(await store.rememberCallback(db, 'k', 'a'.repeat(64), NOW + HOUR, NOW)).toBe('same');
    expect(await store.rememberCallback(db, 'k', 'b'.repeat(64), NOW + HOUR, NOW)).toBe('other');
  });

  it.runIf(usable)('gives exactly one of twenty racing claims of one key the first use', async () => {
    const db = (await open()).db;
    const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => store.rememberCallback(db, 'raced', String(i).padStart(64, '0'), NOW + HOUR, NOW)));
    expect(verdicts.filter((v) => v === 'new')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'other')).toHaveLength(19);
  });

  it.runIf(usable)('prunes expired keys and lets an expired key be used again', async () => {
    const db = (await open()).db;
    await store.rememberCallback(db, 'old', 'a'.repeat(64), NOW - 1, NOW - HOUR);
    await store.rememberCallback(db, 'fresh', 'a'.repeat(64), NOW + HOUR, NOW);
    expect(await store.rememberCallback(db, 'old', 'b'.repeat(64), NOW + HOUR, NOW)).toBe('new');
    await store.rememberCallback(db, 'old2', 'a'.repeat(64), NOW - 1, NOW - HOUR);
    expect(await store.pruneCallbacks(db, NOW)).toBe(1);
    expect((await db.selectFrom('callbackReplays').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual(['fresh', 'old']);
    await store.forgetCallback(db, 'fresh');
    expect(await store.rememberCallback(db, 'fresh', 'b'.repeat(64), NOW + HOUR, NOW)).toBe('new');
  });
});
