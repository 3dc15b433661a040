import type { Run } from '../domain/index.ts';
import type { HeldRun } from '../store/index.ts';

/** Statuses written by the process that ran the command, when it ended (so it lived until then). */
const ENDED_BY_HOLDER: readonly Run['status'][] = ['succeeded', 'failed', 'timed_out'];

/** Whose runs are which, for one task at one slot. */
export interface OverlapView {
  self: string;
  /** Instances heard from before this have lapsed: their runs are dead (taken over, interrupted). */
  aliveSince: number;
  /** When one of this instance's runs ended here, while its row may still say `running`. */
  endedAt?(id: number): number | undefined;
}

/**
 * How the runs of one task meet one of its slots:
 * - `alive`: runs running now, held by this instance or a live one (what may run beside a new start);
 * - `proven`: runs surely running at the slot: started by then, and held by this instance, by a
 *   remote runner's claim, by an instance heard from at or after the slot, or ended by their
 *   holder at or after it;
 * - `unknown`: runs that were running at the slot only if their holder, silent since before the
 *   slot and not yet lapsed, was still alive then.
 * A run held only by a dead instance never counts: its command died with it.
 */
export function overlapAt(runs: readonly HeldRun[], slot: number, v: OverlapView, exclude?: number): { alive: number; proven: number; unknown: number } {
  let alive = 0;
  let proven = 0;
  let unknown = 0;
  for (const r of runs) {
    if (r.id === exclude) continue;
    const mine = r.instance === v.self;
    const live = mine || (r.heardAt != null && r.heardAt >= v.aliveSince);
    const ended = mine && !r.remote && r.status === 'running' ? v.endedAt?.(r.id) : undefined;
    if (ended !== undefined) {
      // Its command exited here and its result is on its way: running until then, no longer.
      if (r.startedAt <= slot && ended >= slot) proven++;
    } else if (r.status === 'running') {
      if (!live) continue;
      alive++;
      if (r.startedAt > slot) continue;
      if (mine || r.remote || r.heardAt! >= slot) proven++;
      else unknown++;
    } else if (ENDED_BY_HOLDER.includes(r.status) && r.startedAt <= slot && r.finishedAt != null && r.finishedAt >= slot) {
      proven++;
    }
  }
  return { alive, proven, unknown };
}
