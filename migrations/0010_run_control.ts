import type { Kysely } from 'kysely';

// Run control from the console, the API, the CLI and chat. A stop request is a row change, not
// a message to one process: whichever replica holds the run reads it (it polls the requests of
// the runs it executes every ~500 ms), kills the process tree and records the run `stopped` by
// whom. The same replica flushes the output of a running command to live_output as it grows,
// so a task page served by any replica can show the log while the run goes on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('live_output', 'text').execute();
  await db.schema.alterTable('runs').addColumn('stop_requested_by', 'varchar(200)').execute();
  await db.schema.alterTable('runs').addColumn('stop_requested_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('stop_requested_at').execute();
  await db.schema.alterTable('runs').dropColumn('stop_requested_by').execute();
  await db.schema.alterTable('runs').dropColumn('live_output').execute();
}
