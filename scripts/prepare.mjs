#!/usr/bin/env node
// npm's `prepare` hook: after `npm install` / `npm ci` in a checkout, compile to dist/ so that
// `npm start` and `chatcron` run JavaScript. A production install (`npm ci --omit=dev`, as the
// Dockerfile's last stage does beside a dist/ built earlier) has no TypeScript: then nothing is
// built here, and a missing dist/ is reported rather than failing the install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let hasTypeScript = true;
try {
  require.resolve('typescript');
} catch {
  hasTypeScript = false;
}

if (hasTypeScript) {
  const npm = process.env.npm_execpath;
  const r = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else if (!fs.existsSync(new URL('../dist/cli/chatcron.js', import.meta.url))) {
  process.stderr.write('chatcron: TypeScript is not installed (a production install), so nothing was built; copy a dist/ built with `npm run build` beside it.\n');
}
