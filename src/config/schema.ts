import { z } from 'zod';
import { limitsSchema } from './limits.ts';

const argv = z.array(z.string().min(1)).min(1);
const actionSchema = z.union([
  argv,
  z.object({
    argv,
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    timeoutMs: z.number().int().positive().optional(),
  }),
]);

/** A custom group bot's webhook and, when it signs, its secret. */
const robotSchema = z.object({ webhook: z.string().url(), secret: z.string().optional() }).strict();

const duration = z.string().regex(/^(\d+(ms|s|m|h|d))+$/, 'a duration such as 1s, 30s, 1m or 1h');

/** The whole configuration, from chatcron.config.json and the environment. */
export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().default('0.0.0.0'),
  databaseUrl: z.string().regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/|postgres(ql)?:\/\/)/, 'sqlite:<path>, mysql://user:pass@host:port/db or postgres://user:pass@host:port/db').default('sqlite:./data/chatcron.db'),
  /** The store's connections (MySQL and PostgreSQL; SQLite has none). */
  database: z
    .object({
      /** Connections in the pool, per process (CHATCRON_DB_POOL_SIZE). */
      poolSize: z.coerce.number().int().min(1).max(200).default(10),
      /** PostgreSQL: the server cancels a statement running longer, in ms; 0 = no limit (CHATCRON_DB_STATEMENT_TIMEOUT_MS). */
      statementTimeoutMs: z.coerce.number().int().min(0).max(3_600_000).default(0),
      /** PostgreSQL TLS: off, require (encrypted, server not verified) or verify (against the system's CAs) (CHATCRON_DB_SSL). The URL's sslmode= works too. */
      ssl: z.enum(['off', 'require', 'verify']).optional(),
    })
    .strict()
    .default({ poolSize: 10, statementTimeoutMs: 0 }),
  /** One admin API token (CHATCRON_API_TOKEN). */
  apiToken: z.string().min(16, 'at least 16 characters').optional(),
  /** Several tokens with roles. */
  apiTokens: z.array(z.object({ token: z.string().min(16, 'at least 16 characters'), role: z.enum(['admin', 'read']), name: z.string().optional() })).default([]),
  tz: z.string().default('UTC'),
  /** Shortest interval a chat may ask for, for tasks and chases. */
  minInterval: duration.default('1m'),
  pollIntervalMs: z.coerce.number().int().min(50).max(30_000).default(1000),
  /** SIGTERM: how long running commands get to finish before they are stopped and recorded interrupted (CHATCRON_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** How long a starting service waits for a database that does not answer, retrying, before it gives up (CHATCRON_STARTUP_WAIT_MS). */
  startupWaitMs: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How often each instance writes its heartbeat and looks for dead peers' runs (CHATCRON_HEARTBEAT_MS). */
  heartbeatMs: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Heartbeat lapse after which another replica takes over a silent one's runs (CHATCRON_LAPSE_MS). */
  instanceLapseMs: z.coerce.number().int().min(500).max(300_000).default(4000),
  retention: z.object({ maxRuns: z.number().int().min(1).default(100), maxAgeDays: z.number().min(0).default(30) }).default({ maxRuns: 100, maxAgeDays: 30 }),
  /** Named commands chat users may run: { "disk": ["df", "-h"] }. */
  actions: z.record(z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash'), actionSchema).default({}),
  /** Platform user ids that are admins: { "telegram": ["12345"] }. */
  admins: z.record(z.string(), z.array(z.string())).default({}),
  exec: z
    .object({
      cwd: z.string().optional(),
      env: z.record(z.string(), z.string()).default({}),
      outputLimitBytes: z.number().int().min(1024).max(60_000).default(60_000),
      defaultTimeoutMs: z.number().int().positive().default(300_000),
    })
    .default({ env: {}, outputLimitBytes: 60_000, defaultTimeoutMs: 300_000 }),
  /** Values masked in anything posted or stored. */
  secrets: z.array(z.string()).default([]),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  telegram: z.object({ botToken: z.string().optional(), apiRoot: z.string().url().optional(), webhookSecret: z.string().optional() }).default({}),
  wecom: z
    .object({
      corpId: z.string().optional(),
      agentId: z.string().optional(),
      secret: z.string().optional(),
      token: z.string().optional(),
      aesKey: z.string().optional(),
      apiBase: z.string().url().optional(),
      botToken: z.string().optional(),
      botAesKey: z.string().optional(),
    })
    .default({}),
  slack: z.object({ botToken: z.string().optional(), signingSecret: z.string().optional(), appToken: z.string().optional(), apiBase: z.string().url().optional() }).default({}),
  feishu: z
    .object({
      appId: z.string().optional(),
      appSecret: z.string().optional(),
      verificationToken: z.string().optional(),
      encryptKey: z.string().optional(),
      apiBase: z.string().url().optional(),
      /** Send-only custom group bots by name (the chat id of platform `feishu-robot`). */
      robots: z.record(z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash'), robotSchema).default({}),
    })
    .default({ robots: {} }),
  dingtalk: z
    .object({
      appKey: z.string().optional(),
      appSecret: z.string().optional(),
      apiBase: z.string().url().optional(),
      /** Send-only custom group robots by name (the chat id of platform `dingtalk-robot`). */
      robots: z.record(z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash'), robotSchema).default({}),
    })
    .default({ robots: {} }),
  limits: limitsSchema,
  wechaty: z.object({ puppet: z.string().optional(), puppetToken: z.string().optional() }).default({}),
  /** SQL tasks: named connections (read-only unless write), the row and byte caps and the rows shown in chat. */
  sql: z
    .object({
      connections: z.record(z.string().regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash'), z.object({ url: z.string().regex(/^(mysql:\/\/|mariadb:\/\/|postgres(ql)?:\/\/|sqlite:)/, 'mysql://…, postgres://… or sqlite:<path>'), write: z.boolean().default(false) }).strict()).default({}),
      maxRows: z.number().int().min(1).max(100_000).default(1000),
      chatRows: z.number().int().min(1).max(50).default(10),
      /** Most bytes of row data one statement's result may bring in (default 4 MiB, in exec/sql-action). */
      maxBytes: z.number().int().min(64 * 1024).max(256 * 1024 * 1024).optional(),
    })
    .strict()
    .default({ connections: {}, maxRows: 1000, chatRows: 10 }),
  /** Remote runners: one silent for lapseMs loses its runs (interrupted, retried per policy). */
  runners: z.object({ lapseMs: z.coerce.number().int().min(500).max(600_000).default(30_000) }).strict().default({ lapseMs: 30_000 }),
  /** The operator (console, API, CLI): the one name they are shown by in history and chat, never @-mentioned (CHATCRON_OPERATOR_NAME). */
  operator: z
    .object({ name: z.string().trim().min(1, 'a name, e.g. console').max(40, 'at most 40 characters').regex(/^[^@\s][^@\n]*$/, 'no @ and no line break: it is shown, never mentioned').default('console') })
    .strict()
    .default({ name: 'console' }),
}).strict().refine((c) => c.instanceLapseMs >= 2 * c.heartbeatMs, {
  message: 'must be at least twice heartbeatMs (a single late heartbeat must not make an instance look dead)',
  path: ['instanceLapseMs'],
});

/** Validated configuration. */
export type Config = z.infer<typeof configSchema>;
/** A named command as configured, normalised. */
export interface ActionSpec {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}
