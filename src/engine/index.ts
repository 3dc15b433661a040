export { Engine, newInstanceId, DEFAULT_HEARTBEAT_MS, DEFAULT_LAPSE_MS, DEFAULT_CLAIM_AHEAD_MAX_MS, claimAheadMs, type EngineOptions } from './engine.ts';
export { ManualClock, systemClock, armPrecise, type Clock } from './clock.ts';
export { planFire, type FirePlan } from './plan.ts';
export { scheduleRetry } from './completions.ts';
export type { EngineHooks, DueSource, FinishedRun } from './hooks.ts';
export { ProblemLog, type EngineLog } from './problem-log.ts';
export { claimSqlite, renewSqlite, releaseSqlite } from './sqlite-guard.ts';
export { MAX_QUEUED } from './claim.ts';
export { MAX_CATCH_UP } from './plan.ts';
