import { Migrator, type MigrationResult } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { openDatabase, type Database, type OpenOptions } from './database.ts';

/** Applies every pending migration; returns the names applied. Throws when one fails. */
export async function migrateToLatest(database: Database): Promise<string[]> {
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
