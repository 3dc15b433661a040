import type { Lang } from '../domain/index.ts';
import type { Executor } from './database.ts';

/** Per-chat settings. */
export interface ChatSettings {
  timezone: string | null;
  lang: Lang | null;
}

/** A chat's settings, or nulls when it has none. */
export async function getChat(db: Executor, platform: string, chatId: string): Promise<ChatSettings> {
  const r = await db.selectFrom('chats').select(['timezone', 'lang']).where('platform', '=', platform).where('chatId', '=', chatId).executeTakeFirst();
  return { timezone: r?.timezone ?? null, lang: (r?.lang as Lang | null) ?? null };
}

/** Sets a chat's timezone and/or language. */
export async function setChat(db: Executor, platform: string, chatId: string, s: Partial<ChatSettings>, now: number): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: now };
  if (s.timezone !== undefined) set.timezone = s.timezone;
  if (s.lang !== undefined) set.lang = s.lang;
  const r = await db.updateTable('chats').set(set).where('platform', '=', platform).where('chatId', '=', chatId).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    await db.insertInto('chats').values({ platform, chatId, timezone: s.timezone ?? null, lang: s.lang ?? null, settings: null, updatedAt: now }).execute();
  }
}
