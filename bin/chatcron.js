#!/usr/bin/env -S node --max-semi-space-size=2
// --max-semi-space-size=2 (MB): V8's young generation otherwise grows to 2 × 16 MB during
// start-up and stays resident; the service allocates little once it runs, and an idle `serve`
// keeps ~12 MB less (bench/startup.ts). `npm start`, the Dockerfile and the systemd unit pass
// the same flag, since `node bin/chatcron.js` does not read this line.
// Runs the compiled CLI bundle in dist/cli/ (`npm run build`; `npm install` builds it through
// `prepare`): one file per lazily loaded part instead of ~550 modules (scripts/bundle-cli.mjs).
// Development runs the TypeScript sources instead: `node --import tsx src/cli.ts …` (`npm run dev`).
import fs from 'node:fs';

const entry = new URL('../dist/cli/chatcron.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('chatcron: dist/ is missing: run npm run build (it needs the dev dependencies: npm install)\n');
  process.exit(78);
}
await import(entry.href);
