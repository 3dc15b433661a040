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
  action: { name: string } | { argv: string[] } | null;
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
  lastRun?: { id: number; status: string; scheduledFor: string; finishedAt: string | null } | null;
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
  can: { pause: boolean; resume: boolean; run: boolean; done: boolean };
}

export interface ConsoleInfo {
  role: 'admin' | 'read';
  defaultTz: string;
  actions: string[];
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
}
