// Bench children run as the installed service runs: plain node on bundled JavaScript (the CLI
// and `serve` run an esbuild bundle, scripts/bundle-cli.mjs), not through tsx, whose loader
// thread alone holds ~35 MB of RSS and would be counted as the engine's memory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// What the service's bundle carries inside it; the rest (native addons, drivers) stays in node_modules.
const BUNDLED = new Set(['kysely', 'zod', 'chrono-node', 'croner', 'commander', 'koa', '@koa/router', 'fast-xml-parser']);

/** Bundles `entry` (a bench child) into .tmp/bench/ and returns the file to run with plain node. */
export async function bundleChild(entry: string): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies?: Record<string, string> };
  const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
    .filter((n) => !BUNDLED.has(n))
    .flatMap((n) => [n, `${n}/*`])
    .concat(['esbuild', 'bullmq', 'ioredis']);
  // Inside bench/, so that bench/node_modules (BullMQ), node_modules and package.json resolve from the bundle.
  const outfile = path.join(ROOT, 'bench', '.tmp', `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, external, logLevel: 'error', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
  return outfile;
}

const cache = new Map<string, Promise<string>>();

/** The bundle of `entry`, built once per process. */
export function bundledChild(entry: string): Promise<string> {
  let p = cache.get(entry);
  if (!p) cache.set(entry, (p = bundleChild(entry)));
  return p;
}
