import type { Kysely } from 'kysely';

// The per-minute limits (a group's send rate, a person's and a chat's commands) must hold
// for all replicas together, so their recent hits live in the database: one row per limited
// key, holding the latest hit instants. updated_at lets quiet keys be swept.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_windows')
    .addColumn('name', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('hits', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_windows_updated_at').on('rate_windows').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_windows').execute();
}
