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
    expect(r.lost).toEqual([{ taskId: 1, at: new Date(T + 1000).toISOString(), detail: 'schedule#1 skipped (the previous run was still running) on a decided 00:00:00.015; runs then: 00:00:00.000 schedule#1 succeeded 00:00:00.010..00:00:00.020 on a' }]);
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

  it('tells an occurrence whose every allowed attempt was cut by a fault from one that was lost', () => {
    const intended = [{ taskId: 2, at: T }];
    const cut = (attempt: number, instance: string) => run({ taskId: 2, trigger: attempt === 1 ? 'schedule' : 'retry', attempt, status: 'interrupted', instance });
    const runs = [cut(1, 'a'), cut(2, 'b'), cut(3, 'c')];
    const effects = [effect({ end: undefined }), effect({ attempt: 2, end: undefined }), effect({ attempt: 3, end: undefined })];
    const kills = [{ at: T + 100, instance: 'a' }, { at: T + 900, instance: 'b' }, { at: T + 1900, instance: 'c' }];
    const r = checkInvariants(input({ intended, runs, effects, kills, retries: 2 }));
    expect(r.lost).toEqual([]);
    expect(r.exhausted.map((e) => e.detail)).toEqual(['schedule#1 on a; retry#2 on b; retry#3 on c']);
    // One attempt short of the policy, or one whose process was never killed: lost.
    expect(checkInvariants(input({ intended, runs: runs.slice(0, 2), effects, kills, retries: 2 })).lost).toHaveLength(1);
    expect(checkInvariants(input({ intended, runs, effects, kills: kills.slice(0, 2), retries: 2 })).lost).toHaveLength(1);
    // Stopped by SIGTERM counts as a fault too.
    expect(checkInvariants(input({ intended, runs, effects, kills: kills.slice(0, 2), stopped: ['c'], retries: 2 })).exhausted).toHaveLength(1);
  });

  it('judges a skip by the slot, not by when it was decided', () => {
    const intended = [{ taskId: 2, at: T + 1000 }]; // the occurrence at T is not judged here
    const skipped = (finishedAt: number) => run({ taskId: 2, scheduledFor: T + 1000, status: 'skipped', startedAt: null, finishedAt });
    const held = run({ taskId: 2, startedAt: T, finishedAt: T + 3000, status: 'interrupted', instance: 'b' });
    // Decided 1.5 s after the slot: the run's process was alive at the slot and killed after it.
    expect(checkInvariants(input({ intended, runs: [held, skipped(T + 2500)], effects: [effect({ end: undefined })], kills: [{ at: T + 1200, instance: 'b' }] })).lost).toEqual([]);
    // The same, killed 100 ms before the slot: the skip lost the occurrence.
    expect(checkInvariants(input({ intended, runs: [held, skipped(T + 2500)], effects: [effect({ end: undefined })], kills: [{ at: T + 900, instance: 'b' }] })).lost).toHaveLength(1);
    // Decided while claiming ahead (200 ms): a run that ended inside that moment counts, one that ended before it does not.
    const ended = (finishedAt: number) => run({ taskId: 2, startedAt: T, finishedAt, instance: 'b' });
    expect(checkInvariants(input({ intended, runs: [ended(T + 850), skipped(T + 800)], effects: [effect({ end: T + 850 })], claimAheadMs: 200 })).lost).toEqual([]);
    expect(checkInvariants(input({ intended, runs: [ended(T + 700), skipped(T + 800)], effects: [effect({ end: T + 700 })], claimAheadMs: 200 })).lost).toHaveLength(1);
    // A run that started after the slot never justifies skipping it.
    const later = run({ taskId: 2, scheduledFor: T, startedAt: T + 1100, finishedAt: T + 1500, instance: 'b' });
    expect(checkInvariants(input({ intended, runs: [later, skipped(T + 1200)], effects: [effect({ start: T + 1100, end: T + 1500 })] })).lost).toHaveLength(1);
  });

  it('reports a command whose side effect completed twice as doubled, and the two at once as an overlap', () => {
    const effects = [effect({ pid: 1, start: T + 10, end: T + 400 }), effect({ pid: 2, attempt: 2, start: T + 200, end: T + 600 })];
    const r = checkInvariants(input({ intended: [{ taskId: 2, at: T }], effects }));
    expect(r.doubled).toHaveLength(1);
    expect(r.overlaps).toHaveLength(1);
    expect(r.overlaps[0]!.detail).toMatch(/attempt 2 \(pid 2\) started at 00:00:00.200 while .* attempt 1 \(pid 1\) still ran \(00:00:00.010..00:00:00.400\)/);
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
    // A database outage from T + 500 to T + 2_500 covers the kill: the takeover is counted from its end.
    const outage = checkInvariants(input({ intended: [{ taskId: 1, at: T }], runs: runs.slice(0, 2), kills: [{ at: T - 100, instance: 'dead' }], downtime: [{ from: T + 500, to: T + 2_500 }] }));
    expect(outage.takeoverMs).toEqual([500]);
    // The survivor that took it over is killed too: the first kill's takeover ends when that survivor
    // started it, not when a third process finally ran it (8 s). The second kill's own measure looks at
    // the occurrences due around it (none here).
    const chain = [runs[0]!, run({ trigger: 'retry', attempt: 2, instance: 'alive', status: 'interrupted', startedAt: T + 3_000, finishedAt: T + 7_000 }), run({ trigger: 'retry', attempt: 3, instance: 'third', startedAt: T + 8_000, finishedAt: T + 8_000 })];
    const twice = checkInvariants(input({ intended: [{ taskId: 1, at: T }], runs: chain, kills: [{ at: T - 100, instance: 'dead' }, { at: T + 3_500, instance: 'alive' }] }));
    expect(twice.takeoverMs).toEqual([3_000, 0]);
    expect(percentile([5, 1, 9, 3], 50)).toBe(3);
    expect(percentile([5, 1, 9, 3], 99)).toBe(9);
  });
});
