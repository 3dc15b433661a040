import type { Kysely } from 'kysely';

// An occurrence whose slot met a run held by another instance that has not been heard from
// since the slot cannot yet tell "the previous run was still running" (skip) from "its holder
// died before the slot" (run it): it waits as a queued run marked overlap_pending until the
// holder's next heartbeat proves it was alive at the slot, or its lapse proves it was not.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('overlap_pending', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('overlap_pending').execute();
}
