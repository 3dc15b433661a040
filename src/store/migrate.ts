import { Migrator, sql, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { openDatabase, type Database, type OpenOptions } from './database.ts';

/**
 * True when kysely's migration table lists exactly the known migrations: nothing is pending, so
 * the Migrator need not run. Every CLI command opens the database this way, and the Migrator
 * (its lock table, and a locale-aware sort of the names that starts ICU's collator, ~20 ms) was
 * a tenth of `chatcron list`'s start-up. Anything else (no table yet, a name this build does
 * not know, one missing) goes to the Migrator, which applies or refuses exactly as before.
 */
async function nothingPending(database: Database): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
    const known = Object.keys(migrations);
    const applied = new Set(rows.map((r) => r.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** Applies every pending migration; returns the names applied. Throws when one fails. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  if (await nothingPending(database)) return [];
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function isMigrated(database: Database): Promise<boolean> {
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

/** Opens the database at `url` and applies pending migrations; closes it again if they fail. */
export async function openMigrated(url: string, opts: OpenOptions = {}): Promise<Database> {
  const database = openDatabase(url, opts);
  try {
    await migrateToLatest(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
