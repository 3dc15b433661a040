import type { Closers } from '../domain/index.ts';
import { tidy } from './chase-phrase.ts';

/** Where a task runs, its jitter and its chains, as a chat message says them. */
export interface Extras {
  runOn?: string;
  jitter?: string;
  then?: number;
  onFailure?: number;
  /** Who may close an occurrence: "closers: owner", "仅负责人可结单". */
  closers?: Closers;
}

/** The closers a word names, English or Chinese ("owner", "负责人"); undefined for anything else. */
export function closersWord(word: string): Closers | undefined {
  const w = word.trim().toLowerCase();
  if (['owner', 'the owner', '负责人', '本人'].includes(w)) return 'owner';
  if (['admins', 'admin', 'an admin', '管理员'].includes(w)) return 'admins';
  if (['anyone', 'everyone', 'all', '任何人', '所有人', '大家'].includes(w)) return 'anyone';
  return undefined;
}

const LABEL = '([A-Za-z0-9][\\w.-]*)';
const TASK = '[#＃]\\s*(\\d{1,12})';
// Trailing phrases, tried again until none is left ("… then run #5 on failure run #7").
const RULES: { re: RegExp; take(m: RegExpExecArray, out: Extras): string }[] = [
  // "closers: owner", "closers admins" (the API's and the CLI's own word), "only the owner can close".
  { re: /(?:^|[\s,;，；])closers?\s*[:=：]?\s*(owner|admins|anyone)\s*$/i, take: (m, o) => ((o.closers = closersWord(m[1])), '') },
  { re: /(?:^|[\s,;，；])only (?:the )?(owner|admins?) (?:can|may) close(?: it)?\s*$/i, take: (m, o) => ((o.closers = closersWord(m[1])), '') },
  { re: /(?:^|[\s,;，；])(anyone) (?:can|may) close(?: it)?\s*$/i, take: (m, o) => ((o.closers = 'anyone'), '') },
  // "仅负责人可结单", "只有管理员可以结单", "任何人可结单", "结单人：负责人".
  { re: /(?:仅|只有|只能由|只许)\s*(负责人|本人|管理员)\s*(?:可以|可|能|才能)?\s*结单\s*$/, take: (m, o) => ((o.closers = closersWord(m[1])), '') },
  { re: /(任何人|所有人|大家)\s*(?:都)?(?:可以|可|能)\s*结单\s*$/, take: (m, o) => ((o.closers = 'anyone'), '') },
  { re: /结单人\s*[:：]?\s*(负责人|管理员|任何人|所有人)\s*$/, take: (m, o) => ((o.closers = closersWord(m[1])), '') },
  { re: new RegExp(`(?:^|[\\s,;，；])(?:on failure|if it fails|when it fails),?\\s*run\\s+${TASK}\\s*$`, 'i'), take: (m, o) => ((o.onFailure = Number(m[1])), '') },
  { re: new RegExp(`(?:失败时|失败后|如果失败)\\s*(?:执行|运行)\\s*${TASK}\\s*$`), take: (m, o) => ((o.onFailure = Number(m[1])), '') },
  { re: new RegExp(`(?:^|[\\s,;，；])(?:then|and then|on success),?\\s*run\\s+${TASK}\\s*$`, 'i'), take: (m, o) => ((o.then = Number(m[1])), '') },
  { re: new RegExp(`(?:然后|之后|成功后)\\s*(?:执行|运行)\\s*${TASK}\\s*$`), take: (m, o) => ((o.then = Number(m[1])), '') },
  { re: /(?:^|[\s,;，；])(?:with )?jitter\s+(\d+\s*(?:s|m|h))\s*$/i, take: (m, o) => ((o.jitter = m[1].replace(/\s+/g, '')), '') },
  { re: /随机延迟\s*(\d+)\s*(秒|分钟|分)\s*$/, take: (m, o) => ((o.jitter = `${m[1]}${m[2] === '秒' ? 's' : 'm'}`), '') },
  // "run backup on db-hosts" → "run backup", and the label.
  { re: new RegExp(`(?:^|[\\s,;，；])run\\s+${LABEL}\\s+on\\s+${LABEL}\\s*$`, 'i'), take: (m, o) => ((o.runOn = m[2]), ` run ${m[1]}`) },
  // "在 db-hosts 上执行 backup" → "执行 backup", and the label.
  { re: new RegExp(`在\\s*${LABEL}\\s*上\\s*(执行|运行)\\s*${LABEL}\\s*$`), take: (m, o) => ((o.runOn = m[1]), ` ${m[2]} ${m[3]}`) },
];

/** Cuts the runner, jitter and chain phrases off the end of a task's text. */
export function takeExtras(text: string): { text: string; extras: Extras } {
  const extras: Extras = {};
  let rest = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of RULES) {
      const m = rule.re.exec(rest);
      if (!m) continue;
      rest = tidy(rest.slice(0, m.index) + rule.take(m, extras));
      changed = true;
    }
  }
  return { text: rest, extras };
}
