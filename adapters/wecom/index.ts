/**
 * WeCom (企业微信) adapters.
 *
 * - `wecom`: the self-built app. `GET|POST /wecom/callback` (encrypted XML, receive id =
 *   corpid); sends with message/send and appchat/send using a cached access token.
 * - `wecom-bot`: the AI bot 智能机器人. `GET|POST /wecom/bot` (encrypted JSON, receive id = "");
 *   answers by POSTing markdown to the latest response_url of the chat. WeCom documents a
 *   response_url as usable once and for one hour (developer.work.weixin.qq.com/document/path/101138,
 *   主动回复消息); callbacks and URL verification are in document/path/100719 and 101033.
 *   So a chat can get one answer per message it sent, within the hour; other sends are refused
 *   with PlatformError (use the app or a group robot for scheduled posts).
 * - `wecom-robot`: the group robot, send-only (webhook/send).
 *
 * Chat ids: for `wecom` and `wecom-bot`, `user:<userid>` is a one-to-one chat (message/send)
 * and `chat:<chatid>` a group chat (appchat/send for the app); any other form is refused.
 * For `wecom-robot` the chat id is the robot key, or the full webhook URL (only its key is used).
 */
import type { ChatAdapter } from '../../src/chat/index.ts';
import { WecomAppAdapter } from './app-adapter.ts';
import { WecomBotAdapter } from './bot-adapter.ts';
import { appConfig, botConfig, resolveTuning, type WecomOptions } from './config.ts';
import { memberDirectoryFor } from './members.ts';
import { WecomRobotAdapter } from './robot-adapter.ts';

export type { WecomOptions } from './config.ts';
export { DEFAULT_API_BASE } from './config.ts';
export { WecomAppAdapter } from './app-adapter.ts';
export { WecomBotAdapter } from './bot-adapter.ts';
export { WecomRobotAdapter } from './robot-adapter.ts';
export { WecomApiError } from './api-error.ts';
export { WecomCrypto, type CryptoRejection, type Opened } from './crypto.ts';
export { parseChatId, userChatId, groupChatId, type WecomChatRef } from './chat-id.ts';

/**
 * The WeCom adapters whose options are present: the app when corpId, agentId, secret, token
 * and aesKey are all set; the AI bot when botToken and botAesKey are set; the group robot
 * unless `robot: false`. Throws (without echoing it) when an EncodingAESKey is malformed.
 */
export function createWecomAdapters(options: WecomOptions): ChatAdapter[] {
  const tuning = resolveTuning(options);
  const adapters: ChatAdapter[] = [];
  const app = appConfig(options);
  // Callbacks carry no mention list: "@name" is looked up in the app's directory (both adapters share it).
  const members = app ? memberDirectoryFor(app, tuning) : undefined;
  if (app) adapters.push(new WecomAppAdapter(app, tuning, members));
  const bot = botConfig(options);
  if (bot) adapters.push(new WecomBotAdapter(bot, tuning, members));
  if (options.robot !== false) adapters.push(new WecomRobotAdapter(tuning));
  return adapters;
}
