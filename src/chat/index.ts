export * from './contract.ts';
export { createRouter, type RouterDeps } from './router.ts';
export { chaseReminderText, doneText, runResultText, taskIdIn, taskLang } from './messages.ts';
export type { ReminderOccurrence } from './run-message.ts';
export { SeenCache } from './seen-cache.ts';
export { SentTexts } from './sent-texts.ts';
export { dispatch, type Dispatched } from './dispatch.ts';
export { buttonData, choicesFor, issueButtons, parseButtonData } from './buttons.ts';
export { createTapHandler, type TapDeps } from './taps.ts';
