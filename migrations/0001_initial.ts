import type { Kysely } from 'kysely';
import { autoId } from './types.ts';

// Instants are BIGINT epoch milliseconds (UTC) on both dialects: no timezone conversion anywhere.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('chat_platform', 'varchar(32)')
    .addColumn('chat_id', 'varchar(191)')
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(191)')
    .addColumn('owner_name', 'varchar(200)')
    .addColumn('mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('schedule_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('schedule_expr', 'varchar(200)', (c) => c.notNull())
    .addColumn('schedule_text', 'varchar(1000)', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('anchor_at', 'bigint')
    .addColumn('start_at', 'bigint')
    .addColumn('end_at', 'bigint')
    .addColumn('max_runs', 'integer')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('misfire', 'varchar(10)', (c) => c.notNull())
    .addColumn('misfire_grace_ms', 'integer', (c) => c.notNull())
    .addColumn('overlap', 'varchar(10)', (c) => c.notNull())
    .addColumn('overlap_max', 'integer', (c) => c.notNull())
    .addColumn('retries', 'integer', (c) => c.notNull())
    .addColumn('backoff_ms', 'integer', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('notify_urls', 'text')
    .addColumn('chase_every_ms', 'integer')
    .addColumn('chase_max', 'integer')
    .addColumn('chase_until', 'varchar(5)')
    .addColumn('chase_close_on_next', 'integer')
    .addColumn('next_run_at', 'bigint')
    .addColumn('run_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_due').on('tasks').columns(['status', 'next_run_at']).execute();
  await db.schema.createIndex('tasks_chat').on('tasks').columns(['chat_platform', 'chat_id']).execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('task_id', 'integer', (c) => c.notNull())
    .addColumn('scheduled_for', 'bigint', (c) => c.notNull())
    .addColumn('trigger', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('exit_code', 'integer')
    .addColumn('output', 'text')
    .addColumn('message', 'text')
    .addColumn('error', 'text')
    .addColumn('instance', 'varchar(100)')
    .execute();
  // The key that makes a fire happen once, whatever the number of replicas.
  await db.schema
    .createIndex('runs_once')
    .on('runs')
    .columns(['task_id', 'scheduled_for', 'trigger', 'attempt'])
    .unique()
    .execute();
  await db.schema.createIndex('runs_status_due').on('runs').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('runs_task').on('runs').columns(['task_id', 'id']).execute();

  await db.schema
    .createTable('chases')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('task_id', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'integer')
    .addColumn('scheduled_for', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('next_chase_at', 'bigint')
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'varchar(200)')
    .addColumn('close_reason', 'varchar(20)')
    .execute();
  await db.schema.createIndex('chases_once').on('chases').columns(['task_id', 'scheduled_for']).unique().execute();
  await db.schema.createIndex('chases_due').on('chases').columns(['next_chase_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('target_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('platform', 'varchar(32)')
    .addColumn('target', 'varchar(1000)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(191)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('platform_message_id', 'varchar(191)')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('chats')
    .addColumn('platform', 'varchar(32)', (c) => c.notNull())
    .addColumn('chat_id', 'varchar(191)', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)')
    .addColumn('lang', 'varchar(5)')
    .addColumn('settings', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chats_pk', ['platform', 'chat_id'])
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(100)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instances')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('host', 'varchar(200)', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'instances', 'leases', 'chats', 'outbox', 'chases', 'runs', 'tasks']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
