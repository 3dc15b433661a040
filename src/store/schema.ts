import type { Generated } from 'kysely';

/** Row types of every table, camelCase (the CamelCasePlugin maps them to snake_case columns). */
export interface TasksTable {
  id: Generated<number>;
  chatPlatform: string | null;
  chatId: string | null;
  name: string;
  content: string;
  ownerId: string | null;
  ownerName: string | null;
  mode: string;
  action: string | null;
  scheduleKind: string;
  scheduleExpr: string;
  scheduleText: string;
  timezone: string;
  anchorAt: number | null;
  startAt: number | null;
  endAt: number | null;
  maxRuns: number | null;
  status: string;
  misfire: string;
  misfireGraceMs: number;
  overlap: string;
  overlapMax: number;
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  notifyUrls: string | null;
  chaseEveryMs: number | null;
  chaseMax: number | null;
  chaseUntil: string | null;
  chaseCloseOnNext: number | null;
  nextRunAt: number | null;
  runCount: Generated<number>;
  version: Generated<number>;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  runOn?: string | null;
  jitterMs?: number | null;
  thenTaskId?: number | null;
  onFailureTaskId?: number | null;
  /** Who may close an occurrence: owner | admins | anyone (null: anyone). */
  closers?: string | null;
}

export interface RunsTable {
  id: Generated<number>;
  taskId: number;
  scheduledFor: number;
  trigger: string;
  attempt: number;
  status: string;
  dueAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  output: string | null;
  message: string | null;
  error: string | null;
  instance: string | null;
  /** When the command was about to be spawned (null: never started; message runs never are). */
  spawnedAt: Generated<number | null>;
  /** The command's process group, on the host named in `instance`. */
  pgid: Generated<number | null>;
  runOn?: string | null;
  runner?: string | null;
  parentRunId?: number | null;
  /** 1 while a queued occurrence waits to learn whether the run at its slot was still running. */
  overlapPending?: number | null;
  /** The output of a running command so far (its tail), flushed by the replica that runs it. */
  liveOutput?: string | null;
  /** Who asked to stop this run, and when (ms): the replica holding it kills it and records `stopped`. */
  stopRequestedBy?: string | null;
  stopRequestedAt?: number | null;
}

export interface RunnersTable {
  id: Generated<number>;
  name: string;
  /** JSON array of strings. */
  labels: string;
  /** sha256 hex of the token's secret part. */
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  version: string | null;
  host: string | null;
}

export interface ChasesTable {
  id: Generated<number>;
  taskId: number;
  runId: number | null;
  scheduledFor: number;
  openedAt: number;
  nextChaseAt: number | null;
  count: Generated<number>;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  targetKind: string;
  platform: string | null;
  target: string;
  body: string;
  dedupeKey: string;
  status: string;
  attempts: Generated<number>;
  nextAttemptAt: number | null;
  claimedUntil: number | null;
  claimedBy: string | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  platformMessageId: string | null;
}

export interface ChatsTable {
  platform: string;
  chatId: string;
  timezone: string | null;
  lang: string | null;
  settings: string | null;
  updatedAt: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expiresAt: number;
}

export interface InstancesTable {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
}

export interface SettingsTable {
  name: string;
  value: string;
}

/** Recent hits of one rate-limited key (a group's sends, a person's commands), shared by replicas. */
export interface RateWindowsTable {
  name: string;
  /** JSON array of hit instants (ms), oldest first, only those that still matter. */
  hits: string;
  updatedAt: number;
}

/** A used callback key (a signed pair, a message id), remembered by every replica until it expires. */
export interface CallbackReplaysTable {
  name: string;
  /** sha256 hex of what the key came with. */
  digest: string;
  expiresAt: number;
}

/** One message's buttons: a random token bound to its chat, task and occurrence; used once. */
export interface ActionTokensTable {
  token: string;
  platform: string;
  chatId: string;
  taskId: number;
  chaseId: number | null;
  runId: number | null;
  /** Space-separated choice codes the buttons offer (d, s15, s60, stm, sp, k). */
  choices: string;
  createdAt: number;
  usedAt: number | null;
  usedById: string | null;
  usedByName: string | null;
  usedChoice: string | null;
  /** For a snooze: when the next reminder is now due. */
  usedUntil: number | null;
}

/** The whole database as Kysely sees it. */
export interface DB {
  tasks: TasksTable;
  runs: RunsTable;
  chases: ChasesTable;
  outbox: OutboxTable;
  chats: ChatsTable;
  leases: LeasesTable;
  instances: InstancesTable;
  settings: SettingsTable;
  rateWindows: RateWindowsTable;
  runners: RunnersTable;
  callbackReplays: CallbackReplaysTable;
  actionTokens: ActionTokensTable;
}
