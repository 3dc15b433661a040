import type { Command } from 'commander';

interface ParseFlags {
  now?: string;
  tz?: string;
  count?: string;
  json?: boolean;
  jsonl?: boolean;
}

type Answer = { ok: true; kind: string; expr: string; next: string[]; rest: string; description: string; notes: string[] } | { ok: false; error: string };

function human(a: Answer): string {
  if (!a.ok) return `error: ${a.error}`;
  const lines = [a.description, `  ${a.kind}: ${a.expr}`];
  if (a.rest) lines.push(`  task: ${a.rest}`);
  for (const n of a.notes ?? []) lines.push(`  note: ${n}`);
  lines.push(a.next.length > 0 ? '  next:' : '  next: (never fires)');
  for (const n of a.next) lines.push(`    ${n}`);
  return lines.join('\n');
}

async function jsonl(defaults: { now?: string; tz?: string; count?: number }): Promise<void> {
  // Loaded here: every other command, --help included, would pay for node:readline at start.
  const [{ parseToJson }, { createInterface }] = await Promise.all([import('../schedule/index.ts'), import('node:readline')]);
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let out: object;
    try {
      const req = JSON.parse(line) as { text?: unknown; now?: unknown; tz?: unknown; count?: unknown };
      out = parseToJson({
        text: typeof req.text === 'string' ? req.text : '',
        now: typeof req.now === 'string' ? req.now : defaults.now,
        tz: typeof req.tz === 'string' ? req.tz : defaults.tz,
        count: typeof req.count === 'number' ? req.count : defaults.count,
      });
    } catch {
      out = { ok: false, error: 'each line must be a JSON object like {"text":"every day at 9"}' };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

/** Adds `parse [text]`: shows how a natural-language schedule is read, as text or JSON. */
export function registerParse(program: Command): void {
  program
    .command('parse [text]')
    .description('read a natural-language schedule (English or Chinese) and show its next fire times')
    .option('--now <ISO>', 'reference instant (default: now)')
    .option('--tz <IANA>', 'timezone (default: CHATCRON_TZ or UTC)')
    .option('--count <n>', 'how many next fire times', '3')
    .option('--json', 'print one JSON object')
    .option('--jsonl', 'read {"text","now","tz","count"} objects from stdin, one per line; write one result per line')
    .action(async (text: string | undefined, flags: ParseFlags) => {
      const count = Number(flags.count ?? 3);
      if (flags.jsonl) {
        await jsonl({ now: flags.now, tz: flags.tz, count });
        return;
      }
      // Loaded here, not at the top: `chatcron --help` must not pay for the parser.
      const { parseToJson } = await import('../schedule/index.ts');
      const a = parseToJson({ text: text ?? '', now: flags.now, tz: flags.tz, count }) as Answer;
      process.stdout.write(`${flags.json ? JSON.stringify(a) : human(a)}\n`);
      if (!a.ok) process.exitCode = 1;
    });
}
