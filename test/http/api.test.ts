import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, createRouter } from '../../src/http/index.ts';
import * as store from '../../src/store/index.ts';
import { ADMIN, READER, startTestService, waitFor } from './service.ts';

type TestService = Awaited<ReturnType<typeof startTestService>>;

describe('REST API on a running service', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(async () => {
    await s?.close();
  });

  const create = async (body: unknown) => {
    const r = await s.call('POST', '/api/tasks', { body });
    expect(r.status, r.text).toBe(201);
    return r.json;
  };

  describe('health', () => {
    it('answers /healthz while alive', async () => {
      const r = await s.call('GET', '/healthz', { token: null });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ ok: true });
    });

    it('answers /readyz with 200 once the database is migrated and the scheduler ticks', async () => {
      const r = await waitFor(async () => {
        const x = await s.call('GET', '/readyz', { token: null });
        return x.status === 200 && x;
      });
      expect(r.json.ok).toBe(true);
    });
  });

  describe('authentication', () => {
    it('answers 401 with one and the same body to a missing, wrong or malformed token, also on unknown paths', async () => {
      const answers = await Promise.all([
        s.call('GET', '/api/tasks', { token: null }),
        s.call('GET', '/api/tasks', { token: 'not-the-token-at-all-000000' }),
        s.call('GET', '/api/tasks', { token: null, headers: { authorization: `Basic ${ADMIN}` } }),
        s.call('GET', '/api/tasks', { token: `${ADMIN}x` }),
        s.call('GET', '/api/no-such-route', { token: null }),
        s.call('GET', '/api/openapi.json', { token: null }),
      ]);
      for (const a of answers) {
        expect(a.status).toBe(401);
        expect(a.text).toBe(answers[0].text);
        expect(a.headers.get('www-authenticate')).toBe('Bearer');
      }
      expect(answers[0].json).toEqual({ error: 'unauthorized' });
    });

    it('lets a read-only token read but answers 403 to every write', async () => {
      const t = await create({ name: 'read-only probe', every: '1h', content: 'x' });
      expect((await s.call('GET', '/api/tasks', { token: READER })).status).toBe(200);
      expect((await s.call('GET', `/api/tasks/${t.id}`, { token: READER })).status).toBe(200);
      const writes = [
        s.call('POST', '/api/tasks', { token: READER, body: { name: 'no', every: '1h' } }),
        s.call('PATCH', `/api/tasks/${t.id}`, { token: READER, body: { name: 'no' } }),
        s.call('DELETE', `/api/tasks/${t.id}`, { token: READER }),
        s.call('POST', `/api/tasks/${t.id}/pause`, { token: READER }),
        s.call('POST', `/api/tasks/${t.id}/run`, { token: READER }),
        s.call('POST', '/api/chat', { token: READER, body: { text: '/list' } }),
      ];
      for (const w of await Promise.all(writes)) expect(w.status).toBe(403);
      expect((await s.call('GET', `/api/tasks/${t.id}`)).json.name).toBe('read-only probe');
    });
  });

  describe('tasks', () => {
    it('creates a task from text read exactly as a chat message would be', async () => {
      const r = await s.call('POST', '/api/tasks', { body: { name: 'hello', text: 'every 2 seconds hello' } });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ name: 'hello', content: 'hello', status: 'active', schedule: { kind: 'every', expr: '2s', text: 'every 2 seconds hello' } });
      expect(r.headers.get('location')).toBe(`/api/tasks/${r.json.id}`);
      expect(r.json.description.en).toMatch(/2 seconds/);
    });

    it('creates a task from a structured schedule with the fields of the task input', async () => {
      const t = await create({ name: 'cron task', cron: '30 9 * * 1-5', tz: 'Asia/Shanghai', content: 'standup', chat: { platform: 'telegram', chatId: '-100' }, retries: 2 });
      expect(t).toMatchObject({ schedule: { kind: 'cron', expr: '30 9 * * 1-5', tz: 'Asia/Shanghai' }, chat: { platform: 'telegram', chatId: '-100' }, policies: { retries: 2 } });
      expect(Date.parse(t.nextRunAt)).toBeGreaterThan(Date.now());
    });

    it('answers 400 naming the field and the reason for invalid input', async () => {
      const bad = await s.call('POST', '/api/tasks', { body: { name: 'x', every: 'soon' } });
      expect(bad.status).toBe(400);
      expect(bad.json.field).toBe('every');
      expect(bad.json.error).toMatch(/duration/);
      const unknown = await s.call('POST', '/api/tasks', { body: { name: 'x', every: '1h', colour: 'red' } });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error).toMatch(/colour/);
      const two = await s.call('POST', '/api/tasks', { body: { name: 'x', every: '1h', cron: '* * * * *' } });
      expect(two.status).toBe(400);
      expect(two.json.field).toBe('schedule');
      const text = await s.call('POST', '/api/tasks', { body: { text: 'yesterday at 9 say hi' } });
      expect(text.status).toBe(400);
      expect(text.json.field).toBe('text');
    });

    it('answers 400 to a body that is not JSON or not an object', async () => {
      const r = await s.call('POST', '/api/tasks', { raw: '{"name": ' });
      expect(r.status).toBe(400);
      expect(r.json.field).toBe('body');
      expect(r.json.error).toMatch(/not valid JSON/);
      const arr = await s.call('POST', '/api/tasks', { raw: '[1,2]' });
      expect(arr.status).toBe(400);
      expect(arr.json.field).toBe('body');
    });

    it('answers 413 to a body over 64 KiB', async () => {
      const r = await s.call('POST', '/api/tasks', { body: { name: 'big', every: '1h', content: 'x'.repeat(70 * 1024) } });
      expect(r.status).toBe(413);
      expect(r.json.error).toMatch(/larger than/);
    });

    it('lists tasks filtered by chat, status and text, with paging', async () => {
      const a = await create({ name: 'filter alpha', every: '1h', content: 'needle one', chat: { platform: 'wecom', chatId: 'room-1' } });
      const b = await create({ name: 'filter beta', every: '1h', content: 'needle two', chat: { platform: 'wecom', chatId: 'room-1' } });
      await create({ name: 'filter gamma', every: '1h', content: 'other', chat: { platform: 'wecom', chatId: 'room-2' } });
      await s.call('POST', `/api/tasks/${b.id}/pause`);
      const ids = (r: { json: { tasks: { id: number }[] } }) => r.json.tasks.map((t) => t.id);
      expect(ids(await s.call('GET', '/api/tasks?chat=wecom:room-1'))).toEqual([a.id, b.id]);
      expect(ids(await s.call('GET', '/api/tasks?chat=wecom:room-1&status=paused'))).toEqual([b.id]);
      expect(ids(await s.call('GET', '/api/tasks?text=needle'))).toEqual([a.id, b.id]);
      const page = await s.call('GET', '/api/tasks?text=needle&limit=1&offset=1');
      expect(page.json).toMatchObject({ limit: 1, offset: 1 });
      expect(ids(page)).toEqual([b.id]);
    });

    it('answers 400 naming the query parameter for bad filters', async () => {
      for (const [q, field] of [
        ['status=sleeping', 'status'],
        ['limit=0', 'limit'],
        ['offset=-1', 'offset'],
        ['chat=nocolon', 'chat'],
      ]) {
        const r = await s.call('GET', `/api/tasks?${q}`);
        expect(r.status, q).toBe(400);
        expect(r.json.field).toBe(field);
      }
    });

    it('reads one task with its version as ETag, and answers 404 to unknown ids', async () => {
      const t = await create({ name: 'one', every: '1h' });
      const r = await s.call('GET', `/api/tasks/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toBe(`"${t.version}"`);
      for (const id of ['999999', 'abc', '0']) {
        const nf = await s.call('GET', `/api/tasks/${id}`);
        expect(nf.status, id).toBe(404);
        expect(nf.json.code).toBe('not_found');
      }
      expect((await s.call('PATCH', '/api/tasks/999999', { body: { name: 'x' } })).status).toBe(404);
      expect((await s.call('POST', '/api/tasks/999999/pause')).status).toBe(404);
      expect((await s.call('GET', '/api/tasks/999999/runs')).status).toBe(404);
      expect((await s.call('GET', '/api/runs/999999')).status).toBe(404);
    });

    it('edits with the version read in If-Match, and answers 409 when it moved', async () => {
      const t = await create({ name: 'edit me', every: '1h' });
      const ok = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { name: 'edited' }, headers: { 'if-match': `"${t.version}"` } });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ name: 'edited', version: t.version + 1 });
      const stale = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { name: 'lost update' }, headers: { 'if-match': `"${t.version}"` } });
      expect(stale.status).toBe(409);
      expect(stale.json.code).toBe('conflict');
      const staleBody = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { name: 'lost update', version: t.version } });
      expect(staleBody.status).toBe(409);
      const fresh = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { every: '2h', version: t.version + 1 } });
      expect(fresh.status).toBe(200);
      expect(fresh.json.schedule.expr).toBe('2h');
      expect((await s.call('GET', `/api/tasks/${t.id}`)).json.name).toBe('edited');
    });

    it('answers 400 to a PATCH with a bad field or a bad version', async () => {
      const t = await create({ name: 'patch errors', every: '1h' });
      const bad = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { retries: 'many' } });
      expect(bad.status).toBe(400);
      expect(bad.json.field).toBe('retries');
      const badHeader = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { name: 'x' }, headers: { 'if-match': 'yesterday' } });
      expect(badHeader.status).toBe(400);
      expect(badHeader.json.field).toBe('If-Match');
      const badVersion = await s.call('PATCH', `/api/tasks/${t.id}`, { body: { name: 'x', version: 'one' } });
      expect(badVersion.status).toBe(400);
      expect(badVersion.json.field).toBe('version');
    });

    it('pauses, resumes and deletes a task', async () => {
      const t = await create({ name: 'lifecycle', every: '1h' });
      const p = await s.call('POST', `/api/tasks/${t.id}/pause`);
      expect(p.status).toBe(200);
      expect(p.json.status).toBe('paused');
      const r = await s.call('POST', `/api/tasks/${t.id}/resume`);
      expect(r.status).toBe(200);
      expect(r.json.status).toBe('active');
      const d = await s.call('DELETE', `/api/tasks/${t.id}`);
      expect(d.status).toBe(200);
      expect(d.json).toEqual({ deleted: true, id: t.id });
      expect((await s.call('GET', `/api/tasks/${t.id}`)).status).toBe(404);
      expect((await s.call('DELETE', `/api/tasks/${t.id}`)).status).toBe(404);
    });

    it('runs a task now and shows the run in its paged history and with its output by id', async () => {
      const t = await create({ name: 'run me', every: '1h', content: 'ping' });
      for (let i = 0; i < 3; i++) {
        const q = await s.call('POST', `/api/tasks/${t.id}/run`);
        expect(q.status).toBe(202);
        expect(q.json).toMatchObject({ taskId: t.id, trigger: 'manual' });
        await waitFor(async () => (await s.call('GET', `/api/runs/${q.json.id}`)).json.status !== 'queued', 10_000, 'the manual run to start');
      }
      const h = await waitFor(async () => {
        const x = await s.call('GET', `/api/tasks/${t.id}/runs?limit=2`);
        return x.json.total === 3 && x.json.runs.every((r: { finishedAt: string | null }) => r.finishedAt) && x;
      }, 10_000, 'three finished runs');
      expect(h.json).toMatchObject({ taskId: t.id, total: 3, limit: 2, offset: 0 });
      expect(h.json.runs).toHaveLength(2);
      expect(h.json.runs[0]).not.toHaveProperty('output');
      const rest = await s.call('GET', `/api/tasks/${t.id}/runs?limit=2&offset=2`);
      expect(rest.json.runs).toHaveLength(1);
      expect(new Set([...h.json.runs, ...rest.json.runs].map((r: { id: number }) => r.id)).size).toBe(3);
      const one = await s.call('GET', `/api/runs/${h.json.runs[0].id}`);
      expect(one.status).toBe(200);
      expect(one.json).toHaveProperty('output');
      expect(one.json.status).toBe('succeeded');
      expect((await s.call('GET', `/api/tasks/${t.id}/runs?limit=9999`)).status).toBe(400);
    });

    it('lists a task\'s chases (none for a task without a chase policy)', async () => {
      const t = await create({ name: 'chasable', every: '1h', chase: { every: '15m' } });
      const r = await s.call('GET', `/api/tasks/${t.id}/chases`);
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ taskId: t.id, total: 0, limit: 20, offset: 0, chases: [] });
    });
  });

  describe('scheduler, chat and metrics', () => {
    it('describes the scheduler: version, instance, uptime, database, counts, next wake-up, adapters', async () => {
      const r = await s.call('GET', '/api/scheduler', { token: READER });
      expect(r.status).toBe(200);
      expect(r.json.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.json.instanceId).toBe(s.svc.engine.instanceId);
      expect(r.json.uptimeMs).toBeGreaterThan(0);
      expect(r.json.database).toEqual({ dialect: 'sqlite' });
      expect(r.json.tasks.active).toBeGreaterThan(0);
      expect(Date.parse(r.json.nextWakeAt)).toBeGreaterThan(0);
      expect(r.json.adapters).toEqual(s.svc.adapters.map((a) => ({ platform: a.platform, ...a.health() })));
    });

    it('sends /api/chat text through the command router as the status page chat, and answers 400 without text', async () => {
      const r = await s.call('POST', '/api/chat', { body: { text: 'every 5 minutes water the plants' } });
      expect(r.status).toBe(200);
      expect(r.json.replies.length).toBeGreaterThan(0);
      expect(r.json.replies.map((x: { text: string }) => x.text).join('\n')).toMatch(/water the plants/);
      const tasks = (await s.call('GET', '/api/tasks?chat=web:status-page')).json.tasks;
      expect(tasks.map((t: { content: string }) => t.content)).toContain('water the plants');
      const empty = await s.call('POST', '/api/chat', { body: { text: '  ' } });
      expect(empty.status).toBe(400);
      expect(empty.json.field).toBe('text');
    });

    it('exports runs by status, fire lag, due backlog, outbox and adapter gauges in Prometheus format', async () => {
      await create({ name: 'lag probe', every: '1s', content: 'tick' });
      const db = s.svc.database.db;
      const now = Date.now();
      // One message waiting (an hour from now, so no relay takes it) and one failed for good.
      await store.enqueueOutbox(db, { targetKind: 'chat', platform: 'nowhere', target: 'later', body: '{}', dedupeKey: 'metrics-later', now, notBefore: now + 3_600_000 });
      await store.enqueueOutbox(db, { targetKind: 'chat', platform: 'nowhere', target: 'broken', body: '{}', dedupeKey: 'metrics-broken', now, notBefore: now + 3_600_000 });
      const broken = (await store.listOutbox(db, 'broken'))[0];
      await store.failOutbox(db, broken.id, 'refused');
      const text = await waitFor(async () => {
        const m = await s.call('GET', '/metrics', { token: null });
        const count = /^chatcron_fire_lag_seconds_count (\d+)/m.exec(m.text);
        return count && Number(count[1]) >= 1 && m.text;
      }, 10_000, 'a scheduled fire');
      expect(text).toMatch(/^chatcron_runs_total\{status="succeeded"\} [1-9]\d*$/m);
      expect(text).toMatch(/^chatcron_due_backlog \d+$/m);
      expect(text).toMatch(/^chatcron_outbox_backlog 1$/m);
      expect(text).toMatch(/^chatcron_outbox_failed 1$/m);
      for (const a of s.svc.adapters) expect(text).toContain(`chatcron_adapter_error{platform="${a.platform}"} 0`);
      // No default process metrics: the registry is the service's own, not prom-client's global one.
      expect(text).not.toMatch(/process_cpu/);
    });
  });

  describe('OpenAPI document', () => {
    it('is a structurally valid OpenAPI 3 document whose references all resolve', async () => {
      const doc = (await s.call('GET', '/api/openapi.json', { token: READER })).json;
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(typeof doc.info.title).toBe('string');
      expect(typeof doc.info.version).toBe('string');
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
      const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
      for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
        expect(path.startsWith('/')).toBe(true);
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        for (const [key, op] of Object.entries<any>(item)) {
          if (key === 'parameters') continue;
          expect(methods.has(key), `${path} ${key}`).toBe(true);
          const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
          for (const p of params) {
            expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
            expect(typeof p.name).toBe('string');
            if (p.in === 'path') expect(p.required).toBe(true);
          }
          for (const name of templated) expect(params.some((p) => p.in === 'path' && p.name === name), `${path} declares {${name}}`).toBe(true);
          expect(Object.keys(op.responses).length).toBeGreaterThan(0);
          for (const [code, res] of Object.entries<any>(op.responses)) {
            expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
            expect(typeof res.description).toBe('string');
          }
        }
      }
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) {
        const target = r.slice(8, -1);
        expect(target.startsWith('#/')).toBe(true);
        const found = target.slice(2).split('/').reduce<any>((o, k) => o?.[k], doc);
        expect(found, target).toBeDefined();
      }
    });

    it('documents every /api route the router has, and nothing it does not', async () => {
      const doc = (await s.call('GET', '/api/openapi.json')).json;
      // The runner protocol (/runner/*, runner tokens) is documented in the same document.
      const router = createRouter({ adapters: [], log: console, ready: async () => ({ ok: true }), app: s.svc.app, runners: { hub: {} as never } });
      const registered = new Set<string>();
      for (const layer of router.stack) {
        const path = String(layer.path);
        if (!(path.startsWith('/api') || path.startsWith('/runner/')) || layer.methods.length === 0) continue;
        for (const m of layer.methods) if (m !== 'HEAD') registered.add(`${m.toLowerCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
      }
      const documented = new Set<string>();
      for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) for (const k of Object.keys(item)) if (k !== 'parameters') documented.add(`${k} ${path}`);
      expect(registered.size).toBeGreaterThanOrEqual(13);
      expect([...documented].sort()).toEqual([...registered].sort());
    });
  });
});

