import type { AppContext } from '../app/index.ts';
import { getChat, setChat } from '../store/index.ts';

// The app layer has no use case for chat settings yet, so this file is the chat side's one
// door to the chats table (getChat/setChat); nothing else in src/chat reads the store.

/** The timezone schedules of this chat are read in: its own setting, else the configured default. */
export async function chatTimezone(app: AppContext, platform: string, chatId: string): Promise<{ tz: string; own: boolean }> {
  const s = await getChat(app.database.db, platform, chatId);
  return s.timezone ? { tz: s.timezone, own: true } : { tz: app.defaultTz, own: false };
}

/** Stores the chat's timezone. */
export async function setChatTimezone(app: AppContext, platform: string, chatId: string, tz: string): Promise<void> {
  await setChat(app.database.db, platform, chatId, { timezone: tz }, app.now());
}
