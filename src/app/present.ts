import type { Run, Task } from '../domain/index.ts';
// zone.ts, not the schedule/ index: the index also leads to the parser, which the CLI's `list` never needs.
import { toZonedIso } from '../schedule/zone.ts';

const isoOrNull = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** A task as JSON for the CLI and the API: camelCase fields, ISO instants. */
export function taskJson(t: Task) {
  return {
    id: t.id,
    name: t.name,
    content: t.content,
    chat: t.chat,
    owner: t.owner,
    mode: t.mode,
    action: t.action,
    schedule: { kind: t.schedule.kind, expr: t.schedule.expr, tz: t.schedule.tz, text: t.schedule.text, anchor: isoOrNull(t.schedule.anchor) },
    window: { startAt: isoOrNull(t.window.startAt), endAt: isoOrNull(t.window.endAt), maxRuns: t.window.maxRuns ?? null },
    status: t.status,
    policies: t.policies,
    notifyUrls: t.notifyUrls,
    chase: t.chase,
    nextRunAt: t.nextRunAt == null ? null : toZonedIso(t.nextRunAt, t.schedule.tz),
    runCount: t.runCount,
    version: t.version,
    createdBy: t.createdBy,
    createdAt: isoOrNull(t.createdAt),
    updatedAt: isoOrNull(t.updatedAt),
    runOn: t.runOn ?? null,
    jitterMs: t.jitterMs ?? 0,
    then: t.thenTaskId ?? null,
    onFailure: t.onFailureTaskId ?? null,
    closers: t.closers ?? 'anyone',
  };
}

/** A run as JSON: camelCase fields, ISO instants, duration in ms. */
export function runJson(r: Run, withOutput = true) {
  return {
    id: r.id,
    taskId: r.taskId,
    scheduledFor: isoOrNull(r.scheduledFor),
    trigger: r.trigger,
    attempt: r.attempt,
    status: r.status,
    dueAt: isoOrNull(r.dueAt),
    startedAt: isoOrNull(r.startedAt),
    finishedAt: isoOrNull(r.finishedAt),
    durationMs: r.startedAt != null && r.finishedAt != null ? r.finishedAt - r.startedAt : null,
    exitCode: r.exitCode,
    error: r.error,
    message: r.message,
    instance: r.instance,
    runOn: r.runOn ?? null,
    runner: r.runner ?? null,
    parentRunId: r.parentRunId ?? null,
    ...(withOutput ? { output: r.output } : {}),
  };
}
