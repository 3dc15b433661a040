// The fault checker's judgement: given what was meant to happen (occurrences computed from
// the schedules) and what did happen (the runs table and the side-effect file), which promises
// broke. Pure: the scenario driver collects, this decides.

/** One occurrence a schedule meant to fire. */
export interface Occurrence {
  taskId: number;
  at: number; // ms
}

/** A run row as read from the database. */
export interface RunRow {
  taskId: number;
  scheduledFor: number; // ms
  trigger: string;
  attempt: number;
  status: string;
  startedAt: number | null; // ms
  finishedAt: number | null; // ms
  instance: string | null;
  error: string | null;
}

/** One execution of a command's side effect: it wrote `start` first and `end` once done. */
export interface Effect {
  taskId: number;
  scheduledFor: number; // ms
  attempt: number;
  pid: number;
  start: number; // ms
  end?: number; // ms; absent when the command was killed before it finished
}

/** A stretch during which nothing could run (no process up, or the database down). */
export interface Downtime {
  from: number; // ms
  to: number; // ms
}

/** A SIGKILL of one replica. */
export interface Kill {
  at: number; // ms
  /** The instance id of the killed process (from the instances table), when known. */
  instance?: string;
}

export interface CheckInput {
  /** Task id → kind; command tasks are judged by their side effects, message tasks by their runs. */
  kinds: Map<number, 'command' | 'message'>;
  intended: Occurrence[];
  runs: RunRow[];
  effects: Effect[];
  downtime: Downtime[];
  kills: Kill[];
  /** Longest allowed delay between when an occurrence could first run and when it ran. */
  latenessBoundMs: number;
  /** How long before its instant the service claims an occurrence (and so decides to skip it). */
  claimAheadMs?: number;
  /** The command tasks' retries (attempts beyond the first), when the same for all. */
  retries?: number;
  /** Instances stopped by SIGTERM (their runs may be interrupted too). */
  stopped?: string[];
}

export interface Violation {
  taskId: number;
  at: string; // ISO instant of the occurrence
  detail: string;
}

export interface CheckReport {
  intended: number;
  executed: number;
  lost: Violation[];
  doubled: Violation[];
  /**
   * Second executions inside the documented at-least-once window: the earlier one finished its
   * side effect but its service died before recording the result (its run is not `succeeded`).
   */
  atLeastOnce: Violation[];
  overlaps: Violation[];
  late: Violation[];
  /** Worst delay of an occurrence due while a process was up (a survivor, or the one process). */
  maxLatenessMs: number;
  /** Worst delay, from the end of the downtime, of an occurrence due while nothing could run (catch-up). */
  maxCatchUpMs: number;
  /** Per kill: the worst delay, after the kill, of the occurrences due within a second of it. */
  takeoverMs: number[];
  /** The slowest takeover: the kill, the occurrence and what its runs say. */
  slowestTakeover?: { killAt: string; taskId: number; at: string; ms: number; runs: string };
  /**
   * Occurrences whose every attempt (first run and all its retries) was interrupted by a fault:
   * the retry policy ran out, as documented, and the chat was told. Not lost, not executed.
   */
  exhausted: Violation[];
}

const key = (taskId: number, at: number) => `${taskId}:${at}`;
const iso = (t: number) => new Date(t).toISOString();
const hms = (t: number | null) => (t == null ? '-' : iso(t).slice(11, 23));

/**
 * When the occurrence could first run: its instant, unless nothing could run between then and its
 * execution (it fell in a downtime, or its only process died before running it): then the end
 * of that downtime. Downtimes may chain (a restart right after an outage).
 */
function couldRunAt(at: number, ranAt: number, downtime: Downtime[]): number {
  let t = at;
  for (const d of [...downtime].sort((x, y) => x.from - y.from)) {
    if (d.from < ranAt && d.to > t) t = Math.max(t, d.to);
  }
  return t;
}

