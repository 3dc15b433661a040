import type { Run, Task } from '../domain/index.ts';
import type { ExecuteOutcome } from '../exec/index.ts';
import type { Executor as Tx } from '../store/index.ts';

/** A run as it finished, with what was recorded. */
export interface FinishedRun extends Run {
  durationMs: number;
}

/** Places where other parts hook into the engine's transactions. */
export interface EngineHooks {
  /** In the claim transaction, for each occurrence that fires (chases open here). */
  onFire?(tx: Tx, task: Task, run: Run, now: number): Promise<void>;
  /** In the completion transaction (results go to the outbox here, atomically with the run). */
  onFinished?(tx: Tx, task: Task, run: FinishedRun, outcome: ExecuteOutcome | null, now: number): Promise<void>;
}

/** Other due work the engine's loop drives: chase reminders, outbox deliveries. */
export interface DueSource {
  readonly name: string;
  /** The earliest instant at which it has work, or null. */
  nextDue(): Promise<number | null>;
  /** Does what is due at `now`. */
  runDue(now: number): Promise<void>;
}
