import { describe, expect, it } from 'vitest';
import { overlapAt } from '../../src/engine/overlap.ts';
import type { HeldRun } from '../../src/store/index.ts';

// How one slot meets the runs of its task: what surely ran at the slot, what may have (a holder
// silent since before it), and what runs now. The engine skips only on the first.
const SLOT = Date.parse('2026-12-01T00:01:00Z');
const view = { self: 'me', aliveSince: SLOT - 4000 };
let id = 0;
const held = (over: Partial<HeldRun>): HeldRun => ({ id: ++id, taskId: 1, status: 'running', startedAt: SLOT - 30_000, finishedAt: null, instance: 'peer', heardAt: SLOT + 500, remote: false, ...over });

describe('overlap at a slot', () => {
  it('counts a run of this instance, or of a peer heard from after the slot, as surely running', () => {
    expect(overlapAt([held({ instance: 'me', heardAt: null })], SLOT, view)).toEqual({ alive: 1, proven: 1, unknown: 0 });
    expect(overlapAt([held({ heardAt: SLOT })], SLOT, view)).toEqual({ alive: 1, proven: 1, unknown: 0 });
  });

  it('leaves a run undecided while its holder has not been heard from since before the slot, and drops it once the holder lapsed', () => {
    expect(overlapAt([held({ heardAt: SLOT - 1 })], SLOT, view)).toEqual({ alive: 1, proven: 0, unknown: 1 });
    expect(overlapAt([held({ heardAt: SLOT - 4001 })], SLOT, view)).toEqual({ alive: 0, proven: 0, unknown: 0 });
    expect(overlapAt([held({ heardAt: null })], SLOT, view)).toEqual({ alive: 0, proven: 0, unknown: 0 });
  });

  it('counts a run its holder ended at or after the slot as running then, and not one that ended before or started after it', () => {
    expect(overlapAt([held({ status: 'succeeded', finishedAt: SLOT + 200, heardAt: null })], SLOT, view)).toEqual({ alive: 0, proven: 1, unknown: 0 });
    expect(overlapAt([held({ status: 'failed', finishedAt: SLOT - 1 })], SLOT, view)).toEqual({ alive: 0, proven: 0, unknown: 0 });
    // Interrupted: a peer may have written it after the holder died; it proves nothing.
    expect(overlapAt([held({ status: 'interrupted', finishedAt: SLOT + 200 })], SLOT, view)).toEqual({ alive: 0, proven: 0, unknown: 0 });
    expect(overlapAt([held({ startedAt: SLOT + 100, heardAt: SLOT + 500 })], SLOT, view)).toEqual({ alive: 1, proven: 0, unknown: 0 });
  });

  it("reads this instance's own runs from the process: one whose command exited before the slot is not running, whatever its row says yet", () => {
    const mine = held({ instance: 'me' });
    const endedAt = (at: number) => (x: number) => (x === mine.id ? at : undefined);
    expect(overlapAt([mine], SLOT, { ...view, endedAt: endedAt(SLOT - 1) })).toEqual({ alive: 0, proven: 0, unknown: 0 });
    expect(overlapAt([mine], SLOT, { ...view, endedAt: endedAt(SLOT + 10) })).toEqual({ alive: 0, proven: 1, unknown: 0 });
    expect(overlapAt([mine], SLOT, { ...view, endedAt: () => undefined })).toEqual({ alive: 1, proven: 1, unknown: 0 });
  });

  it('counts a run held for a remote runner by its claimer, and leaves out the occurrence itself', () => {
    const remote = held({ instance: 'peer', heardAt: SLOT - 1000, remote: true });
    expect(overlapAt([remote], SLOT, view)).toEqual({ alive: 1, proven: 1, unknown: 0 });
    expect(overlapAt([remote], SLOT, view, remote.id)).toEqual({ alive: 0, proven: 0, unknown: 0 });
  });
});
