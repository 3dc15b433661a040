import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe('the process logger', () => {
  it('writes the stack trace of a logged error, with secrets masked in it', async () => {
    const { lines, stream } = capture();
    const log = createLogger('info', ['hunter2-secret'], false, stream);
    const err = Object.assign(new Error('cannot reach db with hunter2-secret'), { code: 'ECONNREFUSED' });
    log.error({ err, path: '/api/tasks' }, 'request failed');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0].err.type).toBe('Error');
    expect(lines[0].err.code).toBe('ECONNREFUSED');
    expect(lines[0].err.stack).toMatch(/^Error: cannot reach db with \*+\n\s+at /);
    expect(JSON.stringify(lines[0])).not.toContain('hunter2-secret');
  });
});
