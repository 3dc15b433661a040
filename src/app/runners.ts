import { ForbiddenError } from '../domain/index.ts';
import { listRunners, type RunnerView } from '../runners/index.ts';
import type { Actor, AppContext } from './context.ts';

/** Remote runners with their state, for admins (chat) and operators. */
export async function runnersOverview(ctx: AppContext, actor: Actor): Promise<RunnerView[]> {
  if (!actor.admin) throw new ForbiddenError({ en: 'only admins may see the runners', zh: '只有管理员可以查看执行器' });
  return listRunners(ctx.database, ctx.now(), ctx.runnerLapseMs ?? 30_000);
}
