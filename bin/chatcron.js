#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`; `npm install` builds it through `prepare`).
// Development runs the TypeScript sources instead: `node --import tsx src/cli.ts …` (`npm run dev`).
import fs from 'node:fs';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('chatcron: dist/ is missing: run npm run build (it needs the dev dependencies: npm install)\n');
  process.exit(78);
}
await import(entry.href);
