export * from './contract.ts';
export { createRouter, type RouterDeps } from './router.ts';
export { chaseReminderText, doneText, runResultText, taskIdIn, taskLang } from './messages.ts';
export { SeenCache } from './seen-cache.ts';
export { SentTexts } from './sent-texts.ts';
export { dispatch, type Dispatched } from './dispatch.ts';
