import type { ChatAdapter } from '../../src/chat/index.ts';
import { appConfig, botConfig, resolveTuning, type WecomOptions } from './config.ts';

/**
 * createWecomAdapters (index.ts) for the service: the same adapters, but the callback crypto
 * and XML parser of the app and the AI bot load only when their credentials are configured;
 * the group robot alone (always on) needs neither.
 */
export async function loadWecomAdapters(options: WecomOptions): Promise<ChatAdapter[]> {
  const tuning = resolveTuning(options);
  const adapters: ChatAdapter[] = [];
  const app = appConfig(options);
  // Callbacks carry no mention list: "@name" is looked up in the app's directory (both adapters share it).
  const members = app ? (await import('./members.ts')).memberDirectoryFor(app, tuning) : undefined;
  if (app) adapters.push(new (await import('./app-adapter.ts')).WecomAppAdapter(app, tuning, members));
  const bot = botConfig(options);
  if (bot) adapters.push(new (await import('./bot-adapter.ts')).WecomBotAdapter(bot, tuning, members));
  if (options.robot !== false) adapters.push(new (await import('./robot-adapter.ts')).WecomRobotAdapter(tuning));
  return adapters;
}
