import type { Kysely } from 'kysely';

// Whether a run's command was started, and its process group: after a crash, a run whose
// command never started is taken over and run (nothing was done yet), one whose command
// started is interrupted and follows the retry policy, and a replica on the same host kills
// whatever is left of the recorded process group before any retry starts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('spawned_at', 'bigint').execute();
  await db.schema.alterTable('runs').addColumn('pgid', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('pgid').execute();
  await db.schema.alterTable('runs').dropColumn('spawned_at').execute();
}
