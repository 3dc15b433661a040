#!/usr/bin/env node
// `npm run build:cli [outdir]`: bundles the CLI (src/cli.ts and what it imports; esbuild strips the types
// as tsc's build:server does) into dist/cli/, the files bin/chatcron.js runs. Why: Node 20 loads an ES module graph file by
// file, and `chatcron list --json` loaded 548 of them (kysely alone 262, zod 95, chrono-node 51),
// which cost it 10–20× a bare `node -e 0` (docs/benchmarks.md). One chunk per lazy import
// (splitting) keeps what each command loads as it is in the sources: `--help` still loads only
// commander, `serve` loads a chat platform's code only when that platform is configured.
// Bundled: the pure-JavaScript packages on the CLI's and the service's common path. Everything
// else stays an ordinary import from node_modules: native addons (better-sqlite3), packages
// that find files or workers by path at run time (pino's transports, pino-pretty), and the
// platform SDKs and drivers, which are loaded only when configured anyway.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BUNDLED = new Set(['kysely', 'zod', 'chrono-node', 'croner', 'commander', 'koa', '@koa/router', 'fast-xml-parser']);

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

const entry = path.join(root, 'src', 'cli.ts');

// zod's namespace object re-exports every one of its ~50 message locales (`z.locales`), and a
// namespace that is used as an object cannot be tree-shaken: they were 60 % of the bytes the CLI
// parsed for `list`. chatcron sets no zod locale (its messages are its own, src/app/validation.ts),
// so `z.locales` keeps English, the one zod configures by default.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`, resolveDir: path.dirname(args.path) }));
  },
};
// chatcron's own modules have no import-time effects that anything relies on (no module is
// imported for its effects alone: `import './x.ts'` does not occur in src/, adapters/ or
// migrations/), so esbuild may leave out a module none of whose exports a chunk uses. Without
// this, a re-export (schedule/index.ts re-exporting the parser) drags the whole module along,
// with what its top level builds: `list` loaded chrono-node and the parser's tables to format
// an instant. Files outside those folders (node_modules) keep their packages' own declaration.
const OWN = ['src', 'adapters', 'migrations'].map((d) => path.join(root, d) + path.sep);
const ownModulesPure = {
  name: 'own-modules-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'own-modules' || !OWN.some((d) => args.importer.startsWith(d))) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'own-modules' });
      if (r.errors.length > 0 || !OWN.some((d) => r.path.startsWith(d))) return r.errors.length > 0 ? { errors: r.errors } : r;
      return { ...r, sideEffects: false };
    });
  },
};
// `import { z } from 'zod'` hands esbuild zod's namespace as one object, and a namespace used as
// an object keeps every export (all of zod's formats, its JSON Schema converter): a CLI command
// parsed ~290 KB of zod to validate the configuration. Imported as `import * as z` from zod's
// own export list instead, `z.object(…)` becomes a plain import that esbuild can shake (zod marks
// its constructors pure), and each chunk carries the parts of zod that its code calls.
const ZOD_EXTERNAL = path.join(root, 'node_modules', 'zod', 'v4', 'classic', 'external.js');
const zodShakable = {
  name: 'zod-shakable',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!OWN.some((d) => args.path.startsWith(d))) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source.replace(/^import \{ z \} from 'zod';$/m, `import * as z from ${JSON.stringify(ZOD_EXTERNAL)};`);
      return { contents, loader: 'ts' };
    });
  },
};
// commander requires node:child_process at load for one thing chatcron never does (running a
// subcommand as a separate executable), and child_process brings net, dgram and the stream
// machinery with it: about a sixth of `chatcron --help`'s CPU. It is required where it is used.
const COMMANDER = path.join(root, 'node_modules', 'commander', 'lib', 'command.js');
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      if (args.path !== COMMANDER) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${COMMANDER}: no "${eager}" to defer (commander changed: look again)`);
      return { contents: source.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};
// A test bundles into a folder of its own (inside the package: the code finds package.json above itself).
const outdir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist', 'cli');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { chatcron: entry },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [zodEnglishOnly, ownModulesPure, zodShakable, commanderLazyChildProcess],
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __chatcronRequire } from 'node:module'; const require = __chatcronRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: 'none',
  // Identifiers stay: stack traces in the logs keep their function names.
  logLevel: 'warning',
});
console.log(`CLI bundle written to ${path.relative(process.cwd(), outdir) || '.'}`);
