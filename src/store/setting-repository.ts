import { type Executor } from './database.ts';
import { insertOnce } from './insert-once.ts';

/** A stored setting (for example the generated API token), or undefined. */
export async function getSetting(db: Executor, name: string): Promise<string | undefined> {
  const r = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return r?.value;
}

/** Stores a setting only if it is not set yet; returns the value that is stored now. */
export async function initSetting(db: Executor, name: string, value: string): Promise<string> {
  if ((await insertOnce(db, db.insertInto('settings').values({ name, value }), false)) !== undefined) return value;
  return (await getSetting(db, name)) ?? value;
}
