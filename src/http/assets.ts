import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Router from '@koa/router';

/** The console bundle `npm run build:web` writes: served name → file in dist/web. */
const FILES: Record<string, { file: string; type: string }> = {
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app-style.css', type: 'text/css; charset=utf-8' },
};

/** The package's own directory: the nearest one above this file that holds package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('chatcron: package.json not found above src/http');
    dir = up;
  }
  return dir;
}

/** Where the built console lives (inside the package: nothing outside it is read). */
export const WEB_DIR = path.join(packageRoot(), 'dist', 'web');

/**
 * Serves the console's script and stylesheet from dist/web under /assets/. They are built
 * from web/src by `npm run build:web` (the CSP allows scripts and styles from 'self' only, so
 * the page has no inline code). A missing bundle answers 503 with what to run.
 */
export function mountAssets(router: Router, dir = WEB_DIR): void {
  router.get('/assets/:name', async (ctx) => {
    const f = FILES[ctx.params.name];
    if (!f) return;
    try {
      ctx.body = await fs.promises.readFile(path.join(dir, f.file));
    } catch {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'the console is not built: run `npm run build:web`';
      return;
    }
    ctx.type = f.type;
    ctx.set('X-Content-Type-Options', 'nosniff');
    // Same URL for every build: revalidate rather than cache a stale console.
    ctx.set('Cache-Control', 'no-cache');
  });
}
