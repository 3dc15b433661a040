import { UserError } from '../../domain/index.ts';
import { isValidTimezone } from '../../schedule/index.ts';
import { chatTimezone, setChatTimezone } from '../../app/index.ts';
import { tr } from '../format.ts';
import type { CommandContext } from './context.ts';

/** /tz [IANA]: shows or sets the timezone new schedules of this chat are read in. */
export async function tz(c: CommandContext): Promise<string> {
  const { platform, chatId } = c.actor.chat!;
  if (!c.args) {
    const cur = await chatTimezone(c.app, platform, chatId);
    const how = cur.own ? '' : tr(c.lang, ' (the default)', '（默认）');
    return tr(c.lang, `🌐 This chat's timezone: ${cur.tz}${how}. Change it with /tz Asia/Shanghai`, `🌐 本群时区：${cur.tz}${how}。用 /时区 Asia/Shanghai 修改`);
  }
  const zone = c.args.split(/\s+/)[0];
  if (!isValidTimezone(zone)) {
    throw new UserError('bad_timezone', {
      en: `unknown timezone "${zone}"; use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC`,
      zh: `未知时区“${zone}”，请使用 IANA 名称，例如 Asia/Shanghai、Europe/Berlin 或 UTC`,
    }, 'tz');
  }
  await setChatTimezone(c.app, platform, chatId, zone);
  return tr(c.lang, `🌐 This chat's timezone is now ${zone}. New and edited schedules are read in it; existing tasks keep theirs.`, `🌐 本群时区已设为 ${zone}。新建和修改的计划按此时区理解，已有任务保持原时区。`);
}

const HELP_EN = `I run scheduled messages and approved commands for this chat.
/add <when> <what> — create a task (or just @-mention me):
  /add every weekday 9:30 standup notes
  /add every weekday 17:30 submit the daily report @alice chase every 15m at most 4 times
  /add every day at 2am run backup   (admins; configured actions only)
/list — tasks of this chat
/show N — details · /next N — next five runs
/pause N · /resume N · /run N (now) · /stop N (what it runs now) · /delete N
/edit N <new schedule or text> — also "chase every 30m", "chase off", "@owner"
/done N — close the open occurrence (or reply "done" to a reminder)
/closers N owner|admins|anyone — who may close it (owner or admins change it; also "closers: owner" when adding)
/history N [k] — the last k runs, reminders and who closed them
/tz [Area/City] — show or set this chat's timezone
Chinese works too: /添加 /列表 /详情 /下次 /暂停 /恢复 /执行 /历史 /修改 /删除 /结单 /结单人 /时区 /帮助`;

const HELP_ZH = `我为本群定时发消息、执行管理员批准的命令，并催单。
/添加 <时间> <内容> —— 创建任务（也可以直接 @我）：
  /添加 每个工作日9:30 提交站会纪要
  /添加 每天17:30 提交日报 @张三 催单30分钟 最多4次
  /添加 每天凌晨2点 执行 backup（仅管理员，且只能是配置中的操作）
/列表 —— 本群的任务
/详情 N —— 任务详情 · /下次 N —— 接下来五次执行时间
/暂停 N · /恢复 N · /执行 N（立即执行）· /停止 N（停止正在执行的）· /删除 N
/修改 N <新的时间或内容> —— 也可以“催单30分钟”“催单 关闭”“@负责人”
/结单 N（或 /完成 N）—— 结束当前待办（也可以回复催单消息“完成”或“收到”）
/结单人 N 负责人|管理员|任何人 —— 谁可以结单（负责人或管理员可改；添加时也可写“仅负责人可结单”）
/历史 N [k] —— 最近 k 次执行、催单次数和结单人
/时区 [Area/City] —— 查看或设置本群时区
英文命令同样可用：/add /list /show /next /pause /resume /run /history /edit /delete /done /closers /tz /help`;

/** /help. */
export async function help(c: CommandContext): Promise<string> {
  return tr(c.lang, HELP_EN, HELP_ZH);
}
