/** The shapes the console reads from /api (see /api/openapi.json). */

export interface ChatRef {
  platform: string;
  chatId: string;
}

export interface Task {
  id: number;
  name: string;
  content: string;
  chat: ChatRef | null;
  owner: { id: string; name: string } | null;
  mode: 'message' | 'command' | 'message+command';
  action: { name: string } | { argv: string[] } | { sql: string; connection: string } | null;
  schedule: { kind: 'cron' | 'every' | 'once'; expr: string; tz: string; text: string; anchor: string | null };
  window: { startAt: string | null; endAt: string | null; maxRuns: number | null };
  status: 'active' | 'paused' | 'finished';
  policies: { misfire: string; misfireGraceMs: number; overlap: string; overlapMax: number; retries: number; backoffMs: number; timeoutMs: number };
  notifyUrls: string[];
  chase: { everyMs: number; maxCount: number | null; until: string | null; closeOnNext: boolean } | null;
  nextRunAt: string | null;
  runCount: number;
  version: number;
  createdBy: string;
  createdAt: string;
  description: { en: string; zh: string };
  /** A runner label: the action runs on a remote runner carrying it; null: on the server. */
  runOn: string | null;
  jitterMs: number;
  then: number | null;
  onFailure: number | null;
  lastRun?: { id: number; status: string; scheduledFor: string; finishedAt: string | null } | null;
  /** Who may close an occurrence (Done / Snooze / Skip, /done). */
  closers?: 'owner' | 'admins' | 'anyone';
}

export interface Run {
  id: number;
  scheduledFor: string;
  trigger: string;
  attempt: number;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  error: string | null;
  message: string | null;
  runOn?: string | null;
  runner?: string | null;
  parentRunId?: number | null;
  /** In history lists: the task of the parent run. */
  parentTaskId?: number | null;
  output?: string | null;
}

export interface Chase {
  id: number;
  scheduledFor: string;
  openedAt: string;
  nextChaseAt: string | null;
  count: number;
  open: boolean;
  closedAt: string | null;
  closedBy: string | null;
  closeReason: string | null;
}

export interface Summary {
  runs: { all: number; scheduled: number; manual: number; retries: number; chained: number };
  upcoming: string[];
  openChase: { id: number } | null;
  chain: { then: TaskRef | null; onFailure: TaskRef | null; from: { id: number; name: string; on: 'then' | 'onFailure' }[] };
  can: { pause: boolean; resume: boolean; run: boolean; done: boolean };
  /** Over the latest finished runs, oldest first. */
  stats?: {
    window: number;
    succeeded: number;
    finished: number;
    successRate: number | null;
    avgDurationMs: number | null;
    points: { id: number; at: string; status: string; durationMs: number | null }[];
  };
}

/** A task named by another; `name` is null once it is deleted. */
export interface TaskRef {
  id: number;
  name: string | null;
}

/** A remote runner as GET /api/runners lists it. */
export interface Runner {
  name: string;
  labels: string[];
  state: 'online' | 'offline' | 'revoked';
  lastSeenAt: string | null;
  version: string | null;
  host: string | null;
  createdAt: string;
}

export interface ConsoleInfo {
  role: 'admin' | 'read';
  defaultTz: string;
  /** Each chat's zone ("platform:chatId" → IANA zone): what a task of that chat is read in. */
  zones?: Record<string, string>;
  actions: string[];
  /** Names of the configured SQL connections (never their URLs). */
  connections: string[];
  platforms: string[];
  chats: (ChatRef & { tasks: number })[];
  owners: { id: string; name: string }[];
  maxMessage: number;
}

export interface Preview {
  kind: string;
  expr: string;
  tz: string;
  description: { en: string; zh: string };
  next: string[];
  rest: string | null;
}

export interface Line {
  id: number;
  kind: 'said' | 'reply' | 'result' | 'reminder' | 'notice';
  from: string | null;
  text: string;
  at: string;
  /** Rows of Done / Snooze / Skip buttons, until one is clicked. */
  buttons?: { label: string; data: string; primary?: boolean }[][];
  /** After a click: who closed, snoozed or skipped it, and when. */
  status?: string | null;
}
