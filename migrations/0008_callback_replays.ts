import type { Kysely } from 'kysely';

// A platform callback whose signature covers only a timestamp (DingTalk's robot) can be sent
// again with another body for as long as the timestamp is valid. Every replica must recognise a
// used (timestamp, sign) pair and a handled message id, so they are remembered here until they
// expire: the primary key makes "insert or fail" the check. `digest` is the sha256 of the body a
// pair came with (a platform's retry of the same body is not a replay); expires_at lets the
// expired rows be pruned.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('callback_replays')
    .addColumn('name', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('callback_replays_expires_at').on('callback_replays').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('callback_replays').execute();
}
