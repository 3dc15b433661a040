import { isUniqueViolation, type Executor } from './database.ts';

/** A stored setting (for example the generated API token), or undefined. */
export async function getSetting(db: Executor, name: string): Promise<string | undefined> {
  const r = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  return r?.value;
}

/** Stores a setting only if it is not set yet; returns the value that is stored now. */
export async function initSetting(db: Executor, name: string, value: string): Promise<string> {
  try {
    await db.insertInto('settings').values({ name, value }).execute();
    return value;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return (await getSetting(db, name)) ?? value;
  }
}
