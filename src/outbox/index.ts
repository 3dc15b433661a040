export { OutboxRelay, type RelayOptions } from './relay.ts';
export { enqueueChat, enqueueWebhook, type ChatTarget } from './enqueue.ts';
export { noticeHooks, notifyPayload, taskLang, type NoticeFormat } from './notices.ts';
export { ChaseDriver } from './chase-driver.ts';
export { splitMessage } from './split.ts';
export { postJson } from './post-json.ts';
