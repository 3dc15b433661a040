import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/chat/index.ts';
import { chatFromRouter, type ChatFn } from '../../src/http/index.ts';
import * as store from '../../src/store/index.ts';
import { engineHarness } from '../support/engine-harness.ts';
import { tableUnder } from './readme.ts';

// Every command of the README's chat table, in English and under its Chinese alias, through the
// console's chat box (wired as main.ts wires it) on a fixed clock: each does what its row says,
// and answers in the language it was written in.

const CJK = /[\u4e00-\u9fff]/;

/** The commands of each row: [English names, Chinese aliases]. */
function tableCommands(): [string[], string[]][] {
  return tableUnder('From the group chat').map((r) => [[...r[0].matchAll(/`(\/[a-z]+)/g)].map((m) => m[1]), [...r[1].matchAll(/`(\/[^\s`]+)/g)].map((m) => m[1])]);
}

// The pairs the table gives (English, Chinese), as this test runs them.
const PAIRS: [string, string][] = [
  ['/add', '/添加'],
  ['/list', '/列表'],
  ['/show', '/详情'],
  ['/next', '/下次'],
  ['/pause', '/暂停'],
  ['/resume', '/恢复'],
  ['/run', '/执行'],
  ['/stop', '/停止'],
  ['/history', '/历史'],
  ['/edit', '/修改'],
  ['/delete', '/删除'],
  ['/done', '/结单'],
  ['/done', '/完成'],
  ['/closers', '/结单人'],
  ['/tz', '/时区'],
  ['/help', '/帮助'],
];

describe('the README chat table, command by command, in both languages', () => {
  let h: Awaited<ReturnType<typeof engineHarness>>;
  let box: ChatFn;
  beforeEach(async () => {
    h = await engineHarness({ start: '2026-11-28T08:00:00Z' });
    box = chatFromRouter(createRouter({ app: h.ctx, isAdmin: () => true, operatorPlatforms: ['web'] }), () => h.clock.now(), { database: h.database });
  });
  afterEach(async () => h?.close());

  const say = async (text: string, lang: 'en' | 'zh') => (await box(text, lang))[0].text;
  const task = async (id: number) => store.findTask(h.database.db, id);

  it('lists exactly the commands this test runs', () => {
    const rows = tableCommands();
    const en = rows.flatMap(([e]) => e);
    const zh = rows.flatMap(([, z]) => z);
    expect([...new Set(en)].sort()).toEqual([...new Set(PAIRS.map(([e]) => e))].sort());
    expect([...new Set(zh)].sort()).toEqual([...new Set(PAIRS.map(([, z]) => z))].sort());
    for (const [e, z] of PAIRS) expect(rows.some(([re, rz]) => re.includes(e) && rz.includes(z)), `${e} / ${z} on one row`).toBe(true);
  });

  for (const lang of ['en', 'zh'] as const) {
    const c = (en: string) => (lang === 'en' ? en : PAIRS.find(([e]) => e === en)![1]);
    it(`runs every command of the table ${lang === 'en' ? 'in English' : 'under its Chinese alias'}, answering in that language`, async () => {
      const inLang = (text: string) => (lang === 'zh' ? expect(text, text).toMatch(CJK) : expect(text, text).not.toMatch(CJK));

      const made = await say(lang === 'en' ? `${c('/add')} every day at 9:00 check the backups` : `${c('/add')} 每天9点 检查备份`, lang);
      inLang(made.replace(/检查备份/g, ''));
      const id = Number(/#(\d+)/.exec(made)![1]);
      expect((await task(id))?.schedule).toMatchObject({ kind: 'cron', expr: '0 9 * * *' });

      const listed = await say(c('/list'), lang);
      expect(listed).toContain(`#${id}`);
      inLang(listed.replace(/check the backups|检查备份/g, ''));

      const shown = await say(`${c('/show')} ${id}`, lang);
      expect(shown).toMatch(lang === 'en' ? new RegExp(`^Task #${id}: `) : new RegExp(`^任务 #${id}：`));
      const next = await say(`${c('/next')} ${id}`, lang);
      expect(next).toMatch(lang === 'en' ? new RegExp(`^Next runs of #${id} \\(UTC\\):`) : new RegExp(`^任务 #${id} 的下次执行时间（UTC）：`));
      expect(next.split('\n').slice(1)).toHaveLength(5);

      inLang(await say(`${c('/pause')} ${id}`, lang));
      expect((await task(id))?.status).toBe('paused');
      inLang(await say(`${c('/resume')} ${id}`, lang));
      expect((await task(id))?.status).toBe('active');
      inLang(await say(`${c('/run')} ${id}`, lang));
      const manual = (await store.listRuns(h.database.db, id, 10)).find((r) => r.trigger === 'manual')!;
      expect(manual.status).toBe('queued'); // the clock has not moved: nothing ran it yet
      const stopping = await say(`${c('/stop')} ${id}`, lang);
      expect(stopping).toContain(lang === 'en' ? `Task #${id}: stopping run #${manual.id}; history will say it was stopped by console.` : `任务 #${id}：正在停止执行 #${manual.id}，历史中会记录为 console 停止。`);
      expect((await store.findRun(h.database.db, manual.id))?.status).toBe('stopped');
      expect(await say(`${c('/stop')} ${id}`, lang)).toContain(lang === 'en' ? `task ${id} has no run in progress` : `任务 ${id} 没有正在执行的运行`);
      inLang(await say(`${c('/history')} ${id}`, lang));

      inLang((await say(lang === 'en' ? `${c('/edit')} ${id} every day at 10:00` : `${c('/edit')} ${id} 每天10点`, lang)).replace(/check the backups|检查备份/g, ''));
      expect((await task(id))?.schedule).toMatchObject({ kind: 'cron', expr: '0 10 * * *' });

      const doneWords = lang === 'en' ? ['/done'] : ['/结单', '/完成'];
      for (const word of doneWords) {
        const now = h.clock.now();
        await store.openChase(h.database.db, { taskId: id, runId: null, scheduledFor: now, openedAt: now, nextChaseAt: now + 900_000 });
        const closed = await say(`${word} ${id}`, lang);
        expect(closed).toMatch(lang === 'en' ? new RegExp(`^✅ #${id} closed by console`) : new RegExp(`^✅ #${id} 已由 console 结单`));
        h.clock.set(h.clock.now() + 1000);
      }

      inLang(await say(`${c('/closers')} ${id} ${lang === 'en' ? 'owner' : '负责人'}`, lang));
      expect((await task(id))?.closers).toBe('owner');
      inLang(await say(`${c('/closers')} ${id}`, lang));

      const tz = await say(`${c('/tz')} Asia/Shanghai`, lang);
      expect(tz).toContain('Asia/Shanghai');
      inLang(tz);
      const help = await say(c('/help'), lang);
      expect(help).toContain(lang === 'en' ? '/add' : '/添加');
      // The English help names the Chinese aliases on its last line, on purpose.
      inLang(lang === 'en' ? help.replace(/^Chinese works too: .*$/m, '') : help);

      inLang((await say(`${c('/delete')} ${id}`, lang)).replace(/check the backups|检查备份/g, ''));
      expect(await task(id)).toBeUndefined();
    });
  }
});
