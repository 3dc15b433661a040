import { describe, expect, it } from 'vitest';
import { takeExtras } from '../../src/chat/extras-phrase.ts';
import { extrasLine } from '../../src/chat/extras-text.ts';
import type { Task } from '../../src/domain/index.ts';

describe('runner, jitter and chain phrases in chat', () => {
  it('reads "run backup on db-hosts" as the action and the runner label', () => {
    expect(takeExtras('run backup on db-hosts')).toEqual({ text: 'run backup', extras: { runOn: 'db-hosts' } });
    expect(takeExtras('在 db-hosts 上执行 backup')).toEqual({ text: '执行 backup', extras: { runOn: 'db-hosts' } });
  });

  it('reads chains and jitter at the end, in either order, in English and Chinese', () => {
    expect(takeExtras('load the data then run #5 on failure run #7')).toEqual({ text: 'load the data', extras: { then: 5, onFailure: 7 } });
    expect(takeExtras('导入数据 然后执行 #5 失败时执行 #7')).toEqual({ text: '导入数据', extras: { then: 5, onFailure: 7 } });
    expect(takeExtras('report jitter 30s')).toEqual({ text: 'report', extras: { jitter: '30s' } });
    expect(takeExtras('汇报 随机延迟30秒')).toEqual({ text: '汇报', extras: { jitter: '30s' } });
    expect(takeExtras('run backup on db-hosts then run #5')).toEqual({ text: 'run backup', extras: { runOn: 'db-hosts', then: 5 } });
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['remind everyone to run tests', 'then we run the numbers', 'deploy on friday', '在群里执行 汇报']) expect(takeExtras(text)).toEqual({ text, extras: {} });
  });

  it('shows where a task runs, its jitter window and its chains in the reply', () => {
    const task = { runOn: 'db-hosts', jitterMs: 30_000, thenTaskId: 5, onFailureTaskId: 7 } as Task;
    expect(extrasLine(task, 'en')).toBe('↪ runs on runners labelled db-hosts; starts up to 30s after each time (jitter); then runs #5; on failure runs #7');
    expect(extrasLine(task, 'zh')).toBe('↪ 在标签为 db-hosts 的执行器上运行；每次在计划时间后 30s 内随机开始；成功后执行 #5；失败时执行 #7');
    expect(extrasLine({ jitterMs: 0 } as Task, 'en')).toBeNull();
  });
});

describe('runner, jitter and chain phrases through the chat router', () => {
  it('creates runner tasks and chains from English and Chinese messages, and lists runners for admins only', async () => {
    const { createRouter } = await import('../../src/chat/index.ts');
    const { engineHarness } = await import('../support/engine-harness.ts');
    const { addRunner } = await import('../../src/runners/index.ts');
    const store = await import('../../src/store/index.ts');
    const h = await engineHarness({ start: '2026-11-28T08:00:00Z' });
    try {
      const route = createRouter({ app: h.ctx, isAdmin: (_p, id) => id === 'root', botNames: ['cronbot'], onBug: (e) => { throw e; } });
      let seq = 0;
      const say = async (text: string, userId = 'root') =>
        (await route({ platform: 'tg', chatId: 'c1', chatType: 'group', messageId: `m${++seq}`, userId, userName: userId, text, mentions: [], addressedToBot: false, receivedAt: h.clock.now() }))[0].text;

      const en = await say('/add every day at 2am run backup on db-hosts');
      expect(en).toContain('✅ Task #1 created');
      expect(en).toContain('↪ runs on runners labelled db-hosts');
      expect(await store.findTask(h.database.db, 1)).toMatchObject({ runOn: 'db-hosts', action: { name: 'backup' }, mode: 'command' });

      const zh = await say('/添加 每天凌晨2点 在 db-hosts 上执行 backup');
      expect(zh).toContain('在标签为 db-hosts 的执行器上运行');
      expect(await store.findTask(h.database.db, 2)).toMatchObject({ runOn: 'db-hosts', action: { name: 'backup' } });

      const chained = await say('/add every day at 9:00 load the data then run #1 jitter 30s');
      expect(chained).toContain('then runs #1');
      expect(chained).toContain('starts up to 30s after each time (jitter)');
      expect(await store.findTask(h.database.db, 3)).toMatchObject({ thenTaskId: 1, jitterMs: 30_000, content: 'load the data' });
      expect(await say('/修改 1 失败时执行 #2')).toContain('失败时执行 #2');
      // #3 then #1: #1 on failure #3 would be a loop, refused in the writer's language.
      expect(await say('/修改 1 失败时执行 #3')).toBe('⚠️ onFailure：这会形成循环（#1 → #3 → #1）');
      expect(await say('/edit 1 on failure run #3')).toBe('⚠️ onFailure: that would make a loop (#1 → #3 → #1)');

      await addRunner(h.database, 'db-1', ['db-hosts'], h.clock.now());
      expect(await say('/runners')).toMatch(/^Runners \(1\):\ndb-1 · ⚪ offline · labels db-hosts · - · last seen never$/);
      expect(await say('/执行器')).toContain('db-1 · ⚪ 离线 · 标签 db-hosts');
      expect(await say('/runners', 'alice')).toContain('only admins may see the runners');
    } finally {
      await h.close();
    }
  });
});
