import { add, edit } from './add.ts';
import { closers } from './closers.ts';
import type { CommandHandler } from './context.ts';
import { done, pause, remove, resume, run } from './control.ts';
import { history } from './history.ts';
import { runners } from './runners.ts';
import { stop } from './stop.ts';
import { help, tz } from './settings.ts';
import { list, next, show } from './view.ts';

export type { CommandContext, CommandHandler, CommandReply } from './context.ts';

/** One bot command: its English names, its Chinese aliases (which make the reply Chinese) and its handler. */
export interface CommandSpec {
  names: string[];
  zh: string[];
  run: CommandHandler;
}

/** Every bot command. */
export const COMMANDS: CommandSpec[] = [
  { names: ['add', 'new'], zh: ['添加', '新建'], run: add },
  { names: ['list', 'ls'], zh: ['列表'], run: list },
  { names: ['show', 'info'], zh: ['详情'], run: show },
  { names: ['next'], zh: ['下次'], run: next },
  { names: ['pause'], zh: ['暂停'], run: pause },
  { names: ['resume'], zh: ['恢复'], run: resume },
  { names: ['run'], zh: ['执行'], run },
  { names: ['stop'], zh: ['停止'], run: stop },
  { names: ['history'], zh: ['历史'], run: history },
  { names: ['edit'], zh: ['修改'], run: edit },
  { names: ['delete', 'del', 'rm'], zh: ['删除'], run: remove },
  { names: ['done'], zh: ['结单', '完成'], run: done },
  { names: ['tz', 'timezone'], zh: ['时区'], run: tz },
  { names: ['runners'], zh: ['执行器'], run: runners },
  { names: ['help', 'start'], zh: ['帮助'], run: help },
  { names: ['closers'], zh: ['结单人'], run: closers },
];

/** The command a word names, and whether the word was a Chinese alias. */
export function findCommand(word: string): { spec: CommandSpec; zh: boolean } | undefined {
  const w = word.toLowerCase();
  for (const spec of COMMANDS) {
    if (spec.names.includes(w)) return { spec, zh: false };
    if (spec.zh.includes(word)) return { spec, zh: true };
  }
  return undefined;
}
