export * from './schedule.ts';
export * from './task.ts';
export * from './run.ts';
export * from './errors.ts';
export * from './chase.ts';
