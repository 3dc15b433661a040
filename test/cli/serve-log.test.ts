import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe } from '../support/service-process.ts';

// With no chat platform configured, serve says so: the WeCom group robot, which needs no
// configuration and only sends, is not reported as a configured adapter.

describe('chatcron serve with no platform configured', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatcron-serve-log-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('logs "adapters: none", not "adapters: wecom-robot"', async () => {
    const s = await startServe({ DATABASE_URL: `sqlite:${path.join(dir, 'serve.db')}`, CHATCRON_API_TOKEN: 'serve-log-token-0123456789abcdef' });
    try {
      const line = JSON.parse(s.logs.join('').split('\n').find((l) => l.includes('listening on'))!);
      expect(line.msg).toMatch(/; adapters: none\)$/);
      expect(line.adapters).toEqual([]);
      expect(line.sendOnly).toEqual(['wecom-robot']);
    } finally {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }, 60_000);
});
