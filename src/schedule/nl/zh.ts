import { rawCron } from './cron-phrase.ts';
import { Cursor } from './cursor.ts';
import { ZH_HOLIDAYS } from './holidays.ts';
import { ZH_NUM_CHARS } from './numbers.ts';
import { initials, Openers } from './openers.ts';
import { midnightEndsDay } from './midnight.ts';
import type { Spec } from './spec.ts';
import { dayClause } from './zh-dates.ts';
import type { Ctx } from './zh-lexicon.ts';
import { limit, relative } from './zh-relative.ts';
import { monthsPrefix, recurrence } from './zh-repeat.ts';
import { startClause, timeClause } from './zh-time.ts';

/** Reads a Chinese schedule phrase starting at `start`; null when nothing there is one. */
export function parseChineseAt(s: string, start: number): { spec: Spec; end: number } | null {
  const c = new Cursor(s, start);
  const ctx: Ctx = { spec: {} };
  let clauses = 0;
  let end = start;
  for (let guard = 0; guard < 24; guard++) {
    if (clauses > 0) {
      c.ws(true);
      // 每个工作日的下午三点: 的 joins two clauses; taken only when a clause follows (end stays put)
      if (c.s.charCodeAt(c.i) === DE) c.i++;
    }
    if (!clause(c, ctx)) break;
    clauses++;
    end = c.i;
  }
  if (clauses === 0) return null;
  if (ctx.spec.lateMidnights) midnightEndsDay(ctx.spec, ctx.spec.lateMidnights);
  return { spec: ctx.spec, end };
}

const DE = 0x7684; // 的
const NUM = `0123456789${ZH_NUM_CHARS}`;
const PERIODS = '早清上中下傍晚夜凌半午深'; // 早上, 清晨, 上午, 中午, 下午, 傍晚, 晚上, 夜里, 凌晨, 半夜, 午夜, 深夜

// What each clause's first pattern can begin with, in the order clause() tries them.
const OPEN = new Openers([
  '共一总重直截到至', // limit: 共3次, 一共, 总共, 重复; 直到, 截止, 到, 至
  'c', // rawCron
  NUM, // monthsPrefix: 3月, 十一月
  `每隔周星礼天个工非双${NUM}`, // recurrence: 每隔一天, 隔周, 周一至周五, 天天, 每, 工作日, 非工作日, 双周, 一周一次
  `${NUM}半`, // relative: 一刻钟, 3天, 半小时
  `${NUM}去今明昨大后前下本这上周星礼${initials(Object.keys(ZH_HOLIDAYS))}`, // dayClause: dates, 今晚, 明天, 下周三, 下个月, 明年, holidays, 15号, 去年元旦
  `从自${PERIODS}${NUM}`, // startClause: 从, a clock time
  `从自${PERIODS}${NUM}`, // timeClause: 从, a clock time
]);

function clause(c: Cursor, ctx: Ctx): boolean {
  const may = OPEN.at(c.peek());
  return (
    ((may & 1) !== 0 && limit(c, ctx.spec)) ||
    ((may & 2) !== 0 && rawCron(c, ctx.spec)) ||
    ((may & 4) !== 0 && monthsPrefix(c, ctx.spec)) ||
    ((may & 8) !== 0 && recurrence(c, ctx)) ||
    ((may & 16) !== 0 && relative(c, ctx.spec)) ||
    ((may & 32) !== 0 && dayClause(c, ctx)) ||
    ((may & 64) !== 0 && startClause(c, ctx)) ||
    ((may & 128) !== 0 && timeClause(c, ctx))
  );
}
