export type { AppContext, Actor } from './context.ts';
export { OPERATOR } from './context.ts';
export { taskInputSchema, type TaskInput } from './task-input.ts';
export * from './tasks.ts';
export { taskJson, runJson } from './present.ts';
export { closeChase, taskChases, type DoneResult } from './chases.ts';
export { DEFAULT_LIMITS, limitsOf, type AppLimits } from './limits.ts';
export { chatTimezone, setChatTimezone } from './chat-settings.ts';
export { checkChains, withChains } from './chains.ts';
