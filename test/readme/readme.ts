import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's README, as a user reads it. */
export const README = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** One fenced code block: the heading it sits under, its info string and its lines. */
export interface Block {
  section: string;
  info: string;
  lines: string[];
}

/** A document of the repository (docs/operators.md), as a user reads it. */
export function readDoc(rel: string): string {
  return fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', rel), 'utf8');
}

/** Every fenced code block of the README (or of `text`), under the nearest heading (## or ###). */
export function codeBlocks(text: string = README): Block[] {
  const out: Block[] = [];
  let section = '';
  let open: Block | null = null;
  for (const line of text.split('\n')) {
    if (open) {
      if (/^```\s*$/.test(line)) {
        out.push(open);
        open = null;
      } else open.lines.push(line);
      continue;
    }
    const h = /^#{2,3} (.+)$/.exec(line);
    if (h) section = h[1].trim();
    const f = /^```(\S*)\s*$/.exec(line);
    if (f) open = { section, info: f[1], lines: [] };
  }
  return out;
}

/** The blocks under a heading; fails when the heading or its blocks went away. */
export function blocksUnder(section: string): Block[] {
  const found = codeBlocks().filter((b) => b.section === section);
  if (found.length === 0) throw new Error(`README has no code block under "${section}"`);
  return found;
}

/** The rows of the first table under a heading, as cells (backticks kept). */
export function tableUnder(section: string): string[][] {
  const parts = README.split(/^#{2,3} /m);
  const body = parts.find((p) => p.startsWith(section));
  if (!body) throw new Error(`README has no section "${section}"`);
  const rows = body.split('\n').filter((l) => l.startsWith('|'));
  // Cells are split on "|" not escaped as "\|" (the README writes `skip\|once\|all` inside a cell).
  return rows
    .slice(2)
    .map((r) => r.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
}

/** The words of a shell line as sh would split it (double and single quotes; no expansions are used in the README). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return words;
}

/** A shell example line without its trailing "# remark". */
export function withoutRemark(line: string): string {
  return line.replace(/\s+#\s.*$/, '').trim();
}