describe('API token when none is configured', () => {
  it('is generated once, stored, accepted, and not reported as new on the next start', async () => {
    const first = await startTestService({ config: { apiTokens: [] } });
    let second: Awaited<ReturnType<typeof startTestService>> | undefined;
    try {
      const token = first.svc.apiAccess.generated!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await first.call('GET', '/api/tasks', { token })).status).toBe(200);
      expect((await first.call('GET', '/api/tasks', { token: ADMIN })).status).toBe(401);
      await first.svc.close(1000);
      second = await startTestService({ config: { apiTokens: [] }, url: first.dbUrl });
      expect(second.svc.apiAccess.generated).toBeUndefined();
      expect(second.svc.apiAccess.tokens.map((t) => t.token)).toEqual([token]);
      expect((await second.call('GET', '/api/scheduler', { token })).status).toBe(200);
    } finally {
      await second?.svc.close(1000);
      await first.close();
    }
  });
});

describe('readiness and unexpected errors', () => {
  it('answers /readyz with 503 when the database does not answer', async () => {
    const s = await startTestService();
    try {
      await s.svc.database.db.destroy();
      const r = await s.call('GET', '/readyz', { token: null });
      expect(r.status).toBe(503);
      expect(r.json.ok).toBe(false);
    } finally {
      await s.svc.close(500).catch(() => {});
    }
  });

  it('answers 501 on /api/chat when the HTTP layer was given no chat function', async () => {
    const s = await startTestService();
    const koa = createHttpApp({ adapters: [], log: console, ready: async () => ({ ok: true }), app: s.svc.app, tokens: [{ token: ADMIN, role: 'admin' }] });
    const server = http.createServer(koa.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"text":"/list"}' });
      expect(res.status).toBe(501);
      expect((await res.json()).error).toMatch(/not wired/);
    } finally {
      server.close();
      await s.close();
    }
  });

  it('answers 500 without detail to an unexpected error and logs it exactly once', async () => {
    const logged: object[] = [];
    const koa = createHttpApp({
      adapters: [],
      log: { info: () => {}, error: (o) => logged.push(o) },
      ready: async () => ({ ok: true }),
      extraRoutes: [(r) => r.get('/boom', () => { throw new Error('secret detail from a bug'); })],
    });
    const server = http.createServer(koa.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error' });
      expect(text).not.toContain('secret detail');
      expect(logged).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
