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

/**
 * On PostgreSQL, the schema the connection works in (the first of its search_path). Without it,
 * kysely's Migrator asks whether its tables exist by name in any schema of the database: when
 * another schema already holds a `kysely_migration_lock` (a second chatcron, another app on
 * kysely, or a parallel test), it skips creating its own and then fails on "relation
 * kysely_migration_lock does not exist". The tables stay where they were (current_schema() is
 * where an unqualified create put them).
 */
async function migrationSchema(database: Database): Promise<{ migrationTableSchema?: string }> {
  if (database.dialect !== 'postgres') return {};
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database.db);
  return rows[0]?.schema ? { migrationTableSchema: rows[0].schema } : {};
}

/** Applies every pending migration; returns the names applied. Throws when one fails. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  if (await nothingPending(database)) return [];
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, ...(await migrationSchema(database)) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function isMigrated(database: Database): Promise<boolean> {
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, ...(await migrationSchema(database)) });
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
