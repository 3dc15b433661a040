import type { Kysely } from 'kysely';

// Buttons on reminders and results (issue 22). Each message with buttons gets one random token,
// stored here with the chat, task and occurrence it acts on: a tap carries only the token and a
// choice, and is looked up here, so callback data cannot be turned onto another chat's
// occurrence. `used_at` is set by one conditional UPDATE: the first tap wins on every replica.
// tasks.closers says who may close an occurrence (owner | admins | anyone; null = anyone).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('action_tokens')
    .addColumn('token', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('platform', 'varchar(40)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(191)', (c) => c.notNull())
    .addColumn('task_id', 'integer', (c) => c.notNull())
    .addColumn('chase_id', 'integer')
    .addColumn('run_id', 'integer')
    .addColumn('choices', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('used_by_id', 'varchar(191)')
    .addColumn('used_by_name', 'varchar(200)')
    .addColumn('used_choice', 'varchar(8)')
    .addColumn('used_until', 'bigint')
    .execute();
  // History reads a task's taps.
  await db.schema.createIndex('action_tokens_task').on('action_tokens').columns(['task_id', 'used_at']).execute();
  await db.schema.alterTable('tasks').addColumn('closers', 'varchar(10)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('closers').execute();
  await db.schema.dropIndex('action_tokens_task').on('action_tokens').execute();
  await db.schema.dropTable('action_tokens').execute();
}
