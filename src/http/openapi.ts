import { z } from 'zod';
import { taskInputSchema } from '../app/index.ts';
import { runnerPaths, runnerSchemas, runnerSecurityScheme } from './openapi-runners.ts';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => json(ref('Error'), description);
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, description: `${what} id`, schema: { type: 'integer', minimum: 1 } });
const pageParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
];
const common = { '401': err('missing or wrong bearer token (always the same body)'), '500': err('internal error, no detail') };
const write = { ...common, '403': err('a read-only token tried to write') };
const withTask = { ...common, '404': err('no such task') };
const nullable = (type: string, extra: Json = {}) => ({ type: [type, 'null'], ...extra });

// The TaskInput schema is generated from the zod schema the API validates with, so they cannot drift.
function taskInputJsonSchema(partial: boolean): Json {
  const s = z.toJSONSchema(partial ? taskInputSchema.partial() : taskInputSchema, { unrepresentable: 'any' }) as Json;
  delete s.$schema;
  return s;
}

/** The OpenAPI 3 description of every /api route. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'chatcron API', version, description: 'Tasks, runs and the scheduler of one chatcron deployment. Every route needs `Authorization: Bearer <token>`; read-only tokens may only GET.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: {
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'the OpenAPI document'), ...common } } },
      '/api/scheduler': { get: { summary: 'Version, instance, uptime, database, task counts, next wake-up, adapters', responses: { '200': json(ref('Scheduler'), 'scheduler status'), ...common } } },
      '/api/tasks': {
        get: {
          summary: 'List tasks',
          parameters: [
            { name: 'chat', in: 'query', description: 'platform:chatId', schema: { type: 'string' } },
            { name: 'platform', in: 'query', description: 'a platform (telegram, wecom, web…), or `api` for tasks with no chat', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['active', 'paused', 'finished'] } },
            { name: 'mode', in: 'query', schema: { type: 'string', enum: ['message', 'command', 'message+command'] } },
            { name: 'owner', in: 'query', description: "the owner's user id or display name, exactly", schema: { type: 'string' } },
            { name: 'text', in: 'query', description: 'substring of name or content', schema: { type: 'string' } },
            ...pageParams,
          ],
          responses: { '200': json({ type: 'object', required: ['tasks', 'total', 'limit', 'offset'], properties: { tasks: { type: 'array', items: ref('Task') }, total: { type: 'integer', description: 'tasks that match, over all pages' }, limit: { type: 'integer' }, offset: { type: 'integer' } } }, 'tasks'), '400': err('bad query'), ...common },
        },
        post: {
          summary: 'Create a task from text ("every 2 seconds hello") or a structured schedule (cron / every / at)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('TaskInput') } } },
          responses: { '201': json(ref('Task'), 'the new task'), '400': err('invalid input; `field` names the culprit, or bad JSON'), '413': err('body over 64 KiB'), ...write },
        },
      },
      '/api/tasks/{id}': {
        parameters: [idParam('task')],
        get: { summary: 'One task (ETag is its version)', responses: { '200': json(ref('Task'), 'the task'), ...withTask } },
        patch: {
          summary: 'Edit a task; send the version you read in If-Match or as `version`',
          parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'the task version, e.g. "3"' }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('TaskPatch') } } },
          responses: { '200': json(ref('Task'), 'the edited task'), '400': err('invalid input'), '409': err('the task changed since the given version'), '413': err('body over 64 KiB'), ...withTask, ...write },
        },
        delete: { summary: 'Delete a task and its history', responses: { '200': json({ type: 'object', properties: { deleted: { type: 'boolean' }, id: { type: 'integer' } } }, 'deleted'), ...withTask, ...write } },
      },
      '/api/tasks/{id}/pause': { parameters: [idParam('task')], post: { summary: 'Pause', responses: { '200': json(ref('Task'), 'the paused task'), '400': err('the task has finished'), ...withTask, ...write } } },
      '/api/tasks/{id}/resume': { parameters: [idParam('task')], post: { summary: 'Resume from the next slot', responses: { '200': json(ref('Task'), 'the resumed task'), '400': err('no occurrence left'), ...withTask, ...write } } },
      '/api/tasks/{id}/run': { parameters: [idParam('task')], post: { summary: 'Run now (queued; the schedule does not move)', responses: { '202': json(ref('Run'), 'the queued run'), '409': err('being run right now'), ...withTask, ...write } } },
      '/api/tasks/{id}/runs': {
        parameters: [idParam('task')],
        get: {
          summary: 'History, newest first (without output)',
          parameters: pageParams,
          responses: { '200': json({ type: 'object', required: ['total', 'runs'], properties: { taskId: { type: 'integer' }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, runs: { type: 'array', items: ref('Run') } } }, 'runs'), '400': err('bad query'), ...withTask },
        },
      },
      '/api/tasks/{id}/chases': {
        parameters: [idParam('task')],
        get: {
          summary: 'Chases (催单) of a task, newest first, paged',
          parameters: pageParams,
          responses: { '200': json({ type: 'object', properties: { taskId: { type: 'integer' }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, chases: { type: 'array', items: ref('Chase') } } }, 'chases'), '400': err('bad query'), ...withTask },
        },
      },
      '/api/tasks/{id}/done': {
        parameters: [idParam('task')],
        post: {
          summary: 'Close the open occurrence (mark the chase done), recorded as closed from the console by the token\'s name',
          responses: { '200': json({ type: 'object', properties: { taskId: { type: 'integer' }, chaseId: { type: 'integer' }, closedBy: { type: 'string' }, closedAt: { type: 'string', format: 'date-time' }, openForMs: { type: 'integer' } } }, 'closed'), '400': err('nothing open, or closed already'), ...withTask, ...write },
        },
      },
      '/api/tasks/{id}/summary': {
        parameters: [idParam('task')],
        get: {
          summary: 'What a task page shows beside the task: runs by trigger (as the history counts them), the next fire times in the task\'s zone, the open chase, its chains, and which controls apply',
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  taskId: { type: 'integer' },
                  runs: { type: 'object', properties: { all: { type: 'integer' }, scheduled: { type: 'integer', description: 'counts toward maxRuns' }, manual: { type: 'integer' }, retries: { type: 'integer' }, chained: { type: 'integer', description: 'started by another task (then / on failure)' } } },
                  upcoming: { type: 'array', items: { type: 'string', description: 'ISO instant with the task zone\'s offset' }, description: 'empty while the task is paused' },
                  stats: {
                    type: 'object',
                    description: 'over the latest 30 finished runs, oldest first: success rate (skipped runs not counted) and durations, for the task page\'s chart',
                    properties: {
                      window: { type: 'integer' },
                      succeeded: { type: 'integer' },
                      finished: { type: 'integer', description: 'runs counted in the rate' },
                      successRate: nullable('number'),
                      avgDurationMs: nullable('integer'),
                      points: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, status: { type: 'string' }, durationMs: nullable('integer') } } },
                    },
                  },
                  openChase: nullable('object'),
                  chain: {
                    type: 'object',
                    description: 'what this task starts (then / on failure) and which tasks start it; `name` is null when the target no longer exists',
                    properties: {
                      then: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: nullable('string') } },
                      onFailure: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: nullable('string') } },
                      from: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, on: { type: 'string', enum: ['then', 'onFailure'] } } } },
                    },
                  },
                  can: { type: 'object', properties: { pause: { type: 'boolean' }, resume: { type: 'boolean' }, run: { type: 'boolean' }, done: { type: 'boolean' } } },
                },
              },
              'summary',
            ),
            ...withTask,
          },
        },
      },
      '/api/preview': {
        get: {
          summary: 'Read a schedule as creating a task would (text, cron, every or at) and list its next fire times, saving nothing',
          parameters: [
            ...['text', 'cron', 'every', 'at', 'startAt', 'endAt'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
            { name: 'tz', in: 'query', description: 'IANA zone; default: the chat\'s zone, else the configured default', schema: { type: 'string' } },
            { name: 'chat', in: 'query', description: 'platform:chatId the task would belong to', schema: { type: 'string' } },
            { name: 'maxRuns', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 5 } },
          ],
          responses: {
            '200': json({ type: 'object', properties: { kind: { type: 'string' }, expr: { type: 'string' }, tz: { type: 'string' }, description: { type: 'object' }, next: { type: 'array', items: { type: 'string' } }, rest: nullable('string') } }, 'the reading'),
            '400': err('the schedule cannot be read; `error` says why in the reader\'s language'),
            ...common,
          },
        },
      },
      '/api/console': {
        get: {
          summary: 'What the console offers: the token\'s role, the default zone, configured actions and SQL connections, and the chats, platforms and owners that have tasks',
          responses: { '200': json({ type: 'object', properties: { role: { type: 'string', enum: ['admin', 'read'] }, defaultTz: { type: 'string' }, zones: { type: 'object', additionalProperties: { type: 'string' }, description: 'each chat\'s zone ("platform:chatId" → IANA zone): what a task of that chat is read in' }, actions: { type: 'array', items: { type: 'string' } }, connections: { type: 'array', items: { type: 'string' }, description: 'names of the configured SQL connections (never their URLs)' }, platforms: { type: 'array', items: { type: 'string' } }, chats: { type: 'array', items: { type: 'object' } }, owners: { type: 'array', items: { type: 'object' } }, maxMessage: { type: 'integer' } } }, 'choices'), ...common },
        },
      },
      '/api/chat/messages': {
        get: {
          summary: "The console chat's transcript: what was said, the replies, and results and reminders of its tasks, oldest first",
          parameters: [
            { name: 'after', in: 'query', description: 'only messages after this id (poll with the last id seen); without it, the latest `limit`', schema: { type: 'integer', minimum: 0 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 200 } },
          ],
          responses: { '200': json({ type: 'object', properties: { chat: { type: 'string' }, messages: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, kind: { type: 'string', enum: ['said', 'reply', 'result', 'reminder', 'notice'] }, from: nullable('string'), text: { type: 'string' }, at: { type: 'string', format: 'date-time' }, buttons: { type: 'array', description: 'rows of buttons ({label, data, primary}) until one is clicked (POST /api/chat/tap)', items: { type: 'array', items: { type: 'object' } } }, status: { ...nullable('string'), description: 'after a click: who closed, snoozed or skipped it, and when' } } } } } }, 'messages'), '400': err('bad query'), ...common },
        },
      },
      '/api/runs/{id}': { parameters: [idParam('run')], get: { summary: 'One run with its output', responses: { '200': json(ref('Run'), 'the run'), ...common, '404': err('no such run') } } },
      '/api/runs/{id}/stop': {
        parameters: [idParam('run')],
        post: {
          summary: 'Stop a run: a queued one ends `stopped` at once; for a running one the request is stored and the replica holding it kills its process tree (or interrupts its SQL statement) within ~0.5 s and records `stopped` (error: "stopped by <who>"); a remote runner is told at its next output post or heartbeat, and a run whose runner is gone is recorded stopped when the runner lapse passes (`note` says which)',
          responses: {
            '202': json({ allOf: [ref('Run'), { type: 'object', properties: { state: { type: 'string', enum: ['stopping', 'stopped'] }, stoppedBy: { type: 'string' }, note: { type: ['string', 'null'], description: 'for a run on a remote runner: told to kill it, waiting for a runner, or the runner looks gone (in the request language)' } } }] }, 'asked (running) or done (queued)'),
            '409': err('the run is not running'),
            ...write,
            '404': err('no such run'),
          },
        },
      },
      '/api/runs/{id}/output': {
        parameters: [idParam('run')],
        get: {
          summary: 'The live log: a running run\'s output so far (the last 64 KiB, flushed by the replica running it every ~500 ms), then its recorded output',
          responses: {
            '200': json({ type: 'object', properties: { id: { type: 'integer' }, status: { type: 'string' }, running: { type: 'boolean' }, output: nullable('string'), stopRequestedBy: nullable('string') } }, 'the output'),
            ...common,
            '404': err('no such run'),
          },
        },
      },
      '/api/chat': {
        post: {
          summary: 'Send text through the chat command router (the status page chat box)',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 }, lang: { type: 'string', enum: ['en', 'zh'] }, replyTo: { type: 'integer', description: 'the transcript message this answers (a reminder, for "done"); default: the latest reminder or result' } } } } } },
          responses: { '200': json({ type: 'object', properties: { replies: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } } } }, 'the replies'), '400': err('no text'), '501': err('no command router wired'), ...write },
        },
      },
      '/api/chat/tap': {
        post: {
          summary: 'Click a button (Done / Snooze / Skip next) on a line of the console chat: applied once as a tap by the operator; the line loses its buttons and shows who closed it and when',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['line', 'data'], properties: { line: { type: 'integer', description: 'the transcript message id' }, data: { type: 'string', maxLength: 64, description: "the button's data, as /api/chat/messages gives it" } } } } } },
          responses: { '200': json({ type: 'object', properties: { toast: { type: 'string', description: 'what the clicker is told ("Already closed by console at …")' }, line: { type: 'object', description: 'the line as it now reads: buttons, status' } } }, 'the answer'), '400': err('bad body'), '404': err('no such line in the console chat'), '501': err('no chat box wired'), ...write },
        },
      },
      ...runnerPaths,
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, ...runnerSecurityScheme },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, code: { type: 'string' }, field: { type: 'string' } } },
        TaskInput: taskInputJsonSchema(false),
        TaskPatch: { allOf: [taskInputJsonSchema(true), { type: 'object', properties: { version: { type: 'integer' } } }] },
        Task: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            content: { type: 'string' },
            chat: nullable('object'),
            owner: nullable('object'),
            mode: { type: 'string', enum: ['message', 'command', 'message+command'] },
            action: nullable('object'),
            schedule: { type: 'object', properties: { kind: { type: 'string', enum: ['cron', 'every', 'once'] }, expr: { type: 'string' }, tz: { type: 'string' }, text: { type: 'string' } } },
            window: { type: 'object' },
            status: { type: 'string', enum: ['active', 'paused', 'finished'] },
            policies: { type: 'object' },
            notifyUrls: { type: 'array', items: { type: 'string' } },
            chase: nullable('object'),
            nextRunAt: nullable('string', { format: 'date-time' }),
            runCount: { type: 'integer' },
            version: { type: 'integer' },
            createdBy: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            runOn: nullable('string', { description: 'runner label: the action runs on a remote runner' }),
            jitterMs: { type: 'integer', description: 'each start is delayed by up to this, the same on every replica' },
            then: nullable('integer', { description: 'task run when a run of this one succeeds' }),
            onFailure: nullable('integer', { description: 'task run when a run of this one fails for good' }),
            closers: { type: 'string', enum: ['owner', 'admins', 'anyone'], description: 'who may close an occurrence (Done / Snooze / Skip buttons, /done)' },
            description: { type: 'object', description: 'the schedule in plain words', properties: { en: { type: 'string' }, zh: { type: 'string' } } },
            lastRun: { type: ['object', 'null'], description: 'only in lists: the latest run', properties: { id: { type: 'integer' }, status: { type: 'string' }, scheduledFor: { type: 'string' }, finishedAt: nullable('string') } },
          },
        },
        Run: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            taskId: { type: 'integer' },
            scheduledFor: { type: 'string', format: 'date-time' },
            trigger: { type: 'string', enum: ['schedule', 'manual', 'retry', 'chain'] },
            attempt: { type: 'integer' },
            status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'skipped', 'interrupted', 'stopped'] },
            dueAt: nullable('string', { format: 'date-time', description: 'when a queued run may start (its scheduled instant plus the task\'s jitter)' }),
            startedAt: nullable('string', { format: 'date-time' }),
            finishedAt: nullable('string', { format: 'date-time' }),
            durationMs: nullable('integer'),
            exitCode: nullable('integer'),
            error: nullable('string'),
            message: nullable('string'),
            instance: nullable('string', { description: 'the service instance that ran it' }),
            runOn: nullable('string'),
            runner: nullable('string', { description: 'the remote runner that took it' }),
            parentRunId: nullable('integer', { description: 'for chained runs: the run whose end started it' }),
            parentTaskId: nullable('integer', { description: 'only in history lists (GET /api/tasks/{id}/runs): the task of parentRunId' }),
            output: nullable('string', { description: 'only on GET /api/runs/{id}' }),
          },
        },
        Chase: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            scheduledFor: { type: 'string', format: 'date-time' },
            openedAt: { type: 'string', format: 'date-time' },
            nextChaseAt: nullable('string', { format: 'date-time' }),
            count: { type: 'integer' },
            open: { type: 'boolean' },
            closedAt: nullable('string', { format: 'date-time' }),
            closedBy: nullable('string'),
            closeReason: nullable('string'),
          },
        },
        ...runnerSchemas,
        Scheduler: {
          type: 'object',
          properties: {
            version: { type: 'string' },
            instanceId: { type: 'string' },
            uptimeMs: { type: 'integer' },
            ready: { type: 'boolean' },
            running: { type: 'integer' },
            nextWakeAt: nullable('string', { format: 'date-time' }),
            database: { type: 'object', properties: { dialect: { type: 'string', enum: ['sqlite', 'mysql', 'postgres'] } } },
            tasks: { type: 'object', additionalProperties: { type: 'integer' } },
            adapters: { type: 'array', items: { type: 'object', properties: { platform: { type: 'string' }, ok: { type: 'boolean' }, detail: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
