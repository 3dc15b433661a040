export * from './contract.ts';
export { createRouter, type RouterDeps } from './router.ts';
export { chaseReminderText, doneText, runResultText, taskIdIn, taskLang } from './messages.ts';
