import type { Bilingual } from '../../domain/index.ts';
import type { Tod } from './calendar.ts';

/** Something the parser assumed; shown with the reading so the writer can correct it. */
export type Note =
  | { k: 'clock24'; h: number; m: number }
  | { k: 'short_months'; d: number }
  | { k: 'leap_day' }
  | { k: 'working_days' }
  | { k: 'biweekly' }
  | { k: 'range_start'; from: Tod; to: Tod }
  | { k: 'cron_or' }
  | { k: 'cron_and' }
  | { k: 'lunar'; name: Bilingual; y: number; m: number; d: number }
  | { k: 'next_holiday'; name: Bilingual; y: number; m: number; d: number }
  | { k: 'read_as'; said: string; as: Bilingual }; // a word with an assumed meaning: "EOD" as 17:00

const p2 = (n: number) => String(n).padStart(2, '0');

/** The note in both languages. */
export function noteText(n: Note): Bilingual {
  switch (n.k) {
    case 'clock24': {
      const at = `${p2(n.h)}:${p2(n.m)}`;
      const pm = `${n.h + 12}:${p2(n.m)}`;
      const en12 = n.m === 0 ? `${n.h}pm` : `${n.h}:${p2(n.m)}pm`;
      return {
        en: `${at}, on the 24-hour clock; write ${en12} for ${pm}`,
        zh: `按24小时制理解为 ${at}；如指下午或晚上，请写“下午${n.h}点${n.m === 0 ? '' : `${n.m}分`}”或“${pm}”`,
      };
    }
    case 'short_months':
      return {
        en: `months without a ${n.d}${n.d === 31 ? 'st' : 'th'} are skipped, as cron does; write "on the last day of the month" for month ends`,
        zh: `没有${n.d}号的月份跳过（与 cron 相同）；如需每月月底，请写“每月最后一天”`,
      };
    case 'leap_day':
      return { en: '29 February comes only in leap years: other years are skipped', zh: '2月29日只在闰年出现，其他年份跳过' };
    case 'biweekly':
      return {
        en: '"biweekly" read as every two weeks; for twice a week, name the days, e.g. "every Mon and Thu"',
        zh: '“biweekly”理解为每两周一次；如指每周两次，请写明星期几，例如“每周一、四”',
      };
    case 'working_days':
      return { en: 'working days are Monday to Friday; public holidays are not taken into account', zh: '工作日按周一至周五计算，不考虑法定节假日和调休' };
    case 'range_start': {
      const a = `${p2(n.from.h)}:${p2(n.from.m)}`;
      const b = `${p2(n.to.h)}:${p2(n.to.m)}`;
      return { en: `fires at ${a}, the start of ${a}–${b}; add "every hour" to repeat within it`, zh: `在 ${a}（${a}–${b} 的开始）触发；如需在这段时间内重复，请加“每小时”` };
    }
    case 'cron_or':
      return {
        en: 'day of month and day of week are both set: it fires when either matches, as crontab does; put + before the weekday field (e.g. 0 9 1-7 * +1) to require both',
        zh: '同时指定了日期和星期：任一匹配即触发（与 crontab 相同）；如需同时满足，请在星期字段前加 +（例如 0 9 1-7 * +1）',
      };
    case 'cron_and':
      return { en: 'the + before the weekday field means both day of month and day of week must match', zh: '星期字段前的 + 表示日期和星期必须同时满足' };
    case 'next_holiday':
      return {
        en: `"next ${n.name.en}" read as the coming one, on ${n.y}-${p2(n.m)}-${p2(n.d)}; write "${n.name.en} ${n.y + 1}" for the one after`,
        zh: `“next ${n.name.en}”理解为即将到来的${n.name.zh}（${n.y}年${n.m}月${n.d}日）；如指再下一个，请写“${n.y + 1}年${n.name.zh}”`,
      };
    case 'read_as':
      return { en: `"${n.said}" read as ${n.as.en}`, zh: `“${n.said}”理解为${n.as.zh}` };
    case 'lunar':
      return {
        en: `${n.name.en} ${n.y} falls on ${n.y}-${p2(n.m)}-${p2(n.d)} (lunar calendar)`,
        zh: `${n.y}年${n.name.zh}是${n.m}月${n.d}日（农历）`,
      };
  }
}
