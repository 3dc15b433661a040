import type { Schedule, Window } from './schedule.ts';

export type TaskMode = 'message' | 'command' | 'message+command';
export type TaskStatus = 'active' | 'paused' | 'finished';
export type MisfirePolicy = 'skip' | 'once' | 'all';
export type OverlapPolicy = 'skip' | 'queue' | 'parallel';
/** Who may close an occurrence (Done, Snooze, Skip; `/done`): its owner (and admins), admins, or anyone in the chat. */
export type Closers = 'owner' | 'admins' | 'anyone';

/** Where a task lives: the chat that created it (null for API-only tasks). */
export interface ChatRef {
  platform: string;
  chatId: string;
}

/** What a command task runs: a named action from the operator's config, or an argv. */
export type TaskAction = { name: string } | { argv: string[] } | { sql: string; connection: string };

/** Policies that decide what happens around one occurrence. */
export interface Policies {
  misfire: MisfirePolicy;
  misfireGraceMs: number;
  overlap: OverlapPolicy;
  overlapMax: number;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
}

/** When the chase (催单) of an occurrence stops besides `/done`. */
export interface ChasePolicy {
  everyMs: number;
  maxCount?: number | null;
  /** "HH:MM" local time of day after which no reminder goes out. */
  until?: string | null;
  /** Close the chase when the next occurrence fires (default false: a chase stops on done). */
  closeOnNext: boolean;
}

/** A scheduled task, as every layer sees it. */
export interface Task {
  id: number;
  chat: ChatRef | null;
  name: string;
  content: string;
  owner: { id: string; name: string } | null;
  mode: TaskMode;
  action: TaskAction | null;
  schedule: Schedule & { text: string };
  window: Window;
  status: TaskStatus;
  policies: Policies;
  notifyUrls: string[];
  chase: ChasePolicy | null;
  nextRunAt: number | null;
  runCount: number;
  version: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** A runner label: the command runs on a remote runner carrying it, not on the server. */
  runOn?: string | null;
  /** Each occurrence starts up to this many ms late, by a delay every replica derives alike. */
  jitterMs?: number;
  /** The task that gets a run when a run of this one succeeds. */
  thenTaskId?: number | null;
  /** The task that gets a run when a run of this one fails for good (no retry left). */
  onFailureTaskId?: number | null;
  /** Who may close an occurrence; absent: anyone in the chat. */
  closers?: Closers;
}

/** Defaults of a task's policies. */
export const DEFAULT_POLICIES: Policies = {
  misfire: 'skip',
  misfireGraceMs: 60_000,
  overlap: 'skip',
  overlapMax: 1,
  retries: 0,
  backoffMs: 10_000,
  timeoutMs: 5 * 60_000,
};