/** Checks none lost, none doubled, overlap respected (overlap skip) and lateness within the bound. */
export function checkInvariants(input: CheckInput): CheckReport {
  const runsOf = new Map<string, RunRow[]>();
  for (const r of input.runs) runsOf.set(key(r.taskId, r.scheduledFor), [...(runsOf.get(key(r.taskId, r.scheduledFor)) ?? []), r]);
  const effectsOf = new Map<string, Effect[]>();
  for (const e of input.effects) effectsOf.set(key(e.taskId, e.scheduledFor), [...(effectsOf.get(key(e.taskId, e.scheduledFor)) ?? []), e]);
  const runsByTask = new Map<number, RunRow[]>();
  for (const r of input.runs) runsByTask.set(r.taskId, [...(runsByTask.get(r.taskId) ?? []), r]);
  const killedAt = new Map(input.kills.filter((k) => k.instance).map((k) => [k.instance!, k.at]));
  const effectsByTask = new Map<number, Effect[]>();
  for (const e of input.effects) effectsByTask.set(e.taskId, [...(effectsByTask.get(e.taskId) ?? []), e]);

  const report: CheckReport = { intended: input.intended.length, executed: 0, lost: [], doubled: [], atLeastOnce: [], overlaps: [], late: [], maxLatenessMs: 0, maxCatchUpMs: 0, takeoverMs: [], exhausted: [] };
  const firstSuccess = new Map<string, number>();

  for (const o of input.intended) {
    const k = key(o.taskId, o.at);
    const runs = runsOf.get(k) ?? [];
    let successes: number[]; // start instants of the successful executions
    let excused = 0; // of them, repeats inside the at-least-once window
    if (input.kinds.get(o.taskId) === 'command') {
      const done = (effectsOf.get(k) ?? []).filter((e) => e.end !== undefined).sort((a, b) => a.start - b.start);
      successes = done.map((e) => e.start);
      // An execution whose result was never recorded (its service died after the command ended)
      // may be followed by a retry: documented at-least-once, not a double.
      excused = done.slice(0, -1).filter((e) => runs.some((r) => r.attempt === e.attempt && r.status !== 'succeeded') && !runs.some((r) => r.attempt === e.attempt && r.status === 'succeeded')).length;
    } else {
      // A message's effect is its outbox row, written with the result: finished_at is when it
      // happened (started_at may be the slot itself when the run was claimed ahead).
      successes = runs.filter((r) => r.status === 'succeeded').map((r) => r.finishedAt ?? r.startedAt ?? o.at);
    }
    if (successes.length === 0) {
      // A skip for overlap is the policy working only when another run of the task was running
      // at the slot (or in the claim-ahead moment before it, when the service decides), held by
      // a process alive then: a run whose process was killed before the slot must not count,
      // however late the skip was decided. A message-only run is never "still running".
      const skip = runs.find((r) => r.status === 'skipped');
      const from = o.at - (input.claimAheadMs ?? 0);
      const busy =
        skip &&
        input.kinds.get(o.taskId) === 'command' &&
        (runsByTask.get(o.taskId) ?? []).some((r) => {
          if (r === skip || r.startedAt == null || r.startedAt > o.at) return false;
          const ranFrom = Math.max(r.startedAt, from);
          return (r.finishedAt ?? Infinity) >= ranFrom && (killedAt.get(r.instance ?? '') ?? Infinity) > ranFrom;
        });
      // Every attempt the policy allows started and was interrupted by a fault (its process was
      // killed or stopped): retries ran out, as documented. Any other ending is a loss.
      const attempts = runs.filter((r) => r.status === 'interrupted');
      const exhausted =
        !skip &&
        input.retries !== undefined &&
        attempts.length === input.retries + 1 &&
        runs.every((r) => r.status === 'interrupted') &&
        attempts.every((r) => killedAt.has(r.instance ?? '') || input.stopped?.includes(r.instance ?? ''));
      if (exhausted) {
        report.exhausted.push({ taskId: o.taskId, at: iso(o.at), detail: attempts.map((r) => `${r.trigger}#${r.attempt} on ${r.instance}`).join('; ') });
        continue;
      }
      if (!busy) {
        const seen = runs.map((r) => `${r.trigger}#${r.attempt} ${r.status}${r.error ? ` (${r.error})` : ''} on ${r.instance ?? '?'}`).join('; ');
        // For a skip: the task's runs near the slot, and when their processes were killed.
        const near = skip
          ? (runsByTask.get(o.taskId) ?? [])
              .filter((r) => r !== skip && r.startedAt != null && r.startedAt <= (skip.finishedAt ?? o.at) && (r.finishedAt ?? Infinity) >= o.at - 5000)
              .map((r) => `${hms(r.scheduledFor)} ${r.trigger}#${r.attempt} ${r.status} ${hms(r.startedAt)}..${hms(r.finishedAt)} on ${r.instance ?? '?'}${killedAt.has(r.instance ?? '') ? ` (killed ${hms(killedAt.get(r.instance!)!)})` : ''}`)
          : [];
        const decided = skip?.finishedAt != null ? ` decided ${hms(skip.finishedAt)}` : '';
        report.lost.push({ taskId: o.taskId, at: iso(o.at), detail: (seen || 'no run row at all') + decided + (near.length ? `; runs then: ${near.join('; ')}` : '') });
      }
      continue;
    }
    report.executed += 1;
    if (excused > 0) report.atLeastOnce.push({ taskId: o.taskId, at: iso(o.at), detail: `${excused} execution(s) whose result the dying service never recorded, then retried` });
    if (successes.length - excused > 1) report.doubled.push({ taskId: o.taskId, at: iso(o.at), detail: `${successes.length} successful executions` });
    const first = Math.min(...successes);
    firstSuccess.set(k, first);
    const from = couldRunAt(o.at, first, input.downtime);
    const lateness = first - from;
    if (from === o.at) {
      report.maxLatenessMs = Math.max(report.maxLatenessMs, lateness);
      if (lateness > input.latenessBoundMs) report.late.push({ taskId: o.taskId, at: iso(o.at), detail: `ran ${lateness} ms late` });
    } else {
      report.maxCatchUpMs = Math.max(report.maxCatchUpMs, lateness);
    }
  }

  // Overlap skip: no two executions of one task at the same time. A killed execution wrote no
  // end; it counts from its start only (it died with its service, or it would have written one).
  for (const [taskId, effects] of effectsByTask) {
    const sorted = [...effects].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted.slice(0, i).filter((p) => p.end !== undefined && p.end > sorted[i]!.start);
      for (const p of prev) {
        const cur = sorted[i]!;
        // What the runs table says of both occurrences, to tell which path started each.
        const rows = [p, cur]
          .flatMap((e) => runsOf.get(key(taskId, e.scheduledFor)) ?? [])
          .map((r) => `${hms(r.scheduledFor)} ${r.trigger}#${r.attempt} ${r.status} ${hms(r.startedAt)}..${hms(r.finishedAt)} on ${r.instance ?? '?'}`)
          .join('; ');
        report.overlaps.push({ taskId, at: iso(cur.scheduledFor), detail: `attempt ${cur.attempt} (pid ${cur.pid}) started at ${hms(cur.start)} while ${iso(p.scheduledFor)} attempt ${p.attempt} (pid ${p.pid}) still ran (${hms(p.start)}..${hms(p.end!)}); runs: ${rows}` });
      }
    }
  }

  // Takeover, per kill: the worst delay until a survivor starts it, counted from the kill (or the
  // slot when later, or the end of a downtime that covers it), of the
  // occurrences due within a second either side of it. What the dead replica had claimed (ahead
  // or not) is among them; a survivor taking its run over keeps the row, so the row cannot tell.
  for (const kill of input.kills) {
    let worst = 0;
    let which: Occurrence | undefined;
    for (const o of input.intended) {
      if (o.at < kill.at - 1000 || o.at > kill.at + 1000) continue;
      const first = firstSuccess.get(key(o.taskId, o.at));
      if (first === undefined || first < kill.at) continue; // done before the kill
      // Taken over when a survivor starts it (a run of it starting after the kill), whether that
      // run then succeeds or dies in the next kill (which is that kill's takeover, not this one's).
      const starts = (runsOf.get(key(o.taskId, o.at)) ?? []).filter((r) => r.status !== 'skipped' && r.startedAt != null && r.startedAt >= kill.at).map((r) => r.startedAt!);
      const taken = Math.min(first, ...starts);
      // Nothing can take over while the database is away or no process is up: counted from then on, as lateness is.
      const delay = taken - couldRunAt(Math.max(o.at, kill.at), taken, input.downtime);
      if (delay > worst) {
        worst = delay;
        which = o;
      }
    }
    report.takeoverMs.push(worst);
    if (which && worst > (report.slowestTakeover?.ms ?? -1)) {
      const runs = (runsOf.get(key(which.taskId, which.at)) ?? []).map((r) => `${r.trigger}#${r.attempt} ${r.status} ${hms(r.startedAt)}..${hms(r.finishedAt)} on ${r.instance ?? '?'}`).join('; ');
      report.slowestTakeover = { killAt: hms(kill.at), taskId: which.taskId, at: iso(which.at), ms: worst, runs };
    }
  }
  return report;
}

/** The p-th percentile (0–100) of xs, nearest rank; null when empty. */
export function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
