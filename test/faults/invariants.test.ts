import { describe, expect, it } from 'vitest';
import { checkInvariants, percentile, type CheckInput, type Effect, type RunRow } from './invariants.ts';

const T = Date.parse('2026-12-01T00:00:00Z');
const run = (over: Partial<RunRow>): RunRow => ({ taskId: 1, scheduledFor: T, trigger: 'schedule', attempt: 1, status: 'succeeded', startedAt: T + 10, finishedAt: T + 20, instance: 'a', error: null, ...over });
const effect = (over: Partial<Effect>): Effect => ({ taskId: 2, scheduledFor: T, attempt: 1, pid: 100, start: T + 10, end: T + 400, ...over });

function input(over: Partial<CheckInput>): CheckInput {
  return {
    kinds: new Map([
      [1, 'message'],
      [2, 'command'],
    ]),
    intended: [],
    runs: [],
    effects: [],
    downtime: [],
    kills: [],
    latenessBoundMs: 10_000,
    ...over,
  };
}

describe('the fault checker', () => {
  it('passes a history where every occurrence ran once, on time', () => {
    const r = checkInvariants(input({ intended: [{ taskId: 1, at: T }, { taskId: 2, at: T }], runs: [run({}), run({ taskId: 2 })], effects: [effect({})] }));
    expect(r).toMatchObject({ intended: 2, executed: 2, lost: [], doubled: [], overlaps: [], late: [] });
    expect(r.maxLatenessMs).toBe(20); // the message task's run finished at +20 ms, the command started at +10
  });

  it('reports an occurrence with no successful run as lost, with what the runs table says', () => {
    const r = checkInvariants(input({ intended: [{ taskId: 1, at: T }, { taskId: 1, at: T + 1000 }], runs: [run({}), run({ scheduledFor: T + 1000, status: 'skipped', startedAt: null, finishedAt: T + 15, error: 'the previous run was still running' })] }));
    expect(r.lost).toEqual([{ taskId: 1, at: new Date(T + 1000).toISOString(), detail: 'schedule#1 skipped (the previous run was still running) on a' }]);
  });

  it('accepts a skip for overlap when the previous run was running on a live process, not when only a dead one held it', () => {
    const runs = [run({ taskId: 2, startedAt: T, finishedAt: T + 1500 }), run({ taskId: 2, scheduledFor: T + 1000, status: 'skipped', startedAt: null, finishedAt: T + 1001 })];
    const intended = [{ taskId: 2, at: T }, { taskId: 2, at: T + 1000 }];
    expect(checkInvariants(input({ intended, runs, effects: [effect({ end: T + 1400 })] })).lost).toEqual([]);
    // The same skip while the only "running" run belonged to a replica killed before the decision.
    const phantom = [run({ taskId: 2, startedAt: T, finishedAt: null, status: 'running', instance: 'dead' }), runs[1]!];
    const r = checkInvariants(input({ intended, runs: phantom, effects: [effect({ end: T + 400 })], kills: [{ at: T + 500, instance: 'dead' }] }));
    expect(r.lost.map((l) => l.at)).toEqual([new Date(T + 1000).toISOString()]);
  });

  it('reports a command whose side effect completed twice as doubled, and the two at once as an overlap', () => {
    const effects = [effect({ pid: 1, start: T + 10, end: T + 400 }), effect({ pid: 2, attempt: 2, start: T + 200, end: T + 600 })];
    const r = checkInvariants(input({ intended: [{ taskId: 2, at: T }], effects }));
    expect(r.doubled).toHaveLength(1);
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0]!.detail).toMatch(/attempt 2 \(pid 2\) started while .* attempt 1 \(pid 1\) still ran/);
  });

  it('does not count a killed execution (no end) and its retry as doubled or overlapping', () => {
    const effects = [effect({ pid: 1, start: T + 10, end: undefined }), effect({ pid: 2, attempt: 2, start: T + 200, end: T + 600 })];
    const r = checkInvariants(input({ intended: [{ taskId: 2, at: T }], effects }));
    expect(r).toMatchObject({ executed: 1, doubled: [], overlaps: [] });
  });

  it('holds occurrences due while a process was up to the bound, and reports catch-up after a downtime apart', () => {
    const runs = [run({ startedAt: T + 12_000, finishedAt: T + 12_000 }), run({ scheduledFor: T + 20_000, startedAt: T + 40_000, finishedAt: T + 40_000 })];
    const r = checkInvariants(input({ intended: [{ taskId: 1, at: T }, { taskId: 1, at: T + 20_000 }], runs, downtime: [{ from: T - 1000, to: T + 11_000 }] }));
    expect(r.maxCatchUpMs).toBe(1_000);
    expect(r.maxLatenessMs).toBe(20_000);
    expect(r.late).toEqual([{ taskId: 1, at: new Date(T + 20_000).toISOString(), detail: 'ran 20000 ms late' }]);
    // Due just before the only process died and not run by then: it waits for the restart, like catch-up.
    const before = checkInvariants(input({ intended: [{ taskId: 1, at: T }], runs: [run({ finishedAt: T + 30_000 })], downtime: [{ from: T + 500, to: T + 25_000 }] }));
    expect(before).toMatchObject({ late: [], maxCatchUpMs: 5_000 });
  });

  it('excuses a second execution when the first finished but its service died before recording it', () => {
    const effects = [effect({ pid: 1, start: T + 10, end: T + 400 }), effect({ pid: 2, attempt: 2, start: T + 5_000, end: T + 5_400 })];
    const runs = [run({ taskId: 2, status: 'interrupted' }), run({ taskId: 2, trigger: 'retry', attempt: 2 })];
    const r = checkInvariants(input({ intended: [{ taskId: 2, at: T }], runs, effects }));
    expect(r.doubled).toEqual([]);
    expect(r.atLeastOnce).toHaveLength(1);
    // The same two executions with the first recorded as succeeded are a double.
    const twice = checkInvariants(input({ intended: [{ taskId: 2, at: T }], runs: [run({ taskId: 2 }), runs[1]!], effects }));
    expect(twice.doubled).toHaveLength(1);
  });

  it('measures takeover as the worst delay after a kill of the occurrences due around it', () => {
    const runs = [run({ instance: 'dead', status: 'interrupted', startedAt: null, finishedAt: null }), run({ trigger: 'retry', attempt: 2, instance: 'alive', startedAt: T + 3_000, finishedAt: T + 3_000 }), run({ scheduledFor: T + 5_000, finishedAt: T + 5_020 })];
    const r = checkInvariants(input({ intended: [{ taskId: 1, at: T }, { taskId: 1, at: T + 5_000 }], runs, kills: [{ at: T - 100, instance: 'dead' }, { at: T + 4_500 }] }));
    expect(r.takeoverMs).toEqual([3_000, 20]);
    expect(percentile([5, 1, 9, 3], 50)).toBe(3);
    expect(percentile([5, 1, 9, 3], 99)).toBe(9);
  });
});
