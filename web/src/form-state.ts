import { isoToWall, wallToIso } from './wall.ts';
import type { Runner, Task } from './types.ts';

// The task form's state and its conversions to and from the API's shapes (no rendering here).

/** How the schedule is written in the form. */
export type Kind = 'text' | 'cron' | 'every' | 'once';

/** What a command task runs: a named action or command line, or a SQL statement. */
export type ActionKind = 'command' | 'sql';

/** The form's fields, as typed (strings, as inputs hold them). */
export interface State {
  name: string;
  content: string;
  chat: string;
  kind: Kind;
  expr: string;
  tz: string;
  startAt: string;
  endAt: string;
  maxRuns: string;
  mode: string;
  actionKind: ActionKind;
  action: string;
  command: string;
  sql: string;
  connection: string;
  misfire: string;
  misfireGrace: string;
  overlap: string;
  overlapMax: string;
  retries: string;
  backoff: string;
  timeout: string;
  notifyUrls: string;
  chaseOn: boolean;
  chaseEvery: string;
  chaseMax: string;
  chaseUntil: string;
  chaseCloseOnNext: boolean;
  ownerId: string;
  ownerName: string;
  runOn: string;
  jitter: string;
  thenTask: string;
  onFailureTask: string;
  /** Who may close an occurrence: owner | admins | anyone. */
  closers: string;
}

/** A new task's form. */
export const BLANK: State = {
  name: '', content: '', chat: 'web:status-page', kind: 'text', expr: '', tz: '', startAt: '', endAt: '', maxRuns: '', mode: 'message', actionKind: 'command', action: '', command: '', sql: '', connection: '',
  misfire: 'skip', misfireGrace: '60', overlap: 'skip', overlapMax: '1', retries: '0', backoff: '30', timeout: '300', notifyUrls: '',
  chaseOn: false, chaseEvery: '30m', chaseMax: '', chaseUntil: '', chaseCloseOnNext: false, ownerId: '', ownerName: '',
  runOn: '', jitter: '', thenTask: '', onFailureTask: '', closers: 'anyone',
};

function duration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** A task's values as the edit form shows them. */
export function fromTask(x: Task): State {
  const kind: Kind = x.schedule.kind === 'once' ? 'once' : x.schedule.text.startsWith(`${x.schedule.kind} `) ? x.schedule.kind : 'text';
  const expr = kind === 'text' ? x.schedule.text : kind === 'once' ? isoToWall(x.schedule.expr, x.schedule.tz) : x.schedule.expr;
  const p = x.policies;
  return {
    name: x.name, content: x.content, chat: x.chat ? `${x.chat.platform}:${x.chat.chatId}` : '', kind, expr, tz: x.schedule.tz,
    startAt: isoToWall(x.window.startAt, x.schedule.tz), endAt: isoToWall(x.window.endAt, x.schedule.tz), maxRuns: x.window.maxRuns ? String(x.window.maxRuns) : '',
    mode: x.mode, actionKind: x.action && 'sql' in x.action ? 'sql' : 'command',
    action: x.action && 'name' in x.action ? x.action.name : '', command: x.action && 'argv' in x.action ? x.action.argv.join('\n') : '',
    sql: x.action && 'sql' in x.action ? x.action.sql : '', connection: x.action && 'sql' in x.action ? x.action.connection : '',
    misfire: p.misfire, misfireGrace: String(p.misfireGraceMs / 1000), overlap: p.overlap, overlapMax: String(p.overlapMax), retries: String(p.retries),
    backoff: String(p.backoffMs / 1000), timeout: String(p.timeoutMs / 1000), notifyUrls: x.notifyUrls.join('\n'),
    chaseOn: !!x.chase, chaseEvery: x.chase ? duration(x.chase.everyMs) : '30m', chaseMax: x.chase?.maxCount ? String(x.chase.maxCount) : '', chaseUntil: x.chase?.until ?? '',
    chaseCloseOnNext: x.chase?.closeOnNext ?? false, ownerId: x.owner?.id ?? '', ownerName: x.owner?.name ?? '',
    runOn: x.runOn ?? '', jitter: x.jitterMs ? String(x.jitterMs / 1000) : '', thenTask: x.then ? String(x.then) : '', onFailureTask: x.onFailure ? String(x.onFailure) : '',
    closers: x.closers ?? 'anyone',
  };
}

/** The schedule part of the input, as the API names it. A one-off is its wall time, without offset: the API reads it in `tz`. */
export function scheduleInput(s: State): Record<string, string> {
  const expr = s.expr.trim();
  if (s.kind === 'text') return { text: expr };
  if (s.kind === 'cron') return { cron: expr };
  if (s.kind === 'every') return { every: expr };
  return { at: expr.slice(0, 16) };
}

/**
 * The zone a task made from this form is read in: the one typed, else its chat's, else the
 * service's. The placeholder shows it, and the preview and the save both send it.
 */
export function zoneOf(s: State, zones: Record<string, string> | undefined, defaultTz: string): string {
  return s.tz.trim() || (s.chat ? zones?.[s.chat] : undefined) || defaultTz;
}

/**
 * The schedule fields exactly as both the preview and the save send them: the same inputs, so
 * that the server computes the preview and the saved task with the same code.
 */
export function scheduleFields(s: State, tz: string): Record<string, string | number | undefined> {
  return {
    ...scheduleInput(s),
    tz,
    startAt: wallToIso(s.startAt, tz) || undefined,
    endAt: wallToIso(s.endAt, tz) || undefined,
    maxRuns: s.maxRuns ? Number(s.maxRuns) : undefined,
  };
}

/** For a one-off: the instant it names in `tz` when that is not in the future (the form refuses it), else null. */
export function pastOnce(s: State, tz: string, now: number): string | null {
  if (s.kind !== 'once' || !s.expr.trim()) return null;
  const iso = wallToIso(s.expr.trim().slice(0, 16), tz);
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms <= now ? iso : null;
}

/**
 * What the task runs, in the API's fields (the mode goes beside them). A SQL task sends its
 * statement and connection and no runner label: it runs on this server, and the API refuses a
 * label beside a statement. A command sends its action, or its command line when it has no
 * runner label. On an edit an empty label is sent as null, which clears one the task had (also
 * when a runner task becomes a SQL task); on a new task it is left out.
 */
export function actionInput(s: State, editing: boolean): Record<string, unknown> {
  const cleared = editing ? null : undefined;
  if (s.mode === 'message') return { runOn: cleared };
  if (s.actionKind === 'sql') return { sql: s.sql, connection: s.connection, runOn: cleared };
  const runOn = s.runOn.trim();
  const out: Record<string, unknown> = { runOn: runOn || cleared };
  if (s.action.trim()) out.action = s.action.trim();
  else if (s.command.trim() && !runOn) out.command = s.command.split('\n').map((a) => a.trim()).filter(Boolean);
  return out;
}

/** A number field's value; empty is undefined. */
export const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

/** Seconds typed in the form as the API's duration ("30s", "1500ms"); a value that is not a number goes as typed, for the API to refuse by name. */
export function jitterOf(v: string): string | undefined {
  const x = v.trim();
  if (!x) return undefined;
  const ms = Math.round(Number(x) * 1000);
  if (!Number.isFinite(ms) || ms < 0) return x;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** What "run on" may say: labels and names of runners that are not revoked. */
export function runnerChoices(runners: Runner[]): string[] {
  return [...new Set(runners.filter((r) => r.state !== 'revoked').flatMap((r) => [...r.labels, r.name]))].sort();
}
