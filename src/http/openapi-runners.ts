type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => json(ref('Error'), description);
const body = (schema: Json) => ({ required: true, content: { 'application/json': { schema } } });
const runnerAuth = [{ runnerToken: [] }];
const runParam = { name: 'id', in: 'path', required: true, description: 'run id', schema: { type: 'integer', minimum: 1 } };

/** The runner admin routes (API token) and the runner protocol (each runner's own token). */
export const runnerPaths: Json = {
  '/api/runners': {
    get: { summary: 'Runners with state (online | offline | revoked), labels, version and last heartbeat', responses: { '200': json({ type: 'object', properties: { runners: { type: 'array', items: ref('Runner') } } }, 'runners'), '401': err('missing or wrong bearer token') } },
    post: {
      summary: 'Add a runner; its token is in this answer only (the server keeps a hash)',
      requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } } } }),
      responses: { '201': json({ type: 'object', properties: { name: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } }, token: { type: 'string' } } }, 'the runner and its token'), '400': err('bad name or label'), '403': err('not an admin token'), '409': err('the name is taken') },
    },
  },
  '/api/runners/{name}/revoke': {
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
    post: { summary: 'Revoke a runner: its token is refused at once; its running work is interrupted and retried per policy', responses: { '200': json({ type: 'object' }, 'revoked'), '403': err('not an admin token'), '404': err('no such runner') } },
  },
  '/runner/poll': {
    post: {
      summary: 'Runner long poll: waits up to waitMs for a run of its labels and takes it (a poll is a heartbeat)',
      security: runnerAuth,
      requestBody: body({ type: 'object', properties: { labels: { type: 'array', items: { type: 'string' }, description: 'a subset of the granted labels' }, waitMs: { type: 'integer', maximum: 60000 }, version: { type: 'string' }, host: { type: 'string' }, name: { type: 'string', description: 'checked against the token' } } }),
      responses: { '200': json({ type: 'object', properties: { job: { oneOf: [ref('RunnerJob'), { type: 'null' }] }, heartbeatMs: { type: 'integer' } } }, 'a job, or null after waitMs'), '401': err('unknown, wrong or revoked token'), '403': err('a label not granted, or another runner\'s name') },
    },
  },
  '/runner/heartbeat': {
    post: {
      summary: 'Runner heartbeat while busy; names the runs it executes, and is told which to stop (asked to stop by an operator or chat, ended by the server past their timeout, or taken back)',
      security: runnerAuth,
      requestBody: body({ type: 'object', properties: { runs: { type: 'array', items: { type: 'integer' } } } }),
      responses: { '200': json({ type: 'object', properties: { ok: { type: 'boolean' }, heartbeatMs: { type: 'integer' }, stop: { type: 'array', items: { type: 'integer' }, description: 'runs to kill: asked to stop (their result is recorded stopped), or no longer this runner\'s' } } }, 'alive'), '401': err('unknown, wrong or revoked token') },
    },
  },
  '/runner/runs/{id}/output': {
    parameters: [runParam],
    post: { summary: 'Live output of a run this runner holds (appended, the tail kept)', security: runnerAuth, requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } }), responses: { '200': json({ type: 'object', properties: { ok: { type: 'boolean' }, stop: { type: 'boolean', description: 'someone asked to stop this run: kill it and report (recorded stopped)' } } }, 'stored'), '401': err('token'), '409': err('not a run this runner holds') } },
  },
  '/runner/runs/{id}/result': {
    parameters: [runParam],
    post: {
      summary: 'The end of a run this runner holds; recorded like a local run (chat, history, retries, chains)',
      security: runnerAuth,
      requestBody: body({ type: 'object', required: ['status', 'exitCode', 'durationMs', 'output', 'error'], properties: { status: { type: 'string', enum: ['succeeded', 'failed', 'timed_out'] }, exitCode: { type: ['integer', 'null'] }, durationMs: { type: 'integer' }, output: { type: ['string', 'null'] }, error: { type: ['string', 'null'] } } }),
      responses: { '200': json({ type: 'object' }, 'recorded'), '401': err('token'), '409': err('not a run this runner holds (taken back after a lapse)') },
    },
  },
};

/** Schemas the runner routes use. */
export const runnerSchemas: Json = {
  Runner: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      labels: { type: 'array', items: { type: 'string' } },
      state: { type: 'string', enum: ['online', 'offline', 'revoked'] },
      lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
      version: { type: ['string', 'null'] },
      host: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
    },
  },
  RunnerJob: {
    type: 'object',
    properties: {
      runId: { type: 'integer' },
      taskId: { type: 'integer' },
      taskName: { type: 'string' },
      action: { type: 'object', description: '{"name": …}: resolved in the runner\'s own configuration; anything else is refused by the runner' },
      timeoutMs: { type: 'integer' },
      scheduledFor: { type: 'string', format: 'date-time' },
      attempt: { type: 'integer' },
      label: { type: 'string' },
    },
  },
};

/** The runner token scheme. */
export const runnerSecurityScheme: Json = { runnerToken: { type: 'http', scheme: 'bearer', description: 'a runner token from `chatcron runners add` (ccr.<id>.<secret>)' } };
