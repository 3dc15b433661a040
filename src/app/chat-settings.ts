import { getChat, setChat } from '../store/index.ts';
import type { AppContext } from './context.ts';

// Per-chat settings as use cases: the chat layer reads and writes them through here only.

/** The timezone schedules of this chat are read in: its own setting, else the configured default. */
export async function chatTimezone(app: AppContext, platform: string, chatId: string): Promise<{ tz: string; own: boolean }> {
  const s = await getChat(app.database.db, platform, chatId);
  return s.timezone ? { tz: s.timezone, own: true } : { tz: app.defaultTz, own: false };
}

/** Stores the chat's timezone. */
export async function setChatTimezone(app: AppContext, platform: string, chatId: string, tz: string): Promise<void> {
  await setChat(app.database.db, platform, chatId, { timezone: tz }, app.now());
}

/**
 * The one rule for zones: a task's times are read and shown in the task's zone; a task that
 * does not exist yet takes the zone given, else its chat's zone, else the configured default.
 */
export async function zoneFor(ctx: AppContext, tz: string | undefined, chat: { platform: string; chatId: string } | null | undefined): Promise<string> {
  if (tz) return tz;
  if (chat) return (await chatTimezone(ctx, chat.platform, chat.chatId)).tz;
  return ctx.defaultTz;
}
