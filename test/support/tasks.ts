// Task rows for tests and benches that write tasks straight into a store.
import { DEFAULT_POLICIES } from '../../src/domain/index.ts';
import type { NewTask } from '../../src/store/index.ts';

/**
 * A message-only task with no chat (nothing is sent: the run row is the whole effect), firing
 * every hour from `nextRunAt` 0, active, default policies; `over` sets the rest.
 */
export function messageTask(over: Partial<NewTask> = {}): NewTask {
  return {
    chat: null,
    name: 'task',
    content: 'content',
    owner: null,
    mode: 'message',
    action: null,
    schedule: { kind: 'every', expr: '1h', tz: 'UTC', anchor: 0, text: 'every 1h' },
    window: { startAt: null, endAt: null, maxRuns: null },
    status: 'active',
    policies: DEFAULT_POLICIES,
    notifyUrls: [],
    chase: null,
    nextRunAt: 0,
    createdBy: 'test',
    ...over,
  };
}

/** The i-th message-only one-off due at `at`, the unit of a burst. */
export function onceTask(i: number, at: number, over: Partial<NewTask> = {}): NewTask {
  return messageTask({ name: `burst ${i}`, content: `burst ${i}`, schedule: { kind: 'once', expr: new Date(at).toISOString(), tz: 'UTC', anchor: at, text: 'once' }, nextRunAt: at, ...over });
}

/** The i-th message-only task firing every `expr` ('1s', '2s' …) from `anchor`. */
export function everyTask(i: number, expr: string, anchor: number, over: Partial<NewTask> = {}): NewTask {
  return messageTask({ name: `t${i}`, content: `load ${i}`, schedule: { kind: 'every', expr, tz: 'UTC', anchor, text: `every ${expr}` }, nextRunAt: anchor, ...over });
}
