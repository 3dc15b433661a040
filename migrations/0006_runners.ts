import type { Kysely } from 'kysely';
import { autoId } from './types.ts';

// Remote runners (their own tokens, stored only as a hash), where a task runs, its jitter and
// the tasks it starts next; on runs, the label a run waits for, the runner that took it and the
// run that started it (chains). SQLite adds one column per statement, so each is its own ALTER.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('runners')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('version', 'varchar(40)')
    .addColumn('host', 'varchar(200)')
    .execute();
  await db.schema.alterTable('tasks').addColumn('run_on', 'varchar(100)').execute();
  await db.schema.alterTable('tasks').addColumn('jitter_ms', 'integer').execute();
  await db.schema.alterTable('tasks').addColumn('then_task_id', 'integer').execute();
  await db.schema.alterTable('tasks').addColumn('on_failure_task_id', 'integer').execute();
  await db.schema.alterTable('runs').addColumn('run_on', 'varchar(100)').execute();
  await db.schema.alterTable('runs').addColumn('runner', 'varchar(100)').execute();
  await db.schema.alterTable('runs').addColumn('parent_run_id', 'integer').execute();
  // What a runner's poll looks for: running runs of its labels that no runner holds yet.
  await db.schema.createIndex('runs_remote').on('runs').columns(['run_on', 'status', 'runner']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('runs_remote').on('runs').execute();
  for (const c of ['parent_run_id', 'runner', 'run_on']) await db.schema.alterTable('runs').dropColumn(c).execute();
  for (const c of ['on_failure_task_id', 'then_task_id', 'jitter_ms', 'run_on']) await db.schema.alterTable('tasks').dropColumn(c).execute();
  await db.schema.dropTable('runners').execute();
}
