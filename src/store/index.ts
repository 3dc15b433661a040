export { openDatabase, redactUrl, type Database, type DialectName, type Executor } from './database.ts';
export { migrateToLatest, isMigrated } from './migrate.ts';
export * from './task-repository.ts';
export * from './run-repository.ts';
export * from './lease-repository.ts';
export * from './instance-repository.ts';
export * from './setting-repository.ts';
export * from './chat-repository.ts';
export * from './chase-repository.ts';
