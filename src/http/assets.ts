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
 * The console's icon as a real .ico (one 16×16 32-bit image): a clock face in the console's
 * accent colour. Drawn here rather than shipped as a binary file, so the package holds no
 * opaque blob; built once, at first request.
 */
function drawFavicon(): Buffer {
  const n = 16;
  const pixels = Buffer.alloc(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const dx = x - 7.5;
      const dy = y - 7.5;
      const r = Math.hypot(dx, dy);
      // The hands: 12 o'clock and 3 o'clock from the centre.
      const hand = (x >= 7 && x <= 8 && y >= 3 && y <= 8) || (y >= 7 && y <= 8 && x >= 7 && x <= 11);
      const [b, g, red, a] = r > 7.5 ? [0, 0, 0, 0] : hand ? [255, 255, 255, 255] : [0xcd, 0x38, 0x35, 255];
      // BMP rows go bottom-up.
      const o = ((n - 1 - y) * n + x) * 4;
      pixels[o] = b;
      pixels[o + 1] = g;
      pixels[o + 2] = red;
      pixels[o + 3] = a;
    }
  }
  const mask = Buffer.alloc(n * 4); // AND mask, 1 bit a pixel, rows padded to 4 bytes: all opaque (alpha decides)
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(n, 4);
  info.writeInt32LE(n * 2, 8); // XOR image and AND mask
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([info, pixels, mask]);
  const head = Buffer.alloc(6 + 16);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2); // an icon
  head.writeUInt16LE(1, 4); // one image
  head.writeUInt8(n, 6);
  head.writeUInt8(n, 7);
  head.writeUInt16LE(1, 10); // planes
  head.writeUInt16LE(32, 12); // bits a pixel
  head.writeUInt32LE(image.length, 14);
  head.writeUInt32LE(22, 18); // where the image starts
  return Buffer.concat([head, image]);
}
let favicon: Buffer | undefined;

/**
 * Serves the console's script and stylesheet from dist/web under /assets/. They are built
 * from web/src by `npm run build:web` (the CSP allows scripts and styles from 'self' only, so
 * the page has no inline code). A missing bundle answers 503 with what to run.
 */
export function mountAssets(router: Router, dir = WEB_DIR): void {
  // Browsers ask for it on every page; a 404 there filled logs and consoles with noise.
  router.get('/favicon.ico', (ctx) => {
    favicon ??= drawFavicon();
    ctx.type = 'image/x-icon';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = favicon;
  });
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
