import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * The column builder of an integer id that numbers itself: AUTO_INCREMENT on MySQL, AUTOINCREMENT
 * on SQLite (as since 0001), an identity column on PostgreSQL, which knows neither keyword.
 * Used with the type 'integer', so the three dialects keep one set of migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function autoId(db: Kysely<any>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return (c) => c.primaryKey().generatedByDefaultAsIdentity();
  return (c) => c.primaryKey().autoIncrement();
}
