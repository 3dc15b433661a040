import { beforeAll, describe, expect, it } from 'vitest';

let when: (iso: string, tz: string) => string;
beforeAll(async () => {
  // the console's modules read the page's language from the document
  (globalThis as { document?: unknown }).document = { documentElement: { lang: 'en' } };
  ({ when } = await import('../../web/src/time.ts'));
});

describe('a time as the console shows it', () => {
  it('names the zone once', () => {
    const utc = when('2026-12-06T18:59:01Z', 'UTC');
    expect(utc).toMatch(/18:59:01 UTC$/);
    expect(utc).not.toContain('(UTC)');
    expect(when('2026-12-06T18:59:01Z', 'Asia/Shanghai')).toMatch(/02:59:01 GMT\+8 \(Asia\/Shanghai\)$/);
  });
});
