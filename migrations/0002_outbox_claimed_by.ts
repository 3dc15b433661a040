import type { Kysely } from 'kysely';

// Who is sending an outbox message: after a crash, the survivors (or the restarted process)
// hand messages claimed by a dead instance back at once instead of waiting out the claim.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'varchar(100)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('claimed_by').execute();
}
