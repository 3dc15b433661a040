import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from './service.ts';

// What a client of /api sees at the edges: a path that is no route, an id that is not written
// as one, and a body that asks for two incompatible things.

describe('the REST API at its edges', () => {
  let s: Awaited<ReturnType<typeof startTestService>>;
  beforeAll(async () => {
    s = await startTestService({ config: { actions: { disk: ['df', '-h'] } } as never });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 with a JSON error to unknown /api routes, whatever the method', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/tasks/1/nonsense'],
      ['POST', '/api/unknown'],
      ['DELETE', '/api/whatever/2'],
    ] as const) {
      const r = await s.call(method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(r.json.error, `${method} ${path}`).toMatch(/no such route/);
    }
  });

  it('reads ids strictly: hex, exponents, leading zeros, signs and decimals are not task 16 or 1000', async () => {
    const made: number[] = [];
    // Enough tasks that 16 exists, so that 0x10 being task 16 would show.
    for (let i = 0; i < 16; i++) made.push((await s.call('POST', '/api/tasks', { body: { name: `t${i}`, every: '1h' } })).json.id);
    expect(made).toContain(16);
    expect((await s.call('GET', '/api/tasks/16')).status).toBe(200);
    for (const id of ['0x10', '1e1', '016', '-1', '16.0', '+16', '0', ' 16', '0b10', '1_6', '99999999999999999999']) {
      for (const [method, path] of [
        ['GET', `/api/tasks/${encodeURIComponent(id)}`],
        ['PATCH', `/api/tasks/${encodeURIComponent(id)}`],
        ['POST', `/api/tasks/${encodeURIComponent(id)}/pause`],
        ['GET', `/api/tasks/${encodeURIComponent(id)}/runs`],
        ['GET', `/api/runs/${encodeURIComponent(id)}`],
      ] as const) {
        const r = await s.call(method, path, method === 'PATCH' ? { body: { name: 'renamed' } } : {});
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.json.code, `${method} ${path}`).toBe('not_found');
      }
    }
    expect((await s.call('GET', '/api/tasks/16')).json.name).toBe('t15');
    expect((await s.call('GET', '/api/tasks/16')).json.status).toBe('active');
  });

  it('refuses a task with both an action and a command, on create and on edit', async () => {
    const both = { name: 'both', every: '1h', action: 'disk', command: ['rm', '-rf', '/tmp/x'] };
    const created = await s.call('POST', '/api/tasks', { body: both });
    expect(created.status).toBe(400);
    expect(created.json.field).toBe('command');
    expect(created.json.error).toMatch(/either .*action.* or .*command.*, not both/i);
    const zh = await s.call('POST', '/api/tasks?lang=zh', { body: both });
    expect(zh.json.error).toMatch(/action.*command/);
    expect(zh.json.error).toMatch(/不能同时/);
    const t = (await s.call('POST', '/api/tasks', { body: { name: 'one', every: '1h', action: 'disk' } })).json;
    const edited = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { action: 'disk', command: ['true'] } });
    expect(edited.status).toBe(400);
    expect(edited.json.field).toBe('command');
    const after = (await s.call('GET', `/api/tasks/${t.id}`)).json;
    expect(after.version).toBe(t.version);
  });
});
