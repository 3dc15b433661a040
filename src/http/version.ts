import fs from 'node:fs';

/**
 * The package version, read once from chatcron's package.json: the nearest one above this file,
 * which is two folders up in the sources (src/http) and three in the build (dist/src/http).
 */
export const VERSION: string = (() => {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 4; depth++) {
    dir = new URL('..', dir);
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'chatcron') return pkg.version;
    } catch {
      // none at this level: look one further up
    }
  }
  return 'unknown';
})();
