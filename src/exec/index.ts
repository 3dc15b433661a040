export { runCommand, type CommandSpec, type CommandResult } from './run-command.ts';
export { maskSecrets } from './mask.ts';
export { TailBuffer } from './tail-buffer.ts';
export { Executor, type ExecuteOutcome, type ExecutorOptions, type NamedAction } from './executor.ts';
export { killOrphanGroup } from './orphans.ts';
export { findSetpriv, supervised } from './supervisor.ts';
export { runSqlAction, textTable, type SqlOptions } from './sql-action.ts';
