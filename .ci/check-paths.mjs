#!/usr/bin/env node
// Fails when a tracked file refers to a path outside the repository: a clone must be all that
// the tests, scripts and service read. Flags (1) a relative path into a `shared/` folder above
// us, (2) an absolute path under /work/ (this workplace's layout, absent on a user's machine),
// (3) in code and config, a quoted relative path (an import, a fixture read) that resolves
// outside the repository root. Plain JavaScript so it runs before anything is installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
const self = path.relative(root, new URL(import.meta.url).pathname);
const CODE = /\.(ts|mts|cts|js|mjs|cjs|json|sh)$|^\.ci\/run$|^Dockerfile$|\.ya?ml$|\.service$/;
const SKIP = new Set(['package-lock.json', 'bench/package-lock.json', self]);

const problems = [];
for (const file of files) {
  if (SKIP.has(file)) continue;
  const full = path.join(root, file);
  let text;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch {
    continue; // deleted in the work tree but still in the index
  }
  if (text.includes('\0')) continue; // binary
  text.split('\n').forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    if (/(^|[^\w.])(\.\.\/)+shared\//.test(line)) problems.push(`${at}: relative path into a shared/ folder outside the repository`);
    if (/(^|[\s'"`(=:])\/work\//.test(line)) problems.push(`${at}: absolute path under /work/`);
    if (!CODE.test(file)) return;
    for (const m of line.matchAll(/(['"`])(\.{1,2}\/[^'"`\s$]*)\1/g)) {
      const target = path.resolve(path.dirname(full), m[2]);
      if (target !== root && !target.startsWith(root + path.sep)) problems.push(`${at}: "${m[2]}" resolves outside the repository`);
    }
  });
}

if (problems.length > 0) {
  process.stderr.write(`check-paths: ${problems.length} reference(s) to paths outside the repository:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-paths: ${files.length} tracked files refer only to paths inside the repository\n`);
