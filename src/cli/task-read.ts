// What `list` and `show` do once parsed; loaded only when one of them runs (see tasks.ts). They
// import the app files they use, not app/index.ts: the bundle then loads neither the
// natural-language parser (chrono-node) nor the task-input schemas for them, which were a third
// of `list`'s start-up (docs/benchmarks.md, "CLI start-up and the idle service").
import { OPERATOR } from '../app/context.ts';
import { taskJson } from '../app/present.ts';
import { getTask, listTasks } from '../app/task-reads.ts';
import type { TaskStatus } from '../domain/index.ts';
import { print } from './output.ts';
import { id, line, withApp } from './with-app.ts';

export async function list(o: { status?: TaskStatus; text?: string; json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const tasks = (await listTasks(ctx, OPERATOR, { status: o.status, text: o.text, limit: 1000 })).map(taskJson);
    print(!!o.json, tasks, () => (tasks.length ? tasks.map(line).join('\n') : 'no tasks'));
  });
}

export async function show(taskId: string, o: { json?: boolean }): Promise<void> {
  await withApp(!!o.json, async (ctx) => {
    const t = taskJson(await getTask(ctx, OPERATOR, id(taskId)));
    print(!!o.json, t, () => JSON.stringify(t, null, 2));
  });
}
