import * as app from '../../app/index.ts';
import { tr } from '../format.ts';
import { needId, type CommandContext } from './context.ts';

/**
 * /stop N (停止 N): stops what task N is running now (its command's process tree is killed by the
 * replica that runs it) and what it has queued. History records each run `stopped` by the writer.
 */
export async function stop(c: CommandContext): Promise<string> {
  const { id } = needId(c, { en: '/stop 12', zh: '/停止 12' });
  const done = await app.stopTaskRuns(c.app, c.actor, id);
  const runs = done.map((d) => `#${d.run.id}`).join(', ');
  // A run on a remote runner: say whether the runner was told, or is gone.
  const notes = done.filter((d) => d.note).map((d) => tr(c.lang, `Run #${d.run.id}: ${d.note!.en}.`, `执行 #${d.run.id}：${d.note!.zh}。`));
  return [
    tr(
      c.lang,
      `⏹ Task #${id}: stopping run ${runs}; history will say it was stopped by ${done[0].by}.`,
      `⏹ 任务 #${id}：正在停止执行 ${runs}，历史中会记录为 ${done[0].by} 停止。`,
    ),
    ...notes,
  ].join('\n');
}
