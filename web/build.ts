import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Bundles the console (web/src) into `outdir`: app.js (Preact and htm included, nothing fetched
 * at run time) and app.css. The server serves these two files under /assets/.
 */
export async function buildWeb(outdir = path.join(root, 'dist', 'web')): Promise<string> {
  await build({
    entryPoints: { app: path.join(root, 'web', 'src', 'main.ts'), 'app-style': path.join(root, 'web', 'src', 'style.css') },
    outdir,
    entryNames: '[name]',
    bundle: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`console bundle written to ${path.relative(process.cwd(), out) || '.'}`);
}
